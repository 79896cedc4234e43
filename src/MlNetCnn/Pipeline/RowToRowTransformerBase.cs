namespace MlNetCnn.Data;

/// <summary>
/// Base of transformers whose work is a row-to-row mapping: <see cref="Transform"/>, <see cref="GetOutputSchema"/>
/// and <see cref="GetRowToRowMapper"/> all come from one mapper per input schema.
/// </summary>
/// <remarks>Only components of this library derive from it (its constructor is not accessible outside), as in
/// ML.NET. A mapper must give every row it creates its own buffers: the same transformer serves many prediction
/// engines at once.</remarks>
public abstract class RowToRowTransformerBase : ITransformer
{
    private protected RowToRowTransformerBase()
    {
    }

    /// <summary>Always true: the transformation works row by row.</summary>
    public bool IsRowToRowMapper => true;

    /// <summary>Computes the output schema, validating the input columns.</summary>
    /// <param name="inputSchema">The input schema.</param>
    /// <returns>The output schema.</returns>
    public DataViewSchema GetOutputSchema(DataViewSchema inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        return MakeRowMapper(inputSchema).OutputSchema;
    }

    /// <summary>Applies the transformation lazily.</summary>
    /// <param name="input">The input data.</param>
    /// <returns>The transformed data.</returns>
    public IDataView Transform(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return new RowToRowMappedDataView(input, MakeRowMapper(input.Schema));
    }

    /// <summary>Returns the row-to-row mapper for an input schema.</summary>
    /// <param name="inputSchema">The input schema.</param>
    /// <returns>The mapper.</returns>
    public IRowToRowMapper GetRowToRowMapper(DataViewSchema inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        return MakeRowMapper(inputSchema);
    }

    /// <inheritdoc/>
    void ICanSaveModel.Save(ModelSaveContext ctx)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        SaveModel(ctx);
    }

    /// <summary>Creates the mapper for an input schema, validating it (throw <see cref="ArgumentOutOfRangeException"/>
    /// or <see cref="InvalidOperationException"/> naming the column when a column is missing or mistyped).</summary>
    private protected abstract IRowToRowMapper MakeRowMapper(DataViewSchema inputSchema);

    /// <summary>Writes the transformer into its model folder.</summary>
    private protected abstract void SaveModel(ModelSaveContext ctx);
}
