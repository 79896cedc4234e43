using System.Collections.Immutable;
using System.Numerics;
using MlNetCnn.Data;

namespace MlNetCnn.Transforms;

/// <summary>
/// A trained per-slot normalization of one Single or Double column (scalar: one slot), applied by
/// <see cref="NormalizingTransformer"/>.
/// </summary>
internal abstract class NormalizerFunction
{
    /// <summary>The item type: Single or Double.</summary>
    public abstract NumberDataViewType ItemType { get; }

    /// <summary>The number of slots (1 for a scalar column).</summary>
    public abstract int Size { get; }

    /// <summary>Creates the getter of the normalized values of <paramref name="input"/>.</summary>
    public abstract Delegate MakeGetter(DataViewRow row, DataViewSchema.Column input);

    /// <summary>Writes the kind, the item type and the parameters.</summary>
    public abstract void Save(BinaryWriter writer);

    /// <summary>The public view of the parameters.</summary>
    public abstract NormalizingTransformer.NormalizerModelParametersBase GetParameters(bool isVector);

    /// <summary>Reads a function written by <see cref="Save"/>, checking every size.</summary>
    public static NormalizerFunction Load(ModelLoadContext ctx)
    {
        byte kind = ctx.Reader.ReadByte();
        byte item = ctx.Reader.ReadByte();
        return (kind, item) switch
        {
            (0, 0) => AffineFunction<float>.Read(ctx),
            (0, 1) => AffineFunction<double>.Read(ctx),
            (1, 0) => CdfFunction<float>.Read(ctx),
            (1, 1) => CdfFunction<double>.Read(ctx),
            _ => throw ctx.Corrupt($"unknown normalizer kind {kind} / item type {item}"),
        };
    }

    /// <summary>Writes values of <typeparamref name="T"/> (Single or Double) with a count.</summary>
    protected static void WriteValues<T>(BinaryWriter writer, T[] values)
        where T : IFloatingPointIeee754<T>
    {
        writer.Write(values.Length);
        foreach (var v in values)
        {
            if (typeof(T) == typeof(float))
            {
                writer.Write(float.CreateTruncating(v));
            }
            else
            {
                writer.Write(double.CreateTruncating(v));
            }
        }
    }

    /// <summary>Reads values written by <see cref="WriteValues{T}"/>.</summary>
    protected static T[] ReadValues<T>(ModelLoadContext ctx, int expectedCount)
        where T : IFloatingPointIeee754<T>
    {
        int size = typeof(T) == typeof(float) ? 4 : 8;
        int n = ctx.ReadCount("normalizer parameter count", int.MaxValue, size);
        if (expectedCount >= 0 && n != expectedCount)
        {
            throw ctx.Corrupt($"a normalizer has {n} parameters where {expectedCount} were expected");
        }

        var values = new T[n];
        for (int i = 0; i < n; i++)
        {
            values[i] = typeof(T) == typeof(float) ? T.CreateTruncating(ctx.Reader.ReadSingle()) : T.CreateTruncating(ctx.Reader.ReadDouble());
        }

        return values;
    }

    /// <summary>The number type of <typeparamref name="T"/>.</summary>
    protected static NumberDataViewType TypeOf<T>() => typeof(T) == typeof(float) ? NumberDataViewType.Single : NumberDataViewType.Double;

    /// <summary>Creates a getter applying <paramref name="map"/> slot by slot (vectors are densified).</summary>
    protected static Delegate MakeSlotGetter<T>(DataViewRow row, DataViewSchema.Column input, Func<T, int, T> map)
    {
        if (input.Type is VectorDataViewType)
        {
            var src = row.GetGetter<VBuffer<T>>(input);
            VBuffer<T> buffer = default;
            return (ValueGetter<VBuffer<T>>)((ref VBuffer<T> dst) =>
            {
                src(ref buffer);
                var editor = VBufferEditor.Create(ref dst, buffer.Length);
                buffer.CopyTo(editor.Values);
                for (int i = 0; i < editor.Values.Length; i++)
                {
                    editor.Values[i] = map(editor.Values[i], i);
                }

                dst = editor.Commit();
            });
        }

        var scalar = row.GetGetter<T>(input);
        T value = default!;
        return (ValueGetter<T>)((ref T dst) =>
        {
            scalar(ref value);
            dst = map(value, 0);
        });
    }
}

/// <summary>
/// A normalization of <typeparamref name="T"/> values with two parameters per slot, applied slot by slot: saved as
/// its kind byte, its item-type byte (0 Single, 1 Double), then the two parameter vectors.
/// </summary>
internal abstract class SlotwiseFunction<T> : NormalizerFunction
    where T : IFloatingPointIeee754<T>
{
    private readonly byte _kind;

    protected SlotwiseFunction(byte kind, T[] first, T[] second)
    {
        _kind = kind;
        First = first;
        Second = second;
    }

    public override NumberDataViewType ItemType => TypeOf<T>();

    public override int Size => First.Length;

    /// <summary>The first parameter vector (one value per slot).</summary>
    protected T[] First { get; }

    /// <summary>The second parameter vector (as long as the first).</summary>
    protected T[] Second { get; }

    public override Delegate MakeGetter(DataViewRow row, DataViewSchema.Column input)
        => MakeSlotGetter<T>(row, input, Apply);

    public override void Save(BinaryWriter writer)
    {
        writer.Write(_kind);
        writer.Write((byte)(typeof(T) == typeof(float) ? 0 : 1));
        WriteValues(writer, First);
        WriteValues(writer, Second);
    }

    /// <summary>Reads the two parameter vectors written by <see cref="Save"/> (after the kind and item-type bytes);
    /// the second must be as long as the first.</summary>
    protected static (T[] First, T[] Second) ReadParameters(ModelLoadContext ctx)
    {
        var first = ReadValues<T>(ctx, -1);
        return (first, ReadValues<T>(ctx, first.Length));
    }

    /// <summary>The normalized value of <paramref name="x"/> in slot <paramref name="slot"/>.</summary>
    protected abstract T Apply(T x, int slot);
}

