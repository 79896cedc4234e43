namespace MlNetCnn;

/// <summary>
/// A component that can be written into a model file.
/// </summary>
public interface ICanSaveModel
{
    /// <summary>Writes the component into <paramref name="ctx"/>.</summary>
    /// <param name="ctx">The save context: the component's folder inside the model file.</param>
    void Save(ModelSaveContext ctx);
}

/// <summary>
/// A trained, immutable data transformation: maps a data view to another data view, lazily.
/// </summary>
public interface ITransformer : ICanSaveModel
{
    /// <summary>Whether <see cref="GetRowToRowMapper"/> is supported: every output row depends only on the matching
    /// input row. Required by <see cref="PredictionEngine{TSrc,TDst}"/>.</summary>
    bool IsRowToRowMapper { get; }

    /// <summary>Computes the output schema for an input schema, checking that the input is acceptable.</summary>
    /// <param name="inputSchema">The schema of the data that would be transformed.</param>
    /// <returns>The schema of the transformed data.</returns>
    DataViewSchema GetOutputSchema(DataViewSchema inputSchema);

    /// <summary>Applies the transformation. Lazy: only the schema is checked now; rows are computed when a cursor
    /// reads them.</summary>
    /// <param name="input">The data to transform.</param>
    /// <returns>The transformed data view.</returns>
    IDataView Transform(IDataView input);

    /// <summary>Returns a mapper that transforms single rows of <paramref name="inputSchema"/>.</summary>
    /// <param name="inputSchema">The input schema.</param>
    /// <returns>The row-to-row mapper.</returns>
    /// <exception cref="InvalidOperationException"><see cref="IsRowToRowMapper"/> is false.</exception>
    IRowToRowMapper GetRowToRowMapper(DataViewSchema inputSchema);
}

/// <summary>
/// An untrained component that learns a transformer from data.
/// </summary>
/// <typeparam name="TTransformer">The type of transformer it produces.</typeparam>
public interface IEstimator<out TTransformer>
    where TTransformer : ITransformer
{
    /// <summary>Trains on <paramref name="input"/> and returns the transformer.</summary>
    /// <param name="input">The training data.</param>
    /// <returns>The trained transformer.</returns>
    TTransformer Fit(IDataView input);

    /// <summary>Computes the shape of the output schema before training, checking the input shape.</summary>
    /// <param name="inputSchema">The shape of the training data's schema.</param>
    /// <returns>The shape of the output schema.</returns>
    SchemaShape GetOutputSchema(SchemaShape inputSchema);
}

/// <summary>
/// Maps one input row to one output row; obtained from <see cref="ITransformer.GetRowToRowMapper"/>.
/// </summary>
public interface IRowToRowMapper
{
    /// <summary>The schema of the input rows.</summary>
    DataViewSchema InputSchema { get; }

    /// <summary>The schema of the output rows.</summary>
    DataViewSchema OutputSchema { get; }

    /// <summary>Returns the input columns needed to compute <paramref name="dependingColumns"/> of the output.</summary>
    /// <param name="dependingColumns">Columns of <see cref="OutputSchema"/>.</param>
    /// <returns>Columns of <see cref="InputSchema"/>.</returns>
    IEnumerable<DataViewSchema.Column> GetDependencies(IEnumerable<DataViewSchema.Column> dependingColumns);

    /// <summary>Returns a row whose values are computed from the current values of <paramref name="input"/>.</summary>
    /// <param name="input">The input row; the columns returned by <see cref="GetDependencies"/> must be active.</param>
    /// <param name="activeColumns">The output columns that will be read.</param>
    /// <returns>The output row. Its values follow <paramref name="input"/> as it changes.</returns>
    DataViewRow GetRow(DataViewRow input, IEnumerable<DataViewSchema.Column> activeColumns);
}

/// <summary>
/// Creates data views from a source, for example text files.
/// </summary>
/// <typeparam name="TSource">The type of source.</typeparam>
public interface IDataLoader<in TSource> : ICanSaveModel
{
    /// <summary>Creates a data view over <paramref name="input"/>.</summary>
    /// <param name="input">The source.</param>
    /// <returns>The (lazy) data view.</returns>
    IDataView Load(TSource input);

    /// <summary>The schema of the data views this loader produces.</summary>
    /// <returns>The output schema.</returns>
    DataViewSchema GetOutputSchema();
}

/// <summary>
/// An estimator that trains a data loader.
/// </summary>
/// <typeparam name="TSource">The type of source.</typeparam>
/// <typeparam name="TLoader">The type of loader produced.</typeparam>
public interface IDataLoaderEstimator<in TSource, out TLoader>
    where TLoader : IDataLoader<TSource>
{
    /// <summary>Trains the loader.</summary>
    /// <param name="input">The source to learn from.</param>
    /// <returns>The loader.</returns>
    TLoader Fit(TSource input);

    /// <summary>The shape of the output schema.</summary>
    /// <returns>The shape.</returns>
    SchemaShape GetOutputSchema();
}
