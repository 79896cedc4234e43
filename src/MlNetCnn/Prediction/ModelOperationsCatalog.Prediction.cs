using MlNetCnn.Data;

namespace MlNetCnn;

public sealed partial class ModelOperationsCatalog
{
    /// <summary>Creates a prediction engine for single predictions (not thread safe; see
    /// <see cref="PredictionEngine{TSrc,TDst}"/>).</summary>
    /// <typeparam name="TSrc">The input class.</typeparam>
    /// <typeparam name="TDst">The output class.</typeparam>
    /// <param name="transformer">The model; every step must be a row-to-row mapper.</param>
    /// <param name="ignoreMissingColumns">Whether output members without a matching column are ignored.</param>
    /// <param name="inputSchemaDefinition">An optional explicit mapping of the input class.</param>
    /// <param name="outputSchemaDefinition">An optional explicit mapping of the output class.</param>
    /// <returns>The engine.</returns>
    public PredictionEngine<TSrc, TDst> CreatePredictionEngine<TSrc, TDst>(
        ITransformer transformer,
        bool ignoreMissingColumns = true,
        SchemaDefinition? inputSchemaDefinition = null,
        SchemaDefinition? outputSchemaDefinition = null)
        where TSrc : class
        where TDst : class, new()
        => new(transformer, ignoreMissingColumns, inputSchemaDefinition, outputSchemaDefinition, null, ownsTransformer: true);

    /// <summary>Creates a prediction engine whose input column types and annotations come from
    /// <paramref name="inputSchema"/> (typically the schema returned by <see cref="Load(string, out DataViewSchema)"/>),
    /// matched to the members of <typeparamref name="TSrc"/> by column name.</summary>
    /// <typeparam name="TSrc">The input class.</typeparam>
    /// <typeparam name="TDst">The output class.</typeparam>
    /// <param name="transformer">The model.</param>
    /// <param name="inputSchema">The input schema.</param>
    /// <returns>The engine.</returns>
    public PredictionEngine<TSrc, TDst> CreatePredictionEngine<TSrc, TDst>(ITransformer transformer, DataViewSchema inputSchema)
        where TSrc : class
        where TDst : class, new()
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        return new(transformer, true, null, null, inputSchema, ownsTransformer: true);
    }

    /// <summary>Creates a prediction engine with options.</summary>
    /// <typeparam name="TSrc">The input class.</typeparam>
    /// <typeparam name="TDst">The output class.</typeparam>
    /// <param name="transformer">The model.</param>
    /// <param name="options">The options.</param>
    /// <returns>The engine.</returns>
    public PredictionEngine<TSrc, TDst> CreatePredictionEngine<TSrc, TDst>(ITransformer transformer, PredictionEngineOptions options)
        where TSrc : class
        where TDst : class, new()
    {
        ArgumentNullException.ThrowIfNull(options);
        return new(transformer, options.IgnoreMissingColumns, options.InputSchemaDefinition, options.OutputSchemaDefinition, null, options.OwnsTransformer);
    }
}
