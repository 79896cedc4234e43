namespace MlNetCnn.Data;

/// <summary>
/// A key type: an unsigned integer that indexes a set of <see cref="Count"/> values (for example class labels).
/// </summary>
/// <remarks>
/// Keys are <b>1-based</b>: valid keys run from 1 to <see cref="Count"/>, and 0 means "missing". The values the keys
/// stand for are usually carried by the <c>KeyValues</c> annotation of the column, in key order (the value of key k
/// is at index k - 1).
/// </remarks>
public sealed class KeyDataViewType : PrimitiveDataViewType
{
    /// <summary>Creates a key type.</summary>
    /// <param name="type">The raw type: <see cref="byte"/>, <see cref="ushort"/>, <see cref="uint"/> or
    /// <see cref="ulong"/>.</param>
    /// <param name="count">The number of valid keys; must be positive and fit in <paramref name="type"/>.</param>
    public KeyDataViewType(Type type, ulong count)
        : base(type)
    {
        if (!IsValidDataType(type))
        {
            throw new ArgumentException($"A key type must have raw type byte, ushort, uint or ulong, not {type.Name}.", nameof(type));
        }

        if (count == 0 || count > MaxCount(type))
        {
            throw new ArgumentOutOfRangeException(nameof(count), count, $"The key count must be in [1, {MaxCount(type)}] for raw type {type.Name}.");
        }

        Count = count;
    }

    /// <summary>Creates a key type.</summary>
    /// <param name="type">The raw type: <see cref="byte"/>, <see cref="ushort"/>, <see cref="uint"/> or
    /// <see cref="ulong"/>.</param>
    /// <param name="count">The number of valid keys; must be positive.</param>
    public KeyDataViewType(Type type, int count)
        : this(type, count > 0 ? (ulong)count : throw new ArgumentOutOfRangeException(nameof(count), count, "The key count must be positive."))
    {
    }

    /// <summary>The number of valid keys; keys run from 1 to <see cref="Count"/>.</summary>
    public ulong Count { get; }

    /// <summary>Whether <paramref name="type"/> can be the raw type of a key.</summary>
    /// <param name="type">A .NET type.</param>
    /// <returns><see langword="true"/> for <see cref="byte"/>, <see cref="ushort"/>, <see cref="uint"/> and
    /// <see cref="ulong"/>.</returns>
    public static bool IsValidDataType(Type type)
        => type == typeof(byte) || type == typeof(ushort) || type == typeof(uint) || type == typeof(ulong);

    /// <inheritdoc/>
    public override bool Equals(DataViewType? other)
        => ReferenceEquals(other, this) || (other is KeyDataViewType key && key.RawType == RawType && key.Count == Count);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is DataViewType other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(RawType, Count);

    /// <inheritdoc/>
    public override string ToString() => $"Key<{NumberDataViewType.FromRawType(RawType)}, 0-{Count - 1}>";

    private static ulong MaxCount(Type type)
    {
        if (type == typeof(byte)) return byte.MaxValue;
        if (type == typeof(ushort)) return ushort.MaxValue;
        if (type == typeof(uint)) return uint.MaxValue;
        return ulong.MaxValue;
    }
}
