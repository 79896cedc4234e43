using MlNetCnn.Data;

namespace MlNetCnn;

/// <summary>Skips the first <c>skip</c> rows of a view and then returns at most <c>take</c> rows.</summary>
internal sealed class SkipTakeDataView : IDataView
{
    private readonly IDataView _source;
    private readonly long _skip;
    private readonly long _take;

    public SkipTakeDataView(IDataView source, long skip, long take)
    {
        _source = source;
        _skip = skip;
        _take = take;
    }

    public bool CanShuffle => false;

    public DataViewSchema Schema => _source.Schema;

    public long? GetRowCount()
    {
        long? n = _source.GetRowCount();
        return n.HasValue ? Math.Min(Math.Max(n.Value - _skip, 0), _take) : null;
    }

    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null)
        => new Cursor(_source.GetRowCursor(columnsNeeded), _skip, _take);

    public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null)
        => new[] { GetRowCursor(columnsNeeded, rand) };

    private sealed class Cursor : DataViewRowCursor
    {
        private readonly DataViewRowCursor _input;
        private long _toSkip;
        private readonly long _take;
        private long _position = -1;
        private bool _done;

        public Cursor(DataViewRowCursor input, long skip, long take)
        {
            _input = input;
            _toSkip = skip;
            _take = take;
        }

        public override long Position => _position;

        public override long Batch => _input.Batch;

        public override DataViewSchema Schema => _input.Schema;

        public override bool MoveNext()
        {
            while (!_done && _toSkip > 0)
            {
                _toSkip--;
                _done = !_input.MoveNext();
            }

            if (_done || _position + 1 >= _take || !_input.MoveNext())
            {
                _done = true;
                _position = -1;
                return false;
            }

            _position++;
            return true;
        }

        public override ValueGetter<DataViewRowId> GetIdGetter() => _input.GetIdGetter();

        public override bool IsColumnActive(DataViewSchema.Column column) => _input.IsColumnActive(column);

        public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column) => _input.GetGetter<TValue>(column);

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
