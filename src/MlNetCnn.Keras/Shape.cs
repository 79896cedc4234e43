using System.Globalization;

namespace MlNetCnn.Keras;

/// <summary>
/// A per-sample shape without the batch dimension, e.g. (28, 28, 1) for grayscale 28x28 images or 784 for vectors,
/// as Keras's <c>input_shape</c> takes it. Converts implicitly from an int, from tuples of 2 to 4 ints and from an
/// int array, so <c>inputShape: (28, 28, 1)</c> and <c>inputShape: 784</c> both work.
/// </summary>
public readonly struct Shape : IEquatable<Shape>
{
    private readonly int[]? _dims;

    /// <summary>Creates a shape; every dimension must be positive.</summary>
    /// <exception cref="ArgumentException">No dimensions, or one is not positive.</exception>
    public Shape(params int[] dimensions)
    {
        ArgumentNullException.ThrowIfNull(dimensions);
        if (dimensions.Length == 0) throw new ArgumentException("A shape needs at least one dimension.", nameof(dimensions));
        foreach (int d in dimensions)
            if (d <= 0) throw new ArgumentException($"Every dimension of a shape must be positive, got {Format(dimensions)}.", nameof(dimensions));
        _dims = (int[])dimensions.Clone();
    }

    /// <summary>The dimensions (a copy).</summary>
    public int[] Dimensions => _dims is null ? Array.Empty<int>() : (int[])_dims.Clone();

    /// <summary>The number of dimensions.</summary>
    public int Rank => _dims?.Length ?? 0;

    /// <summary>The dimension at <paramref name="index"/>.</summary>
    public int this[int index] => (_dims ?? Array.Empty<int>())[index];

    /// <summary>A one-dimensional shape (features).</summary>
    public static implicit operator Shape(int length) => new(length);

    /// <summary>A two-dimensional shape.</summary>
    public static implicit operator Shape((int, int) dims) => new(dims.Item1, dims.Item2);

    /// <summary>A three-dimensional shape, e.g. (height, width, channels).</summary>
    public static implicit operator Shape((int, int, int) dims) => new(dims.Item1, dims.Item2, dims.Item3);

    /// <summary>A four-dimensional shape.</summary>
    public static implicit operator Shape((int, int, int, int) dims) => new(dims.Item1, dims.Item2, dims.Item3, dims.Item4);

    /// <summary>A shape from an array of dimensions.</summary>
    public static implicit operator Shape(int[] dims) => new(dims);

    /// <summary>Equal when the dimensions are equal.</summary>
    public bool Equals(Shape other) => (_dims ?? Array.Empty<int>()).AsSpan().SequenceEqual(other._dims ?? Array.Empty<int>());

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is Shape s && Equals(s);

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (int d in _dims ?? Array.Empty<int>()) hash.Add(d);
        return hash.ToHashCode();
    }

    /// <summary>Equality of dimensions.</summary>
    public static bool operator ==(Shape left, Shape right) => left.Equals(right);

    /// <summary>Inequality of dimensions.</summary>
    public static bool operator !=(Shape left, Shape right) => !left.Equals(right);

    /// <summary>Formats as (28, 28, 1).</summary>
    public override string ToString() => Format(_dims ?? Array.Empty<int>());

    internal static string Format(IReadOnlyList<int> dims) =>
        "(" + string.Join(", ", dims.Select(d => d.ToString(CultureInfo.InvariantCulture))) + ")";

    /// <summary>Keras's notation with the batch dimension first: (None, 28, 28, 1).</summary>
    internal static string FormatBatch(IReadOnlyList<int> dims) =>
        "(None" + string.Concat(dims.Select(d => ", " + d.ToString(CultureInfo.InvariantCulture))) + ")";

    internal int[] Raw => _dims ?? throw new InvalidOperationException("The shape is empty (a default Shape value).");
}
