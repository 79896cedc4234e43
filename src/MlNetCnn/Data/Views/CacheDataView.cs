namespace MlNetCnn;

/// <summary>
/// Caches a data view in memory. The first cursor reads every column of the source once, in the source's order;
/// later cursors read from memory (and can return rows in a random order).
/// </summary>
internal sealed class CacheDataView : IDataView
{
    private readonly IDataView _source;
    private readonly object _lock = new();
    private InMemoryDataView? _cache;

    public CacheDataView(IDataView source)
    {
        ArgumentNullException.ThrowIfNull(source);
        _source = source;
    }

    public bool CanShuffle => true;

    public DataViewSchema Schema => _source.Schema;

    /// <summary>Null until the cache has been filled, then the row count.</summary>
    public long? GetRowCount() => _cache?.GetRowCount() ?? _source.GetRowCount();

    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null)
        => Fill().GetRowCursor(columnsNeeded, rand);

    public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null)
        => new[] { GetRowCursor(columnsNeeded, rand) };

    /// <summary>Fills the cache if needed and returns it.</summary>
    internal InMemoryDataView Fill()
    {
        if (_cache != null)
        {
            return _cache;
        }

        lock (_lock)
        {
            return _cache ??= InMemoryDataView.Materialize(_source);
        }
    }
}
