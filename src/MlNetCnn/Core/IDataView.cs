namespace MlNetCnn;

/// <summary>
/// A delegate that reads the value of one column of the current row into <paramref name="value"/>.
/// </summary>
/// <typeparam name="TValue">The raw type of the column (<see cref="Data.DataViewType.RawType"/>).</typeparam>
/// <param name="value">The destination. Passed by reference so that buffers (for example the arrays inside a
/// <see cref="Data.VBuffer{T}"/>) can be reused from one row to the next.</param>
public delegate void ValueGetter<TValue>(ref TValue value);

/// <summary>
/// The central data abstraction: a lazy, read-only, schematized table that is read through cursors.
/// </summary>
/// <remarks>
/// A data view is lazy: creating it (through a loader or <see cref="ITransformer.Transform(IDataView)"/>) only checks
/// the schema; rows are produced when a cursor is moved. A data view may be read many times and by several cursors
/// at once.
/// </remarks>
public interface IDataView
{
    /// <summary>Whether this view can produce its rows in a random order (see the <c>rand</c> argument of
    /// <see cref="GetRowCursor"/>).</summary>
    bool CanShuffle { get; }

    /// <summary>The schema (columns, types and annotations) of every row of this view.</summary>
    DataViewSchema Schema { get; }

    /// <summary>Returns the number of rows if it is known cheaply (O(1)), otherwise <see langword="null"/>.</summary>
    /// <returns>The row count, or <see langword="null"/> when it is unknown.</returns>
    long? GetRowCount();

    /// <summary>
    /// Creates a cursor over the rows in which only <paramref name="columnsNeeded"/> are active.
    /// </summary>
    /// <param name="columnsNeeded">The columns to read. An empty sequence is legal and activates no column.
    /// Asking a cursor for the getter of an inactive column throws.</param>
    /// <param name="rand">When not <see langword="null"/> and <see cref="CanShuffle"/> is true, rows are returned in a
    /// random order drawn from this generator.</param>
    /// <returns>A new cursor, positioned before the first row.</returns>
    DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null);

    /// <summary>
    /// Creates up to <paramref name="n"/> cursors that together return every row exactly once.
    /// </summary>
    /// <param name="columnsNeeded">The columns to activate on every cursor.</param>
    /// <param name="n">A suggested number of cursors; an implementation may return fewer (often just one).</param>
    /// <param name="rand">An optional random generator, as in <see cref="GetRowCursor"/>.</param>
    /// <returns>The cursors; their <see cref="DataViewRow.Batch"/> values let a consumer restore the row order.</returns>
    DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null);
}
