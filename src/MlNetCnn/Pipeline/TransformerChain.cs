using System.Collections;

namespace MlNetCnn.Data;

/// <summary>
/// A sequence of transformers applied one after the other; what <see cref="EstimatorChain{TLastTransformer}.Fit"/>
/// returns and what <c>mlContext.Model.Load</c> returns.
/// </summary>
/// <typeparam name="TLastTransformer">The type of the last transformer, exposed as <see cref="LastTransformer"/>
/// (for example the trainer's prediction transformer).</typeparam>
public sealed class TransformerChain<TLastTransformer> : ITransformer, IEnumerable<ITransformer>, IDisposable, ITransformerChain
    where TLastTransformer : class, ITransformer
{
    internal const string LoaderSignature = "TransformerChain";
    private readonly ITransformer[] _transformers;
    private readonly TransformerScope[] _scopes;

    /// <summary>The last transformer of the chain (null for an empty chain).</summary>
    public readonly TLastTransformer LastTransformer;

    /// <summary>Creates a chain in which every step has scope <see cref="TransformerScope.Everything"/>.</summary>
    /// <param name="transformers">The steps; the last one must be a <typeparamref name="TLastTransformer"/>.</param>
    public TransformerChain(params ITransformer[] transformers)
        : this(transformers, transformers?.Select(_ => TransformerScope.Everything) ?? throw new ArgumentNullException(nameof(transformers)))
    {
    }

    /// <summary>Creates a chain with an explicit scope for each step.</summary>
    /// <param name="transformers">The steps; the last one must be a <typeparamref name="TLastTransformer"/>.</param>
    /// <param name="scopes">The scope of each step, same length as <paramref name="transformers"/>.</param>
    public TransformerChain(IEnumerable<ITransformer> transformers, IEnumerable<TransformerScope> scopes)
    {
        ArgumentNullException.ThrowIfNull(transformers);
        ArgumentNullException.ThrowIfNull(scopes);
        _transformers = transformers.ToArray();
        _scopes = scopes.ToArray();
        if (_transformers.Length != _scopes.Length)
        {
            throw new ArgumentException($"{_transformers.Length} transformers but {_scopes.Length} scopes.", nameof(scopes));
        }

        if (_transformers.Any(t => t == null))
        {
            throw new ArgumentException("A transformer chain cannot contain null steps.", nameof(transformers));
        }

        if (_transformers.Length == 0)
        {
            LastTransformer = null!;
        }
        else
        {
            LastTransformer = _transformers[^1] as TLastTransformer
                ?? throw new ArgumentException($"The last transformer is a {_transformers[^1].GetType().Name}, not a {typeof(TLastTransformer).Name}.", nameof(transformers));
        }
    }

    /// <summary>Whether every step is a row-to-row mapper (an empty chain is).</summary>
    public bool IsRowToRowMapper => _transformers.All(t => t.IsRowToRowMapper);

    /// <summary>The scopes of the steps, in order.</summary>
    internal IReadOnlyList<TransformerScope> Scopes => _scopes;

    /// <inheritdoc/>
    public DataViewSchema GetOutputSchema(DataViewSchema inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        var s = inputSchema;
        foreach (var t in _transformers)
        {
            s = t.GetOutputSchema(s);
        }

        return s;
    }

    /// <summary>Applies every step, lazily.</summary>
    /// <param name="input">The data to transform.</param>
    /// <returns>The transformed data.</returns>
    public IDataView Transform(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        GetOutputSchema(input.Schema);
        var data = input;
        foreach (var t in _transformers)
        {
            data = t.Transform(data);
        }

        return data;
    }

    /// <summary>Returns the chain of the steps whose scope includes <paramref name="scopeFilter"/>.</summary>
    /// <param name="scopeFilter">The scope, for example <see cref="TransformerScope.Scoring"/>.</param>
    /// <returns>A chain of the matching steps (of <see cref="ITransformer"/>, since the last step may change).</returns>
    public TransformerChain<ITransformer> GetModelFor(TransformerScope scopeFilter)
    {
        var keep = Enumerable.Range(0, _transformers.Length).Where(i => (_scopes[i] & scopeFilter) != 0).ToArray();
        return new TransformerChain<ITransformer>(keep.Select(i => _transformers[i]), keep.Select(i => _scopes[i]));
    }

    /// <summary>Returns a new chain with <paramref name="transformer"/> appended.</summary>
    /// <typeparam name="TNewLast">The type of the new last transformer.</typeparam>
    /// <param name="transformer">The step to append.</param>
    /// <param name="scope">The scope of the new step.</param>
    /// <returns>The new chain; this one is unchanged.</returns>
    public TransformerChain<TNewLast> Append<TNewLast>(TNewLast transformer, TransformerScope scope = TransformerScope.Everything)
        where TNewLast : class, ITransformer
    {
        ArgumentNullException.ThrowIfNull(transformer);
        return new TransformerChain<TNewLast>(_transformers.Append(transformer), _scopes.Append(scope));
    }

    /// <inheritdoc/>
    public IRowToRowMapper GetRowToRowMapper(DataViewSchema inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        if (!IsRowToRowMapper)
        {
            var culprit = _transformers.First(t => !t.IsRowToRowMapper);
            throw new InvalidOperationException($"The chain is not a row-to-row mapper: step {Array.IndexOf(_transformers, culprit)} ({culprit.GetType().Name}) is not.");
        }

        var mappers = new List<IRowToRowMapper>();
        var schema = inputSchema;
        foreach (var t in _transformers)
        {
            var m = t.GetRowToRowMapper(schema);
            mappers.Add(m);
            schema = m.OutputSchema;
        }

        return new CompositeRowToRowMapper(inputSchema, mappers);
    }

    /// <inheritdoc/>
    public IEnumerator<ITransformer> GetEnumerator() => ((IEnumerable<ITransformer>)_transformers).GetEnumerator();

    /// <inheritdoc/>
    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>Disposes the steps that are disposable.</summary>
    public void Dispose()
    {
        foreach (var t in _transformers)
        {
            (t as IDisposable)?.Dispose();
        }
    }

    /// <inheritdoc/>
    void ICanSaveModel.Save(ModelSaveContext ctx)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        TransformerChainPersistence.Save(ctx, _transformers, _scopes);
    }
}

