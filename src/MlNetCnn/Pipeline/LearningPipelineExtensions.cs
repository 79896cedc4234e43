using MlNetCnn.Data;
using MlNetCnn.Runtime;

namespace MlNetCnn;

/// <summary>
/// The <c>Append</c> extension methods that build estimator and transformer chains.
/// </summary>
public static class LearningPipelineExtensions
{
    /// <summary>Starts (or extends) an estimator chain and marks a cache checkpoint after <paramref name="start"/>.</summary>
    /// <typeparam name="TTrans">The transformer type of <paramref name="start"/>.</typeparam>
    /// <param name="start">The estimator.</param>
    /// <param name="env">The environment (the <see cref="MLContext"/>).</param>
    /// <returns>A chain whose output is cached before the next estimator trains.</returns>
    public static EstimatorChain<TTrans> AppendCacheCheckpoint<TTrans>(this IEstimator<TTrans> start, IHostEnvironment env)
        where TTrans : class, ITransformer
    {
        ArgumentNullException.ThrowIfNull(start);
        return new EstimatorChain<ITransformer>().Append(start).AppendCacheCheckpoint(env);
    }

    /// <summary>Creates an estimator chain of <paramref name="start"/> followed by <paramref name="estimator"/>
    /// (when <paramref name="start"/> is already an <see cref="EstimatorChain{TLastTransformer}"/> of
    /// <see cref="ITransformer"/>, it is extended instead).</summary>
    /// <typeparam name="TTrans">The transformer type of <paramref name="estimator"/>.</typeparam>
    /// <param name="start">The first estimator.</param>
    /// <param name="estimator">The estimator to append.</param>
    /// <param name="scope">The scope of the appended step.</param>
    /// <returns>The chain.</returns>
    public static EstimatorChain<TTrans> Append<TTrans>(this IEstimator<ITransformer> start, IEstimator<TTrans> estimator, TransformerScope scope = TransformerScope.Everything)
        where TTrans : class, ITransformer
    {
        ArgumentNullException.ThrowIfNull(start);
        ArgumentNullException.ThrowIfNull(estimator);
        if (start is EstimatorChain<ITransformer> chain)
        {
            return chain.Append(estimator, scope);
        }

        return new EstimatorChain<ITransformer>().Append(start).Append(estimator, scope);
    }

    /// <summary>Creates a transformer chain of <paramref name="start"/> followed by <paramref name="transformer"/>.</summary>
    /// <typeparam name="TTrans">The type of <paramref name="transformer"/>.</typeparam>
    /// <param name="start">The first transformer.</param>
    /// <param name="transformer">The transformer to append.</param>
    /// <returns>The chain.</returns>
    public static TransformerChain<TTrans> Append<TTrans>(this ITransformer start, TTrans transformer)
        where TTrans : class, ITransformer
    {
        ArgumentNullException.ThrowIfNull(start);
        ArgumentNullException.ThrowIfNull(transformer);
        return new TransformerChain<TTrans>(start, transformer);
    }
}
