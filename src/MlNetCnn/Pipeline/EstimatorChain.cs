using MlNetCnn.Runtime;

namespace MlNetCnn.Data;

/// <summary>
/// A sequence of estimators trained one after the other: each is fitted on the output of the transformers fitted
/// before it. Built with <c>Append</c>.
/// </summary>
/// <typeparam name="TLastTransformer">The type of transformer the last estimator produces.</typeparam>
public sealed class EstimatorChain<TLastTransformer> : IEstimator<TransformerChain<TLastTransformer>>
    where TLastTransformer : class, ITransformer
{
    private readonly IEstimator<ITransformer>[] _estimators;
    private readonly TransformerScope[] _scopes;
    private readonly bool[] _needCacheAfter;

    /// <summary>The last estimator of the chain (null for an empty chain).</summary>
    public readonly IEstimator<TLastTransformer> LastEstimator;

    /// <summary>Creates an empty chain.</summary>
    public EstimatorChain()
        : this(Array.Empty<IEstimator<ITransformer>>(), Array.Empty<TransformerScope>(), Array.Empty<bool>())
    {
    }

    private EstimatorChain(IEstimator<ITransformer>[] estimators, TransformerScope[] scopes, bool[] needCacheAfter)
    {
        _estimators = estimators;
        _scopes = scopes;
        _needCacheAfter = needCacheAfter;
        LastEstimator = estimators.Length == 0 ? null! : (IEstimator<TLastTransformer>)estimators[^1];
    }

    /// <summary>Trains every estimator in order. Estimator i is fitted on the input transformed by the transformers
    /// 0..i-1 (cached when a cache checkpoint follows step i-1).</summary>
    /// <param name="input">The training data.</param>
    /// <returns>The chain of trained transformers.</returns>
    public TransformerChain<TLastTransformer> Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        GetOutputSchema(SchemaShape.Create(input.Schema));
        var data = input;
        var transformers = new ITransformer[_estimators.Length];
        for (int i = 0; i < _estimators.Length; i++)
        {
            transformers[i] = _estimators[i].Fit(data);
            if (i < _estimators.Length - 1)
            {
                data = transformers[i].Transform(data);
                if (_needCacheAfter[i])
                {
                    data = new CacheDataView(data);
                }
            }
        }

        return new TransformerChain<TLastTransformer>(transformers, _scopes);
    }

    /// <inheritdoc/>
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        var s = inputSchema;
        foreach (var e in _estimators)
        {
            s = e.GetOutputSchema(s);
        }

        return s;
    }

    /// <summary>Returns a new chain with <paramref name="estimator"/> appended.</summary>
    /// <typeparam name="TNewTrans">The type of transformer the new estimator produces.</typeparam>
    /// <param name="estimator">The estimator to append.</param>
    /// <param name="scope">The scope of the new step in the fitted chain.</param>
    /// <returns>The new chain; this one is unchanged.</returns>
    public EstimatorChain<TNewTrans> Append<TNewTrans>(IEstimator<TNewTrans> estimator, TransformerScope scope = TransformerScope.Everything)
        where TNewTrans : class, ITransformer
    {
        ArgumentNullException.ThrowIfNull(estimator);
        return new EstimatorChain<TNewTrans>(
            _estimators.Append(estimator).ToArray(),
            _scopes.Append(scope).ToArray(),
            _needCacheAfter.Append(false).ToArray());
    }

    /// <summary>Caches the data produced by the steps so far, so that the following estimators (typically a trainer
    /// that makes many passes) read it from memory.</summary>
    /// <param name="env">The environment (the <see cref="MLContext"/>).</param>
    /// <returns>The new chain (or this one when it is empty or already cached at this point).</returns>
    public EstimatorChain<TLastTransformer> AppendCacheCheckpoint(IHostEnvironment env)
    {
        ArgumentNullException.ThrowIfNull(env);
        if (_estimators.Length == 0 || _needCacheAfter[^1])
        {
            return this;
        }

        var cache = (bool[])_needCacheAfter.Clone();
        cache[^1] = true;
        return new EstimatorChain<TLastTransformer>(_estimators, _scopes, cache);
    }
}
