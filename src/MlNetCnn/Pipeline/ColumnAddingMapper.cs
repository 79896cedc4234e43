using MlNetCnn.Data;

namespace MlNetCnn;

/// <summary>
/// Base of row-to-row mappers that keep every input column and append computed columns (an appended column with the
/// name of an input column hides it). Most transformers and scorers derive from this.
/// </summary>
internal abstract class ColumnAddingMapper : IRowToRowMapper
{
    protected ColumnAddingMapper(DataViewSchema inputSchema, IReadOnlyList<DataViewSchema.DetachedColumn> addedColumns)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        ArgumentNullException.ThrowIfNull(addedColumns);
        InputSchema = inputSchema;
        AddedColumns = addedColumns;
        var builder = new DataViewSchema.Builder();
        builder.AddColumns(inputSchema);
        builder.AddColumns(addedColumns);
        OutputSchema = builder.ToSchema();
    }

    /// <inheritdoc/>
    public DataViewSchema InputSchema { get; }

    /// <inheritdoc/>
    public DataViewSchema OutputSchema { get; }

    /// <summary>The appended columns, in output order.</summary>
    protected IReadOnlyList<DataViewSchema.DetachedColumn> AddedColumns { get; }

    /// <summary>Returns the input columns needed to compute added column <paramref name="addedIndex"/>.</summary>
    protected abstract IEnumerable<DataViewSchema.Column> GetInputDependencies(int addedIndex);

    /// <summary>Creates the getter of added column <paramref name="addedIndex"/> reading from <paramref name="input"/>.
    /// The returned delegate must be a <see cref="ValueGetter{TValue}"/> of the column's raw type.</summary>
    protected abstract Delegate MakeGetter(DataViewRow input, int addedIndex);

    /// <inheritdoc/>
    public IEnumerable<DataViewSchema.Column> GetDependencies(IEnumerable<DataViewSchema.Column> dependingColumns)
    {
        var needed = new HashSet<int>();
        foreach (var c in dependingColumns)
        {
            OutputSchema.CheckColumn(c, nameof(dependingColumns));
            if (c.Index < InputSchema.Count)
            {
                needed.Add(c.Index);
            }
            else
            {
                foreach (var d in GetInputDependencies(c.Index - InputSchema.Count))
                {
                    needed.Add(d.Index);
                }
            }
        }

        return needed.OrderBy(i => i).Select(i => InputSchema[i]).ToArray();
    }

    /// <inheritdoc/>
    public DataViewRow GetRow(DataViewRow input, IEnumerable<DataViewSchema.Column> activeColumns)
    {
        ArgumentNullException.ThrowIfNull(input);
        var active = RowHelpers.GetActiveMask(OutputSchema, activeColumns);
        var getters = new Delegate?[AddedColumns.Count];
        for (int i = 0; i < getters.Length; i++)
        {
            if (active[InputSchema.Count + i])
            {
                getters[i] = MakeGetter(input, i);
            }
        }

        return new Row(this, input, active, getters);
    }

    private sealed class Row : DataViewRow
    {
        private readonly ColumnAddingMapper _parent;
        private readonly DataViewRow _input;
        private readonly bool[] _active;
        private readonly Delegate?[] _getters;

        public Row(ColumnAddingMapper parent, DataViewRow input, bool[] active, Delegate?[] getters)
        {
            _parent = parent;
            _input = input;
            _active = active;
            _getters = getters;
        }

        public override long Position => _input.Position;

        public override long Batch => _input.Batch;

        public override DataViewSchema Schema => _parent.OutputSchema;

        public override ValueGetter<DataViewRowId> GetIdGetter() => _input.GetIdGetter();

        public override bool IsColumnActive(DataViewSchema.Column column)
        {
            Schema.CheckColumn(column, nameof(column));
            int n = _parent.InputSchema.Count;
            return column.Index < n ? _active[column.Index] && _input.IsColumnActive(_parent.InputSchema[column.Index]) : _active[column.Index];
        }

        public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
        {
            Schema.CheckColumn(column, nameof(column));
            int n = _parent.InputSchema.Count;
            if (column.Index < n)
            {
                if (!_active[column.Index])
                {
                    return RowHelpers.CastGetter<TValue>(null, column);
                }

                return _input.GetGetter<TValue>(_parent.InputSchema[column.Index]);
            }

            return RowHelpers.CastGetter<TValue>(_getters[column.Index - n], column);
        }
    }
}
