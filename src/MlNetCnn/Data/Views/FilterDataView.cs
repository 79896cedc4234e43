using MlNetCnn.Data;

namespace MlNetCnn;

/// <summary>Keeps the rows of a view for which a predicate is true. The predicate may read extra columns; they are
/// requested from the source but stay inactive for the caller.</summary>
internal sealed class FilterDataView : IDataView
{
    private readonly IDataView _source;
    private readonly DataViewSchema.Column[] _predicateColumns;
    private readonly Func<DataViewRow, Func<bool>> _makePredicate;

    /// <param name="source">The view to filter.</param>
    /// <param name="predicateColumns">Columns the predicate reads.</param>
    /// <param name="makePredicate">Creates, for a cursor, a function that tells whether its current row is kept.</param>
    public FilterDataView(IDataView source, IEnumerable<DataViewSchema.Column> predicateColumns, Func<DataViewRow, Func<bool>> makePredicate)
    {
        _source = source;
        _predicateColumns = predicateColumns.ToArray();
        _makePredicate = makePredicate;
    }

    public bool CanShuffle => _source.CanShuffle;

    public DataViewSchema Schema => _source.Schema;

    public long? GetRowCount() => null;

    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null)
    {
        var active = RowHelpers.GetActiveMask(Schema, columnsNeeded);
        var input = _source.GetRowCursor(Schema.Where(c => active[c.Index]).Concat(_predicateColumns).Distinct(), rand);
        return new Cursor(input, active, _makePredicate(input));
    }

    public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null)
        => new[] { GetRowCursor(columnsNeeded, rand) };

    private sealed class Cursor : DataViewRowCursor
    {
        private readonly DataViewRowCursor _input;
        private readonly bool[] _active;
        private readonly Func<bool> _keep;
        private long _position = -1;

        public Cursor(DataViewRowCursor input, bool[] active, Func<bool> keep)
        {
            _input = input;
            _active = active;
            _keep = keep;
        }

        public override long Position => _position;

        public override long Batch => _input.Batch;

        public override DataViewSchema Schema => _input.Schema;

        public override bool MoveNext()
        {
            while (_input.MoveNext())
            {
                if (_keep())
                {
                    _position++;
                    return true;
                }
            }

            _position = -1;
            return false;
        }

        public override ValueGetter<DataViewRowId> GetIdGetter() => _input.GetIdGetter();

        public override bool IsColumnActive(DataViewSchema.Column column)
        {
            Schema.CheckColumn(column, nameof(column));
            return _active[column.Index];
        }

        public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
        {
            Schema.CheckColumn(column, nameof(column));
            if (!_active[column.Index])
            {
                return RowHelpers.CastGetter<TValue>(null, column);
            }

            return _input.GetGetter<TValue>(column);
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _input.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
