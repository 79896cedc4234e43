namespace MlNetCnn.Data;

/// <summary>
/// Says which column(s) of a text file a field or property is loaded from (0-based source indices).
/// </summary>
[AttributeUsage(AttributeTargets.Field | AttributeTargets.Property, AllowMultiple = false, Inherited = true)]
public sealed class LoadColumnAttribute : Attribute
{
    /// <summary>Loads the member from one source column.</summary>
    /// <param name="fieldIndex">The 0-based index of the source column.</param>
    public LoadColumnAttribute(int fieldIndex)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(fieldIndex);
        Sources = new[] { (fieldIndex, fieldIndex) };
    }

    /// <summary>Loads the member (a vector) from the source columns <paramref name="start"/> to
    /// <paramref name="end"/>, both included: <paramref name="end"/> - <paramref name="start"/> + 1 values.</summary>
    /// <param name="start">The first source column.</param>
    /// <param name="end">The last source column (inclusive).</param>
    public LoadColumnAttribute(int start, int end)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(start);
        if (end < start)
        {
            throw new ArgumentOutOfRangeException(nameof(end), end, $"The end index must not be before the start index {start}.");
        }

        Sources = new[] { (start, end) };
    }

    /// <summary>Loads the member (a vector) from the listed source columns, in that order.</summary>
    /// <param name="columnIndexes">The 0-based source column indices.</param>
    public LoadColumnAttribute(int[] columnIndexes)
    {
        ArgumentNullException.ThrowIfNull(columnIndexes);
        if (columnIndexes.Length == 0 || columnIndexes.Any(i => i < 0))
        {
            throw new ArgumentException("At least one non-negative column index is required.", nameof(columnIndexes));
        }

        Sources = columnIndexes.Select(i => (i, i)).ToArray();
    }

    /// <summary>The inclusive ranges of source columns.</summary>
    internal (int Min, int Max)[] Sources { get; }
}

/// <summary>
/// Sets the data view column name of a field or property (by default the member name).
/// </summary>
[AttributeUsage(AttributeTargets.Field | AttributeTargets.Property, AllowMultiple = false, Inherited = true)]
public sealed class ColumnNameAttribute : Attribute
{
    /// <summary>Creates the attribute.</summary>
    /// <param name="name">The column name.</param>
    public ColumnNameAttribute(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        Name = name;
    }

    /// <summary>The column name.</summary>
    internal string Name { get; }
}

/// <summary>
/// Marks an array (or <see cref="VBuffer{T}"/>) member as a vector column of known dimensions; without it the vector
/// has variable length.
/// </summary>
[AttributeUsage(AttributeTargets.Field | AttributeTargets.Property, AllowMultiple = false, Inherited = true)]
public sealed class VectorTypeAttribute : Attribute
{
    /// <summary>A variable-length vector.</summary>
    public VectorTypeAttribute()
    {
        Dims = new[] { 0 };
    }

    /// <summary>A vector of fixed size.</summary>
    /// <param name="size">The number of items.</param>
    public VectorTypeAttribute(int size)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(size);
        Dims = new[] { size };
    }

    /// <summary>A multi-dimensional vector (stored flat, row-major: the last dimension varies fastest).</summary>
    /// <param name="dimensions">The dimensions, for example (28, 28, 1) for a 28x28 single-channel image.</param>
    public VectorTypeAttribute(params int[] dimensions)
    {
        ArgumentNullException.ThrowIfNull(dimensions);
        if (dimensions.Length == 0 || dimensions.Any(d => d < 0))
        {
            throw new ArgumentException("Vector dimensions must be non-negative and at least one must be given.", nameof(dimensions));
        }

        Dims = (int[])dimensions.Clone();
    }

    /// <summary>The dimensions.</summary>
    public int[] Dims { get; }

    /// <summary>The number of items, the product of <see cref="Dims"/> (0 = variable).</summary>
    internal int Size => Dims.Aggregate(1, (a, b) => checked(a * b));
}

/// <summary>
/// Marks an unsigned integer member as a key column with <c>count</c> valid keys (1..count, 0 = missing).
/// </summary>
[AttributeUsage(AttributeTargets.Field | AttributeTargets.Property, AllowMultiple = false, Inherited = true)]
public sealed class KeyTypeAttribute : Attribute
{
    /// <summary>Creates the attribute.</summary>
    /// <param name="count">The number of valid keys; must be positive.</param>
    public KeyTypeAttribute(ulong count)
    {
        if (count == 0)
        {
            throw new ArgumentOutOfRangeException(nameof(count), "The key count must be positive.");
        }

        KeyCount = count;
    }

    /// <summary>The number of valid keys.</summary>
    internal ulong KeyCount { get; }
}

/// <summary>
/// Excludes a field or property from the data view.
/// </summary>
[AttributeUsage(AttributeTargets.Field | AttributeTargets.Property, AllowMultiple = false, Inherited = true)]
public sealed class NoColumnAttribute : Attribute
{
}
