using MlNetCnn.Data;

namespace MlNetCnn;

/// <summary>A data view over columns held in memory; supports random order and reports its row count.</summary>
internal sealed class InMemoryDataView : IDataView
{
    private readonly ColumnStore[] _columns;
    private readonly int _rowCount;

    public InMemoryDataView(DataViewSchema schema, ColumnStore[] columns, int rowCount)
    {
        Schema = schema;
        _columns = columns;
        _rowCount = rowCount;
    }

    public bool CanShuffle => true;

    public DataViewSchema Schema { get; }

    public long? GetRowCount() => _rowCount;

    /// <summary>Reads all rows of <paramref name="source"/> into memory, in the source's order.</summary>
    public static InMemoryDataView Materialize(IDataView source)
    {
        var schema = source.Schema;
        var stores = schema.Select(c => ColumnStore.Create(c.Type)).ToArray();
        int count = 0;
        using (var cursor = source.GetRowCursor(schema))
        {
            var writers = schema.Select(c => stores[c.Index].CreateWriter(cursor, c)).ToArray();
            while (cursor.MoveNext())
            {
                if (count == int.MaxValue)
                {
                    throw new InvalidOperationException("Cannot hold more than int.MaxValue rows in memory.");
                }

                foreach (var write in writers)
                {
                    write(count);
                }

                count++;
            }
        }

        return new InMemoryDataView(schema, stores, count);
    }

    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null)
    {
        int[]? order = null;
        if (rand != null)
        {
            order = Enumerable.Range(0, _rowCount).ToArray();
            rand.Shuffle(order);
        }

        return new Cursor(this, RowHelpers.GetActiveMask(Schema, columnsNeeded), order);
    }

    public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null)
        => new[] { GetRowCursor(columnsNeeded, rand) };

    /// <summary>Creates a cursor that visits the rows in <paramref name="order"/> (indices into the stored rows).</summary>
    internal DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, int[] order)
        => new Cursor(this, RowHelpers.GetActiveMask(Schema, columnsNeeded), order);

    private sealed class Cursor : DataViewRowCursor
    {
        private readonly InMemoryDataView _parent;
        private readonly int[]? _order;
        private readonly Delegate?[] _getters;
        private readonly int _length;
        private long _position = -1;
        private int _row = -1;
        private bool _done;

        public Cursor(InMemoryDataView parent, bool[] active, int[]? order)
        {
            _parent = parent;
            _order = order;
            _length = order?.Length ?? parent._rowCount;
            _getters = new Delegate?[active.Length];
            for (int i = 0; i < active.Length; i++)
            {
                if (active[i])
                {
                    _getters[i] = parent._columns[i].CreateGetter(CurrentRow);
                }
            }
        }

        public override long Position => _position;

        public override long Batch => 0;

        public override DataViewSchema Schema => _parent.Schema;

        public override bool MoveNext()
        {
            if (_done || _position + 1 >= _length)
            {
                _done = true;
                _position = -1;
                _row = -1;
                return false;
            }

            _position++;
            _row = _order == null ? (int)_position : _order[_position];
            return true;
        }

        public override ValueGetter<DataViewRowId> GetIdGetter()
            => (ref DataViewRowId id) => id = RowHelpers.IdFromPosition(CurrentRow());

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

        private int CurrentRow()
            => _row >= 0 ? _row : throw new InvalidOperationException("The cursor is not on a row: call MoveNext first (and check it returned true).");
    }
}
