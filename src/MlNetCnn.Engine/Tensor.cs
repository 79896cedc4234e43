using System.Globalization;

namespace MlNetCnn.Engine;

/// <summary>
/// A dense float32 array with a shape, row-major (the last dimension varies fastest). Images are NHWC.
/// It is the data type models take and return (Keras's NumPy arrays).
/// </summary>
public sealed class Tensor
{
    /// <summary>Wraps <paramref name="data"/> (not copied) with the given shape.</summary>
    /// <exception cref="ArgumentException">A dimension is not positive, or the data length is not the product of the dimensions.</exception>
    public Tensor(int[] shape, float[] data)
    {
        ArgumentNullException.ThrowIfNull(shape);
        ArgumentNullException.ThrowIfNull(data);
        long n = CheckedLength(shape);
        if (n != data.Length)
            throw new ArgumentException($"A tensor of shape {FormatShape(shape)} needs {n} values but {data.Length} were given.", nameof(data));
        Shape = (int[])shape.Clone();
        Data = data;
    }

    /// <summary>Allocates a zero-filled tensor of the given shape.</summary>
    public Tensor(params int[] shape) : this(shape, new float[CheckedLength(shape)])
    {
    }

    /// <summary>The dimensions; the first is the batch (number of samples) for model inputs.</summary>
    public int[] Shape { get; }

    /// <summary>The values, row-major.</summary>
    public float[] Data { get; }

    /// <summary>The number of values.</summary>
    public int Length => Data.Length;

    /// <summary>The number of dimensions.</summary>
    public int Rank => Shape.Length;

    /// <summary>The values of one sample (the first dimension indexes samples).</summary>
    public Span<float> Sample(int index)
    {
        int size = Length / Shape[0];
        if ((uint)index >= (uint)Shape[0]) throw new ArgumentOutOfRangeException(nameof(index), index, $"The tensor has {Shape[0]} samples.");
        return Data.AsSpan(index * size, size);
    }

    /// <summary>The element at the given multi-dimensional index.</summary>
    public float this[params int[] index]
    {
        get => Data[Offset(index)];
        set => Data[Offset(index)] = value;
    }

    /// <summary>A tensor sharing the data with a new shape of the same length.</summary>
    public Tensor Reshape(params int[] shape) => new(shape, Data);

    /// <summary>Formats a shape as (a, b, c).</summary>
    public static string FormatShape(IReadOnlyList<int> shape) =>
        "(" + string.Join(", ", shape.Select(d => d.ToString(CultureInfo.InvariantCulture))) + ")";

    /// <inheritdoc/>
    public override string ToString() => $"Tensor{FormatShape(Shape)}";

    private int Offset(int[] index)
    {
        if (index.Length != Shape.Length) throw new ArgumentException($"Expected {Shape.Length} indices, got {index.Length}.", nameof(index));
        int offset = 0;
        for (int i = 0; i < index.Length; i++)
        {
            if ((uint)index[i] >= (uint)Shape[i]) throw new IndexOutOfRangeException($"Index {index[i]} is outside dimension {i} of size {Shape[i]}.");
            offset = offset * Shape[i] + index[i];
        }
        return offset;
    }

    private static long CheckedLength(int[] shape)
    {
        ArgumentNullException.ThrowIfNull(shape);
        if (shape.Length == 0) throw new ArgumentException("A tensor needs at least one dimension.", nameof(shape));
        long n = 1;
        foreach (int d in shape)
        {
            if (d <= 0) throw new ArgumentException($"Every dimension must be positive; got {FormatShape(shape)}.", nameof(shape));
            n *= d;
            if (n > Array.MaxLength) throw new ArgumentException($"A tensor of shape {FormatShape(shape)} is too large.", nameof(shape));
        }
        return n;
    }
}
