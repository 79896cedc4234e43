namespace MlNetCnn;

/// <summary>A row-to-row mapper that applies a sequence of mappers (the mapper of a transformer chain).</summary>
internal sealed class CompositeRowToRowMapper : IRowToRowMapper
{
    private readonly IRowToRowMapper[] _mappers;

    public CompositeRowToRowMapper(DataViewSchema inputSchema, IEnumerable<IRowToRowMapper> mappers)
    {
        InputSchema = inputSchema;
        _mappers = mappers.ToArray();
        OutputSchema = _mappers.Length == 0 ? inputSchema : _mappers[^1].OutputSchema;
    }

    public DataViewSchema InputSchema { get; }

    public DataViewSchema OutputSchema { get; }

    public IEnumerable<DataViewSchema.Column> GetDependencies(IEnumerable<DataViewSchema.Column> dependingColumns)
    {
        var columns = dependingColumns;
        for (int i = _mappers.Length - 1; i >= 0; i--)
        {
            columns = _mappers[i].GetDependencies(columns);
        }

        return columns.ToArray();
    }

    public DataViewRow GetRow(DataViewRow input, IEnumerable<DataViewSchema.Column> activeColumns)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (_mappers.Length == 0)
        {
            return input;
        }

        // Work backwards to know which columns each stage must produce, then build the rows forwards.
        var needed = new IEnumerable<DataViewSchema.Column>[_mappers.Length];
        needed[^1] = activeColumns.ToArray();
        for (int i = _mappers.Length - 1; i > 0; i--)
        {
            needed[i - 1] = _mappers[i].GetDependencies(needed[i]).ToArray();
        }

        var row = input;
        for (int i = 0; i < _mappers.Length; i++)
        {
            row = _mappers[i].GetRow(row, needed[i]);
        }

        return row;
    }
}
