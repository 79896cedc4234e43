namespace MlNetCnn.Data;

/// <summary>
/// The item types a <see cref="TextLoader.Column"/> can load. The numeric values are part of the contract.
/// </summary>
public enum DataKind : byte
{
    /// <summary><see cref="sbyte"/>.</summary>
    SByte = 1,

    /// <summary><see cref="byte"/>.</summary>
    Byte = 2,

    /// <summary><see cref="short"/>.</summary>
    Int16 = 3,

    /// <summary><see cref="ushort"/>.</summary>
    UInt16 = 4,

    /// <summary><see cref="int"/>.</summary>
    Int32 = 5,

    /// <summary><see cref="uint"/>.</summary>
    UInt32 = 6,

    /// <summary><see cref="long"/>.</summary>
    Int64 = 7,

    /// <summary><see cref="ulong"/>.</summary>
    UInt64 = 8,

    /// <summary><see cref="float"/>.</summary>
    Single = 9,

    /// <summary><see cref="double"/>.</summary>
    Double = 10,

    /// <summary>Text (<see cref="ReadOnlyMemory{T}"/> of <see cref="char"/>).</summary>
    String = 11,

    /// <summary><see cref="bool"/>.</summary>
    Boolean = 12,

    /// <summary><see cref="System.TimeSpan"/>.</summary>
    TimeSpan = 13,

    /// <summary><see cref="System.DateTime"/>.</summary>
    DateTime = 14,

    /// <summary><see cref="System.DateTimeOffset"/>.</summary>
    DateTimeOffset = 15,
}

/// <summary>
/// The number of keys of a key column loaded by a <see cref="TextLoader"/>.
/// </summary>
public sealed class KeyCount
{
    /// <summary>An unknown key count (not supported by this loader: give a count).</summary>
    public KeyCount()
    {
    }

    /// <summary>A key column with <paramref name="count"/> keys.</summary>
    /// <param name="count">The number of keys.</param>
    public KeyCount(ulong count)
    {
        Count = count;
    }

    /// <summary>The number of keys.</summary>
    public ulong? Count;
}
