namespace MlNetCnn;

/// <summary>
/// Base of transformers whose work is a row-to-row mapping: <see cref="Transform"/>, <see cref="GetOutputSchema"/>
/// and <see cref="GetRowToRowMapper"/> all come from <see cref="MakeRowMapper"/>.
/// </summary>
internal abstract class RowToRowTransformerBase : ITransformer
{
    /// <inheritdoc/>
    public bool IsRowToRowMapper => true;

    /// <summary>Creates the mapper for an input schema, validating it (throw <see cref="ArgumentOutOfRangeException"/>
    /// or <see cref="InvalidOperationException"/> with the column name when a column is missing or mistyped).</summary>
    protected abstract IRowToRowMapper MakeRowMapper(DataViewSchema inputSchema);

    /// <inheritdoc/>
    public DataViewSchema GetOutputSchema(DataViewSchema inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        return MakeRowMapper(inputSchema).OutputSchema;
    }

    /// <inheritdoc/>
    public IDataView Transform(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return new RowToRowMappedDataView(input, MakeRowMapper(input.Schema));
    }

    /// <inheritdoc/>
    public IRowToRowMapper GetRowToRowMapper(DataViewSchema inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        return MakeRowMapper(inputSchema);
    }

    /// <inheritdoc/>
    public abstract void Save(ModelSaveContext ctx);
}
