using MlNetCnn.Data;

namespace MlNetCnn;

/// <summary>
/// One row of a data view: a schema plus a typed getter per active column.
/// </summary>
public abstract class DataViewRow : IDisposable
{
    /// <summary>The zero-based index of the current row, or -1 before the first
    /// <see cref="DataViewRowCursor.MoveNext"/> and after the end.</summary>
    public abstract long Position { get; }

    /// <summary>A batch number; rows of a cursor set are put back in order by sorting on (<see cref="Batch"/>,
    /// <see cref="Position"/>). Zero for a lone cursor.</summary>
    public abstract long Batch { get; }

    /// <summary>The schema of this row.</summary>
    public abstract DataViewSchema Schema { get; }

    /// <summary>Returns a getter for a 128-bit identifier of the current row, unique within the data view.</summary>
    /// <returns>The id getter.</returns>
    public abstract ValueGetter<DataViewRowId> GetIdGetter();

    /// <summary>Whether <paramref name="column"/> is active, that is whether its getter may be requested.</summary>
    /// <param name="column">A column of <see cref="Schema"/>.</param>
    /// <returns><see langword="true"/> when the column is active.</returns>
    public abstract bool IsColumnActive(DataViewSchema.Column column);

    /// <summary>Returns a getter for <paramref name="column"/>.</summary>
    /// <typeparam name="TValue">Must be the column's <see cref="DataViewType.RawType"/>.</typeparam>
    /// <param name="column">A column of <see cref="Schema"/>.</param>
    /// <returns>A getter that reads the value of the current row.</returns>
    /// <exception cref="InvalidOperationException">The column is not active, or <typeparamref name="TValue"/> does not
    /// match its type.</exception>
    public abstract ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column);

    /// <summary>Releases the row and the resources it holds.</summary>
    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Releases resources; called by <see cref="Dispose()"/>.</summary>
    /// <param name="disposing"><see langword="true"/> when called from <see cref="Dispose()"/>.</param>
    protected virtual void Dispose(bool disposing)
    {
    }
}

/// <summary>
/// A row that can move forward through the rows of a data view.
/// </summary>
public abstract class DataViewRowCursor : DataViewRow
{
    /// <summary>Advances to the next row.</summary>
    /// <returns><see langword="false"/> when there are no more rows (then <see cref="DataViewRow.Position"/> is -1).</returns>
    public abstract bool MoveNext();
}