/// <summary>y = (x - offset) * scale per slot (offset 0 with fixZero).</summary>
internal sealed class AffineFunction<T> : SlotwiseFunction<T>
    where T : IFloatingPointIeee754<T>
{
    public AffineFunction(T[] scale, T[] offset)
        : base(0, scale, offset)
    {
    }

    public T[] Scale => First;

    public T[] Offset => Second;

    public static AffineFunction<T> Read(ModelLoadContext ctx)
    {
        var (scale, offset) = ReadParameters(ctx);
        return new AffineFunction<T>(scale, offset);
    }

    public override NormalizingTransformer.NormalizerModelParametersBase GetParameters(bool isVector)
        => isVector
            ? new NormalizingTransformer.AffineNormalizerModelParameters<ImmutableArray<T>>(Scale.ToImmutableArray(), Offset.ToImmutableArray())
            : new NormalizingTransformer.AffineNormalizerModelParameters<T>(Scale[0], Offset[0]);

    protected override T Apply(T x, int slot) => (x - Offset[slot]) * Scale[slot];
}

/// <summary>y = Phi((x - mean) / stddev) per slot, Phi the standard normal CDF; 0 for a constant slot.</summary>
internal sealed class CdfFunction<T> : SlotwiseFunction<T>
    where T : IFloatingPointIeee754<T>
{
    public CdfFunction(T[] mean, T[] stddev)
        : base(1, mean, stddev)
    {
    }

    public T[] Mean => First;

    public T[] StandardDeviation => Second;

    public static CdfFunction<T> Read(ModelLoadContext ctx)
    {
        var (mean, stddev) = ReadParameters(ctx);
        return new CdfFunction<T>(mean, stddev);
    }

    public override NormalizingTransformer.NormalizerModelParametersBase GetParameters(bool isVector)
        => isVector
            ? new NormalizingTransformer.CdfNormalizerModelParameters<ImmutableArray<T>>(Mean.ToImmutableArray(), StandardDeviation.ToImmutableArray(), false)
            : new NormalizingTransformer.CdfNormalizerModelParameters<T>(Mean[0], StandardDeviation[0], false);

    protected override T Apply(T x, int slot)
    {
        if (T.IsNaN(x))
        {
            return x;
        }

        var std = StandardDeviation[slot];
        if (!(std > T.Zero))
        {
            return T.Zero;
        }

        double z = (double.CreateTruncating(x) - double.CreateTruncating(Mean[slot])) / double.CreateTruncating(std);
        return T.CreateTruncating(NormalCdf.Phi(z));
    }
}

/// <summary>The standard normal cumulative distribution function.</summary>
internal static class NormalCdf
{
    /// <summary>Phi(z) = erfc(-z / sqrt 2) / 2, accurate to about 1e-15 absolute.</summary>
    public static double Phi(double z) => 0.5 * Erfc(-z / Math.Sqrt(2));

    /// <summary>The complementary error function: a Taylor series of erf for |x| &lt; 3, a continued fraction
    /// (evaluated by the modified Lentz method) for larger |x|.</summary>
    public static double Erfc(double x)
    {
        if (double.IsNaN(x))
        {
            return double.NaN;
        }

        if (Math.Abs(x) < 3)
        {
            // erf x = 2/sqrt(pi) * sum_n (-1)^n x^(2n+1) / (n! (2n+1))
            double term = x, sum = x, x2 = x * x;
            for (int n = 1; n < 200 && Math.Abs(term) > 1e-17 * Math.Abs(sum); n++)
            {
                term *= -x2 / n;
                sum += term / (2 * n + 1);
            }

            return 1 - 2 / Math.Sqrt(Math.PI) * sum;
        }

        if (x < 0)
        {
            return 2 - Erfc(-x);
        }

        // erfc x = exp(-x^2)/sqrt(pi) * 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + 2/(x + ...)))))
        const double tiny = 1e-300;
        double f = x, c = x, d = 0;
        for (int k = 1; k < 500; k++)
        {
            double a = k * 0.5;
            d = x + a * d;
            d = Math.Abs(d) < tiny ? tiny : d;
            c = x + a / c;
            c = Math.Abs(c) < tiny ? tiny : c;
            d = 1 / d;
            double delta = c * d;
            f *= delta;
            if (Math.Abs(delta - 1) < 1e-16)
            {
                break;
            }
        }

        return Math.Exp(-x * x) / Math.Sqrt(Math.PI) / f;
    }
}
