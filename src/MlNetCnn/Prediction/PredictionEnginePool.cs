using System.Collections.Concurrent;

namespace MlNetCnn;

/// <summary>
/// A thread-safe source of predictions: keeps a pool of <see cref="PredictionEngine{TSrc,TDst}"/> instances over one
/// model so that many threads can predict at once (the role of <c>PredictionEnginePool</c> from ML.NET's
/// <c>Microsoft.Extensions.ML</c> package, without the dependency-injection registration).
/// </summary>
/// <typeparam name="TData">The input class.</typeparam>
/// <typeparam name="TPrediction">The output class.</typeparam>
/// <remarks>
/// <see cref="Predict"/> takes an engine from the pool (creating one when the pool is empty), predicts, and returns the
/// engine; at most <c>maximumRetained</c> idle engines are kept. Engines share the model, whose transformers are
/// immutable; each engine has its own buffers. Manual use: <see cref="GetPredictionEngine"/>, then
/// <see cref="ReturnPredictionEngine"/> from the same or another thread.
/// </remarks>
public sealed class PredictionEnginePool<TData, TPrediction> : IDisposable
    where TData : class
    where TPrediction : class, new()
{
    private readonly MLContext _context;
    private readonly ITransformer _model;
    private readonly ConcurrentBag<PredictionEngine<TData, TPrediction>> _idle = new();
    private readonly int _maximumRetained;
    private readonly bool _ownsModel;
    private int _idleCount;
    private volatile bool _disposed;

    /// <summary>Creates a pool over a model.</summary>
    /// <param name="mlContext">The context.</param>
    /// <param name="model">The model; it must stay usable while the pool is used.</param>
    /// <param name="maximumRetained">The largest number of idle engines kept (default: twice the processor
    /// count).</param>
    public PredictionEnginePool(MLContext mlContext, ITransformer model, int? maximumRetained = null)
        : this(mlContext, model, maximumRetained, ownsModel: false)
    {
    }

    private PredictionEnginePool(MLContext mlContext, ITransformer model, int? maximumRetained, bool ownsModel)
    {
        ArgumentNullException.ThrowIfNull(mlContext);
        ArgumentNullException.ThrowIfNull(model);
        _context = mlContext;
        _model = model;
        _maximumRetained = maximumRetained ?? (2 * Environment.ProcessorCount);
        ArgumentOutOfRangeException.ThrowIfNegative(_maximumRetained, nameof(maximumRetained));
        _ownsModel = ownsModel;

        // Build one engine now so that a model that cannot serve TData/TPrediction fails here, not on first use.
        ReturnPredictionEngine(CreateEngine());
    }

    /// <summary>Creates a pool over a model file.</summary>
    /// <param name="mlContext">The context.</param>
    /// <param name="modelPath">The model file.</param>
    /// <param name="maximumRetained">The largest number of idle engines kept.</param>
    /// <returns>The pool; it disposes the model when disposed.</returns>
    public static PredictionEnginePool<TData, TPrediction> FromFile(MLContext mlContext, string modelPath, int? maximumRetained = null)
    {
        ArgumentNullException.ThrowIfNull(mlContext);
        var model = mlContext.Model.Load(modelPath, out _);
        return new PredictionEnginePool<TData, TPrediction>(mlContext, model, maximumRetained, ownsModel: true);
    }

    /// <summary>Returns the model the pool serves.</summary>
    /// <returns>The model.</returns>
    public ITransformer GetModel() => _model;

    /// <summary>Takes an engine for exclusive use; give it back with <see cref="ReturnPredictionEngine"/>.</summary>
    /// <returns>An engine.</returns>
    public PredictionEngine<TData, TPrediction> GetPredictionEngine()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_idle.TryTake(out var engine))
        {
            Interlocked.Decrement(ref _idleCount);
            return engine;
        }

        return CreateEngine();
    }

    /// <summary>Gives an engine back to the pool (or disposes it when the pool is full or disposed).</summary>
    /// <param name="engine">An engine obtained from <see cref="GetPredictionEngine"/>.</param>
    public void ReturnPredictionEngine(PredictionEngine<TData, TPrediction> engine)
    {
        ArgumentNullException.ThrowIfNull(engine);
        if (!_disposed && Interlocked.Increment(ref _idleCount) <= _maximumRetained)
        {
            _idle.Add(engine);
            return;
        }

        if (!_disposed)
        {
            Interlocked.Decrement(ref _idleCount);
        }

        engine.Dispose();
    }

    /// <summary>Predicts for one example; safe to call from many threads at once.</summary>
    /// <param name="example">The input.</param>
    /// <returns>A new output object.</returns>
    public TPrediction Predict(TData example)
    {
        var engine = GetPredictionEngine();
        try
        {
            return engine.Predict(example);
        }
        finally
        {
            ReturnPredictionEngine(engine);
        }
    }

    /// <summary>Disposes the idle engines (and the model when the pool loaded it from a file).</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        while (_idle.TryTake(out var engine))
        {
            engine.Dispose();
        }

        if (_ownsModel)
        {
            (_model as IDisposable)?.Dispose();
        }
    }

    private PredictionEngine<TData, TPrediction> CreateEngine()
        => _context.Model.CreatePredictionEngine<TData, TPrediction>(_model, new PredictionEngineOptions { OwnsTransformer = false });
}
