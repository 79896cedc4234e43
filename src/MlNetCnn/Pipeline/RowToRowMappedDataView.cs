using MlNetCnn.Data;

namespace MlNetCnn;

/// <summary>A lazy data view that applies a row-to-row mapper to every row of a source view.</summary>
internal sealed class RowToRowMappedDataView : IDataView
{
    private readonly IDataView _source;
    private readonly IRowToRowMapper _mapper;

    public RowToRowMappedDataView(IDataView source, IRowToRowMapper mapper)
    {
        _source = source;
        _mapper = mapper;
    }

    public bool CanShuffle => _source.CanShuffle;

    public DataViewSchema Schema => _mapper.OutputSchema;

    public long? GetRowCount() => _source.GetRowCount();

    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null)
    {
        var needed = columnsNeeded.ToArray();
        var dependencies = _mapper.GetDependencies(needed);
        var cursor = _source.GetRowCursor(dependencies, rand);
        return new Cursor(cursor, _mapper.GetRow(cursor, needed));
    }

    public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null)
        => new[] { GetRowCursor(columnsNeeded, rand) };

    private sealed class Cursor : DataViewRowCursor
    {
        private readonly DataViewRowCursor _source;
        private readonly DataViewRow _row;

        public Cursor(DataViewRowCursor source, DataViewRow row)
        {
            _source = source;
            _row = row;
        }

        public override long Position => _source.Position;

        public override long Batch => _source.Batch;

        public override DataViewSchema Schema => _row.Schema;

        public override bool MoveNext() => _source.MoveNext();

        public override ValueGetter<DataViewRowId> GetIdGetter() => _source.GetIdGetter();

        public override bool IsColumnActive(DataViewSchema.Column column) => _row.IsColumnActive(column);

        public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column) => _row.GetGetter<TValue>(column);

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _row.Dispose();
                _source.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
