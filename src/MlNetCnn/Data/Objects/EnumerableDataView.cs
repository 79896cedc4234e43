using MlNetCnn.Data;

namespace MlNetCnn;

/// <summary>A lazy data view over an <see cref="IEnumerable{T}"/> of objects: each cursor enumerates the sequence
/// again, and getters read the members of the current object.</summary>
/// <remarks>Rows can be returned in random order only when the sequence is an <see cref="IList{T}"/>.</remarks>
internal sealed class EnumerableDataView<TRow> : IDataView
    where TRow : class
{
    private readonly IEnumerable<TRow> _data;
    private readonly RowTypeMapping<TRow> _mapping;

    public EnumerableDataView(IEnumerable<TRow> data, RowTypeMapping<TRow> mapping)
    {
        _data = data;
        _mapping = mapping;
    }

    public bool CanShuffle => _data is IList<TRow>;

    public DataViewSchema Schema => _mapping.Schema;

    public long? GetRowCount() => _data switch
    {
        ICollection<TRow> c => c.Count,
        IReadOnlyCollection<TRow> c => c.Count,
        _ => null,
    };

    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null)
    {
        var active = RowHelpers.GetActiveMask(Schema, columnsNeeded);
        IEnumerable<(long, TRow)> rows = _data.Select((row, i) => ((long)i, row));
        if (rand != null && _data is IList<TRow> list)
        {
            var order = Enumerable.Range(0, list.Count).ToArray();
            rand.Shuffle(order);
            rows = order.Select(i => ((long)i, list[i]));
        }

        return new Cursor(this, rows.GetEnumerator(), active);
    }

    public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null)
        => new[] { GetRowCursor(columnsNeeded, rand) };

    private sealed class Cursor : DataViewRowCursor
    {
        private readonly EnumerableDataView<TRow> _parent;
        private readonly IEnumerator<(long Index, TRow Row)> _rows;
        private readonly Delegate?[] _getters;
        private TRow? _current;
        private long _position = -1;
        private long _sourceIndex;
        private bool _done;

        public Cursor(EnumerableDataView<TRow> parent, IEnumerator<(long Index, TRow Row)> rows, bool[] active)
        {
            _parent = parent;
            _rows = rows;
            _getters = new Delegate?[active.Length];
            for (int i = 0; i < active.Length; i++)
            {
                if (active[i])
                {
                    _getters[i] = parent._mapping.Bindings[i].CreateGetter(Current);
                }
            }
        }

        public override long Position => _position;

        public override long Batch => 0;

        public override DataViewSchema Schema => _parent.Schema;

        public override bool MoveNext()
        {
            if (_done || !_rows.MoveNext())
            {
                _done = true;
                _position = -1;
                _current = null;
                return false;
            }

            _position++;
            _sourceIndex = _rows.Current.Index;
            _current = _rows.Current.Row ?? throw new InvalidOperationException($"Row {_sourceIndex} of the enumerable is null.");
            return true;
        }

        public override ValueGetter<DataViewRowId> GetIdGetter()
            => (ref DataViewRowId id) => id = RowHelpers.IdFromPosition(_sourceIndex);

        public override bool IsColumnActive(DataViewSchema.Column column)
        {
            Schema.CheckColumn(column, nameof(column));
            return _getters[column.Index] != null;
        }

        public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
        {
            Schema.CheckColumn(column, nameof(column));
            return RowHelpers.CastGetter<TValue>(_getters[column.Index], column);
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _rows.Dispose();
            }

            base.Dispose(disposing);
        }

        private TRow Current()
            => _current ?? throw new InvalidOperationException("The cursor is not on a row: call MoveNext first (and check it returned true).");
    }
}
