using MlNetCnn.Data;

namespace MlNetCnn;

/// <summary>
/// Runs a trained model on one object at a time: <see cref="Predict(TSrc)"/> maps an input object through the model
/// and returns the output object.
/// </summary>
/// <typeparam name="TSrc">The input class; its members are the model's input columns.</typeparam>
/// <typeparam name="TDst">The output class; its members are filled from the output columns with the same name.</typeparam>
/// <remarks>
/// <para>The row-to-row mapper of the model is built once, when the engine is created, together with all the
/// getters and buffers it needs; each prediction only runs them. For a <see cref="TransformerChain{TLastTransformer}"/>
/// only the steps whose scope includes <see cref="TransformerScope.Scoring"/> run.</para>
/// <para><b>Not thread safe</b>: an engine reuses its buffers from one call to the next. Use one engine per thread,
/// or a <see cref="PredictionEnginePool{TData,TPrediction}"/>.</para>
/// </remarks>
public sealed class PredictionEngine<TSrc, TDst> : IDisposable
    where TSrc : class
    where TDst : class, new()
{
    private readonly ITransformer _transformer;
    private readonly bool _ownsTransformer;
    private readonly ObjectRow<TSrc> _input;
    private readonly DataViewRow _output;
    private readonly Action<TDst> _fill;
    private bool _disposed;

    internal PredictionEngine(
        ITransformer transformer,
        bool ignoreMissingColumns,
        SchemaDefinition? inputSchemaDefinition,
        SchemaDefinition? outputSchemaDefinition,
        DataViewSchema? inputSchema,
        bool ownsTransformer)
    {
        ArgumentNullException.ThrowIfNull(transformer);
        _transformer = transformer;
        _ownsTransformer = ownsTransformer;
        var scoring = transformer is ITransformerChain chain ? chain.GetModelFor(TransformerScope.Scoring) : transformer;
        if (!scoring.IsRowToRowMapper)
        {
            throw new InvalidOperationException("The model cannot be used for single predictions: one of its steps is not a row-to-row mapper.");
        }

        _input = new ObjectRow<TSrc>(RowTypeMapping<TSrc>.Create(inputSchemaDefinition, inputSchema, SchemaDefinition.Direction.Read));
        var mapper = scoring.GetRowToRowMapper(_input.Schema);
        OutputSchema = mapper.OutputSchema;
        var filler = new ObjectFiller<TDst>(OutputSchema, ignoreMissingColumns, outputSchemaDefinition);
        _output = mapper.GetRow(_input, filler.Columns);
        _fill = filler.CreateFiller(_output);
    }

    /// <summary>The schema of the model's output rows.</summary>
    public DataViewSchema OutputSchema { get; }

    /// <summary>Predicts for one example, returning a new output object.</summary>
    /// <param name="example">The input.</param>
    /// <returns>The output.</returns>
    public TDst Predict(TSrc example)
    {
        var result = new TDst();
        Predict(example, ref result);
        return result;
    }

    /// <summary>Predicts for one example into an existing output object (its arrays are reused when their size
    /// fits).</summary>
    /// <param name="example">The input.</param>
    /// <param name="prediction">The output object to fill; a new one is created when null.</param>
    public void Predict(TSrc example, ref TDst prediction)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentNullException.ThrowIfNull(example);
        prediction ??= new TDst();
        _input.SetObject(example);
        _fill(prediction);
    }

    /// <summary>Releases the engine (and the model when the engine owns it and it is disposable).</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _output.Dispose();
        if (_ownsTransformer)
        {
            (_transformer as IDisposable)?.Dispose();
        }
    }
}

/// <summary>
/// Options of <see cref="ModelOperationsCatalog.CreatePredictionEngine{TSrc, TDst}(ITransformer, PredictionEngineOptions)"/>.
/// </summary>
public sealed class PredictionEngineOptions
{
    /// <summary>Whether output members without a matching column are ignored (otherwise an error).</summary>
    public bool IgnoreMissingColumns = true;

    /// <summary>An optional explicit mapping of the input class.</summary>
    public SchemaDefinition? InputSchemaDefinition;

    /// <summary>An optional explicit mapping of the output class.</summary>
    public SchemaDefinition? OutputSchemaDefinition;

    /// <summary>Whether disposing the engine disposes the model.</summary>
    public bool OwnsTransformer = true;
}
