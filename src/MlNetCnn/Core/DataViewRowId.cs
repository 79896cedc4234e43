namespace MlNetCnn.Data;

/// <summary>
/// A 128-bit row identifier, as returned by <see cref="DataViewRow.GetIdGetter"/>.
/// </summary>
/// <remarks>Ordering and equality compare <see cref="High"/> first, then <see cref="Low"/>.</remarks>
public readonly struct DataViewRowId : IComparable<DataViewRowId>, IEquatable<DataViewRowId>
{
    /// <summary>The low 64 bits.</summary>
    public readonly ulong Low;

    /// <summary>The high 64 bits.</summary>
    public readonly ulong High;

    /// <summary>Creates an id from its two halves.</summary>
    /// <param name="low">The low 64 bits.</param>
    /// <param name="high">The high 64 bits.</param>
    public DataViewRowId(ulong low, ulong high)
    {
        Low = low;
        High = high;
    }

    /// <inheritdoc/>
    public override string ToString() => $"0x{High:X16}{Low:X16}";

    /// <inheritdoc/>
    public int CompareTo(DataViewRowId other)
    {
        int c = High.CompareTo(other.High);
        return c != 0 ? c : Low.CompareTo(other.Low);
    }

    /// <inheritdoc/>
    public bool Equals(DataViewRowId other) => Low == other.Low && High == other.High;

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is DataViewRowId other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Low, High);

    /// <summary>Equality.</summary>
    /// <param name="left">The left id.</param>
    /// <param name="right">The right id.</param>
    /// <returns>Whether both halves are equal.</returns>
    public static bool operator ==(DataViewRowId left, DataViewRowId right) => left.Equals(right);

    /// <summary>Inequality.</summary>
    /// <param name="left">The left id.</param>
    /// <param name="right">The right id.</param>
    /// <returns>Whether any half differs.</returns>
    public static bool operator !=(DataViewRowId left, DataViewRowId right) => !left.Equals(right);

    /// <summary>Ordering.</summary>
    /// <param name="left">The left id.</param>
    /// <param name="right">The right id.</param>
    /// <returns>Whether <paramref name="left"/> sorts before <paramref name="right"/>.</returns>
    public static bool operator <(DataViewRowId left, DataViewRowId right) => left.CompareTo(right) < 0;

    /// <summary>Ordering.</summary>
    /// <param name="left">The left id.</param>
    /// <param name="right">The right id.</param>
    /// <returns>Whether <paramref name="left"/> sorts after <paramref name="right"/>.</returns>
    public static bool operator >(DataViewRowId left, DataViewRowId right) => left.CompareTo(right) > 0;

    /// <summary>Ordering.</summary>
    /// <param name="left">The left id.</param>
    /// <param name="right">The right id.</param>
    /// <returns>Whether <paramref name="left"/> does not sort after <paramref name="right"/>.</returns>
    public static bool operator <=(DataViewRowId left, DataViewRowId right) => left.CompareTo(right) <= 0;

    /// <summary>Ordering.</summary>
    /// <param name="left">The left id.</param>
    /// <param name="right">The right id.</param>
    /// <returns>Whether <paramref name="left"/> does not sort before <paramref name="right"/>.</returns>
    public static bool operator >=(DataViewRowId left, DataViewRowId right) => left.CompareTo(right) >= 0;
}
