using System.Collections.Immutable;

namespace MlNetCnn.Data;

/// <summary>
/// A vector type: a fixed- or variable-length vector of a primitive item type, held in a <see cref="VBuffer{T}"/>.
/// </summary>
/// <remarks>
/// <see cref="Size"/> is the product of <see cref="Dimensions"/>; 0 means the length varies from row to row.
/// Multi-dimensional vectors are stored flat in row-major order: the last dimension varies fastest, so an image of
/// dimensions (H, W, C) stores pixel (y, x, c) at index (y * W + x) * C + c.
/// </remarks>
public sealed class VectorDataViewType : StructuredDataViewType
{
    /// <summary>Creates a one-dimensional vector type.</summary>
    /// <param name="itemType">The item type.</param>
    /// <param name="size">The length, or 0 for a variable-length vector.</param>
    public VectorDataViewType(PrimitiveDataViewType itemType, int size = 0)
        : base(MakeRawType(itemType))
    {
        ArgumentOutOfRangeException.ThrowIfNegative(size);
        ItemType = itemType;
        Size = size;
        Dimensions = ImmutableArray.Create(size);
    }

    /// <summary>Creates a multi-dimensional vector type.</summary>
    /// <param name="itemType">The item type.</param>
    /// <param name="dimensions">The dimensions, outermost first. All must be positive, except that a single 0
    /// dimension list means variable length.</param>
    public VectorDataViewType(PrimitiveDataViewType itemType, params int[] dimensions)
        : this(itemType, ImmutableArray.Create(dimensions ?? throw new ArgumentNullException(nameof(dimensions))))
    {
    }

    /// <summary>Creates a multi-dimensional vector type.</summary>
    /// <param name="itemType">The item type.</param>
    /// <param name="dimensions">The dimensions, outermost first.</param>
    public VectorDataViewType(PrimitiveDataViewType itemType, ImmutableArray<int> dimensions)
        : base(MakeRawType(itemType))
    {
        ItemType = itemType;
        if (dimensions.IsDefaultOrEmpty)
        {
            Dimensions = ImmutableArray.Create(0);
            Size = 0;
            return;
        }

        long size = 1;
        foreach (int d in dimensions)
        {
            if (d < 0)
            {
                throw new ArgumentOutOfRangeException(nameof(dimensions), "Vector dimensions must not be negative.");
            }

            size *= d;
            if (size > int.MaxValue)
            {
                throw new ArgumentOutOfRangeException(nameof(dimensions), "The vector size (product of the dimensions) exceeds int.MaxValue.");
            }
        }

        Dimensions = dimensions;
        Size = (int)size;
    }

    /// <summary>The type of each item.</summary>
    public PrimitiveDataViewType ItemType { get; }

    /// <summary>The dimensions, outermost first.</summary>
    public ImmutableArray<int> Dimensions { get; }

    /// <summary>The number of items (the product of the dimensions), or 0 for a variable-length vector.</summary>
    public int Size { get; }

    /// <summary>Whether every vector of this type has the same length (<see cref="Size"/> &gt; 0).</summary>
    public bool IsKnownSize => Size > 0;

    /// <inheritdoc/>
    public override bool Equals(DataViewType? other)
    {
        if (ReferenceEquals(other, this))
        {
            return true;
        }

        if (other is not VectorDataViewType v || !v.ItemType.Equals(ItemType) || v.Size != Size)
        {
            return false;
        }

        return v.Dimensions.AsSpan().SequenceEqual(Dimensions.AsSpan());
    }

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is DataViewType other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(ItemType);
        foreach (int d in Dimensions)
        {
            hash.Add(d);
        }

        return hash.ToHashCode();
    }

    /// <inheritdoc/>
    public override string ToString()
        => Size == 0 ? $"Vector<{ItemType}>" : $"Vector<{ItemType}, {string.Join(", ", Dimensions)}>";

    private static Type MakeRawType(PrimitiveDataViewType itemType)
    {
        ArgumentNullException.ThrowIfNull(itemType);
        return typeof(VBuffer<>).MakeGenericType(itemType.RawType);
    }
}
