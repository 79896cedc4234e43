using System.Numerics;
using MlNetCnn.Data;

namespace MlNetCnn.Transforms;

/// <summary>
/// Accumulates the statistics of one column row by row and produces its <see cref="NormalizerFunction"/>.
/// </summary>
internal abstract class NormalizerTrainer
{
    /// <summary>Creates the action that adds the current row's value(s).</summary>
    public abstract Action MakeAdder(DataViewRow row, DataViewSchema.Column column);

    /// <summary>Computes the function from the statistics.</summary>
    public abstract NormalizerFunction Finish();

    /// <summary>Creates the trainer of a column.</summary>
    public static NormalizerTrainer Create(NormalizingEstimator.ColumnOptions options, DataViewType type)
    {
        int size = type is VectorDataViewType v ? v.Size : 1;
        bool isFloat = ReferenceEquals(type.GetItemType(), NumberDataViewType.Single);
        return options.Mode switch
        {
            NormalizingEstimator.Mode.MinMax => isFloat ? new MinMaxTrainer<float>(size, options.FixZero) : new MinMaxTrainer<double>(size, options.FixZero),
            _ => isFloat ? new MeanVarianceTrainer<float>(size, options.FixZero, options.UseCdf) : new MeanVarianceTrainer<double>(size, options.FixZero, options.UseCdf),
        };
    }

    /// <summary>Returns an action reading the current value of a scalar or vector column into a dense array.</summary>
    protected static Action<T[]> MakeReader<T>(DataViewRow row, DataViewSchema.Column column)
    {
        if (column.Type is VectorDataViewType)
        {
            var getter = row.GetGetter<VBuffer<T>>(column);
            VBuffer<T> buffer = default;
            return values =>
            {
                getter(ref buffer);
                buffer.CopyTo(values.AsSpan());
            };
        }

        var scalar = row.GetGetter<T>(column);
        return values => scalar(ref values[0]);
    }
}

/// <summary>
/// Min-max statistics in the column's own precision (as ML.NET): NaN values are ignored.
/// </summary>
/// <remarks>
/// With fixZero: offset = 0, scale = 1 / max(|min|, |max|). Without: offset = min, scale = 1 / (max - min). A slot
/// whose max is not greater than its min (constant, only NaNs, no rows) gets scale 0 (and offset 0), so its finite
/// values map to 0; when 1 / (max - min) underflows to 0 the offset is 0 too.
/// </remarks>
internal sealed class MinMaxTrainer<T> : NormalizerTrainer
    where T : IFloatingPointIeee754<T>
{
    private readonly T[] _min;
    private readonly T[] _max;
    private readonly T[] _values;
    private readonly bool _fixZero;

    public MinMaxTrainer(int size, bool fixZero)
    {
        _min = Enumerable.Repeat(T.PositiveInfinity, size).ToArray();
        _max = Enumerable.Repeat(T.NegativeInfinity, size).ToArray();
        _values = new T[size];
        _fixZero = fixZero;
    }

    public override Action MakeAdder(DataViewRow row, DataViewSchema.Column column)
    {
        var read = MakeReader<T>(row, column);
        return () =>
        {
            read(_values);
            for (int i = 0; i < _values.Length; i++)
            {
                var v = _values[i];
                if (v < _min[i])
                {
                    _min[i] = v;
                }

                if (v > _max[i])
                {
                    _max[i] = v;
                }
            }
        };
    }

    public override NormalizerFunction Finish()
    {
        var scale = new T[_min.Length];
        var offset = new T[_min.Length];
        for (int i = 0; i < scale.Length; i++)
        {
            (scale[i], offset[i]) = Compute(_fixZero, _min[i], _max[i]);
        }

        return new AffineFunction<T>(scale, offset);
    }

    /// <summary>ML.NET's min-max scale and offset of one slot.</summary>
    public static (T Scale, T Offset) Compute(bool fixZero, T min, T max)
    {
        if (!(max > min))
        {
            return (T.Zero, T.Zero);
        }

        if (fixZero)
        {
            return (T.One / T.Max(T.Abs(max), T.Abs(min)), T.Zero);
        }

        var scale = T.One / (max - min);
        return scale == T.Zero ? (scale, T.Zero) : (scale, min);
    }
}

/// <summary>
/// Mean and (population) variance per slot, accumulated in double over the finite values, zeros included (as
/// ML.NET: non-zero values by Welford's update, the zeros merged at the end).
/// </summary>
/// <remarks>
/// Affine (useCdf false): a slot with zero variance gets scale 0 and offset 0. With fixZero, offset = 0 and
/// scale = 1 / sqrt(variance + mean^2) (the root mean square); without, offset = mean and scale = 1 / stddev.
/// With useCdf, the output is Phi((x - mean) / stddev) and fixZero is ignored.
/// </remarks>
internal sealed class MeanVarianceTrainer<T> : NormalizerTrainer
    where T : IFloatingPointIeee754<T>
{
    private readonly double[] _mean;
    private readonly double[] _m2;
    private readonly long[] _nonZero;
    private readonly long[] _nonFinite;
    private readonly T[] _values;
    private readonly bool _fixZero;
    private readonly bool _useCdf;
    private long _rows;

    public MeanVarianceTrainer(int size, bool fixZero, bool useCdf)
    {
        _mean = new double[size];
        _m2 = new double[size];
        _nonZero = new long[size];
        _nonFinite = new long[size];
        _values = new T[size];
        _fixZero = fixZero;
        _useCdf = useCdf;
    }

    public override Action MakeAdder(DataViewRow row, DataViewSchema.Column column)
    {
        var read = MakeReader<T>(row, column);
        return () =>
        {
            read(_values);
            _rows++;
            for (int i = 0; i < _values.Length; i++)
            {
                double v = double.CreateTruncating(_values[i]);
                if (v == 0)
                {
                    continue;
                }

                if (!double.IsFinite(v))
                {
                    _nonFinite[i]++;
                    continue;
                }

                _nonZero[i]++;
                double delta = v - _mean[i];
                _mean[i] += delta / _nonZero[i];
                _m2[i] += delta * (v - _mean[i]);
            }
        };
    }

    public override NormalizerFunction Finish()
    {
        int size = _mean.Length;
        var a = new T[size];
        var b = new T[size];
        for (int i = 0; i < size; i++)
        {
            long zeros = _rows - _nonFinite[i] - _nonZero[i];
            long n = _nonZero[i] + zeros;
            double mean = _mean[i], m2 = _m2[i];
            if (zeros > 0 && n > 0)
            {
                m2 += mean * mean * _nonZero[i] * zeros / n;
                mean = mean * _nonZero[i] / n;
            }

            double variance = n > 0 ? m2 / n : 0;
            if (_useCdf)
            {
                (a[i], b[i]) = m2 == 0 ? (T.Zero, T.Zero) : (T.CreateTruncating(mean), T.CreateTruncating(Math.Sqrt(variance)));
            }
            else
            {
                (a[i], b[i]) = Affine(m2, mean, variance);
            }
        }

        return _useCdf ? new CdfFunction<T>(a, b) : new AffineFunction<T>(a, b);
    }

    private (T Scale, T Offset) Affine(double m2, double mean, double variance)
    {
        if (m2 == 0)
        {
            return (T.Zero, T.Zero);
        }

        if (_fixZero)
        {
            return (T.One / T.CreateTruncating(Math.Sqrt(variance + mean * mean)), T.Zero);
        }

        var scale = T.One / T.CreateTruncating(Math.Sqrt(variance));
        return scale == T.Zero ? (scale, T.Zero) : (scale, T.CreateTruncating(mean));
    }
}