/// <summary>Lets code that does not know a chain's type argument reach its scoped sub-chains.</summary>
internal interface ITransformerChain
{
    TransformerChain<ITransformer> GetModelFor(TransformerScope scopeFilter);
}

/// <summary>Saving and loading of transformer chains (signature <c>XF CHAIN</c>, loader
/// <c>TransformerChain</c>).</summary>
internal static class TransformerChainPersistence
{
    /// <summary>The chain never has more steps than this; guards the count read from a file.</summary>
    public const int MaxSteps = 100_000;

    public static VersionInfo GetVersionInfo() => new(
        modelSignature: "XF CHAIN",
        verWrittenCur: 0x00010001,
        verReadableCur: 0x00010001,
        verWeCanReadBack: 0x00010001,
        loaderSignature: TransformerChain<ITransformer>.LoaderSignature);

    public static string StepName(int index) => $"Transform_{index:000}";

    public static void Save(ModelSaveContext ctx, IReadOnlyList<ITransformer> transformers, IReadOnlyList<TransformerScope> scopes)
    {
        ctx.SetVersionInfo(GetVersionInfo());
        ctx.Writer.Write(transformers.Count);
        for (int i = 0; i < transformers.Count; i++)
        {
            ctx.Writer.Write((int)scopes[i]);
            ctx.SaveModel(transformers[i], StepName(i));
        }
    }

    public static TransformerChain<ITransformer> Load(ModelLoadContext ctx)
    {
        ctx.CheckAtModel(GetVersionInfo());
        int count = ctx.ReadCount("step count", MaxSteps, bytesPerItem: 4);
        var transformers = new ITransformer[count];
        var scopes = new TransformerScope[count];
        for (int i = 0; i < count; i++)
        {
            int scope = ctx.Reader.ReadInt32();
            if (scope < 0 || scope > (int)TransformerScope.Everything)
            {
                throw ctx.Corrupt($"step {i} has an invalid scope {scope}");
            }

            scopes[i] = (TransformerScope)scope;
            transformers[i] = ctx.LoadModel<ITransformer>(StepName(i));
        }

        return new TransformerChain<ITransformer>(transformers, scopes);
    }
}
