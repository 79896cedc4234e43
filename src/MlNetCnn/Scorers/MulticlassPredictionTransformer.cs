using System.Reflection;

namespace MlNetCnn.Data;

/// <summary>
/// The transformer a multiclass trainer returns: it reads the feature column and appends <c>Score</c> (one Single
/// per class) and <c>PredictedLabel</c> (a key: the first class with the largest score, + 1).
/// </summary>
/// <typeparam name="TModel">The type of the model parameters, e.g. <c>CnnModelParameters</c>.</typeparam>
/// <remarks>
/// <para>The output columns carry the training label's key values: <c>SlotNames</c> on <c>Score</c> and
/// <c>KeyValues</c> on <c>PredictedLabel</c>, so <c>MapKeyToValue("PredictedLabel")</c> recovers the original
/// labels.</para>
/// <para>A row-to-row mapper (prediction engines score one row at a time); <see cref="Transform"/> scores whole
/// batches of rows. Saved with the model parameters in its sub-folder <c>Model</c> and the training label and
/// feature columns in the stream <c>TrainSchema</c>.</para>
/// </remarks>
public sealed class MulticlassPredictionTransformer<TModel> : ISingleFeaturePredictionTransformer<TModel>, IDisposable
    where TModel : class
{
    private readonly IMulticlassScoringModel _scorer;
    private readonly DataViewSchema _trainSchema;
    private readonly string? _labelColumnName;

    internal MulticlassPredictionTransformer(TModel model, DataViewSchema trainSchema, string featureColumnName, string? labelColumnName,
        string scoreColumnName = "Score", string predictedLabelColumnName = "PredictedLabel")
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(trainSchema);
        _scorer = model as IMulticlassScoringModel
            ?? throw new ArgumentException($"{typeof(TModel).Name} cannot score multiclass data.", nameof(model));
        Model = model;
        FeatureColumnName = featureColumnName;
        _labelColumnName = labelColumnName;
        ScoreColumnName = scoreColumnName;
        PredictedLabelColumnName = predictedLabelColumnName;
        var feature = trainSchema.GetColumnOrNull(featureColumnName)
            ?? throw new ArgumentException($"The training schema has no feature column '{featureColumnName}'.", nameof(trainSchema));
        FeatureColumnType = feature.Type;
        var builder = new DataViewSchema.Builder();
        builder.AddColumn(featureColumnName, feature.Type);
        if (labelColumnName != null && trainSchema.GetColumnOrNull(labelColumnName) is { } label)
        {
            builder.AddColumn(labelColumnName, label.Type, label.Annotations);
        }

        _trainSchema = builder.ToSchema();
    }

    /// <summary>The trained model parameters.</summary>
    public TModel Model { get; }

    /// <summary>The name of the feature column.</summary>
    public string FeatureColumnName { get; }

    /// <summary>The type of the feature column the model was trained on.</summary>
    public DataViewType FeatureColumnType { get; }

    /// <summary>The name of the score column produced.</summary>
    public string ScoreColumnName { get; }

    /// <summary>The name of the predicted-label column produced.</summary>
    public string PredictedLabelColumnName { get; }

    /// <summary>Always true.</summary>
    public bool IsRowToRowMapper => true;

    /// <inheritdoc/>
    public DataViewSchema GetOutputSchema(DataViewSchema inputSchema) => MakeMapper(inputSchema).OutputSchema;

    /// <summary>Scores the data lazily, in batches of rows.</summary>
    /// <param name="input">The data; it needs the feature column.</param>
    /// <returns>The input columns plus <c>Score</c> and <c>PredictedLabel</c>.</returns>
    public IDataView Transform(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return new BatchScoringDataView(input, MakeMapper(input.Schema), _scorer);
    }

    /// <inheritdoc/>
    public IRowToRowMapper GetRowToRowMapper(DataViewSchema inputSchema) => MakeMapper(inputSchema);

    /// <summary>Releases the resources of the model parameters (for example kernel worker threads) when they are
    /// disposable. The transformer stays usable: they are acquired again when needed.</summary>
    public void Dispose() => (Model as IDisposable)?.Dispose();

    /// <inheritdoc/>
    void ICanSaveModel.Save(ModelSaveContext ctx)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        ctx.SetVersionInfo(MulticlassPredictionTransformerPersistence.GetVersionInfo());
        ctx.Writer.WriteString(FeatureColumnName);
        ctx.Writer.WriteString(_labelColumnName ?? string.Empty);
        ctx.Writer.WriteString(ScoreColumnName);
        ctx.Writer.WriteString(PredictedLabelColumnName);
        ctx.SaveBinaryStream("TrainSchema", w => SchemaSerializer.Write(w, _trainSchema));
        ctx.SaveModel(_scorer, "Model");
    }

    private MulticlassScoringMapper MakeMapper(DataViewSchema inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        var feature = MulticlassScoringMapper.CheckFeature(inputSchema, FeatureColumnName, _scorer);
        var label = _labelColumnName == null ? null : _trainSchema.GetColumnOrNull(_labelColumnName);
        return new MulticlassScoringMapper(inputSchema, feature, _scorer, label, ScoreColumnName, PredictedLabelColumnName);
    }
}

/// <summary>Loading of <see cref="MulticlassPredictionTransformer{TModel}"/> (signature <c>MC PRED</c>).</summary>
internal static class MulticlassPredictionTransformerPersistence
{
    public const string LoaderSignature = "MulticlassPredXfer";

    public static VersionInfo GetVersionInfo() => new(
        modelSignature: "MC PRED",
        verWrittenCur: 0x00010001,
        verReadableCur: 0x00010001,
        verWeCanReadBack: 0x00010001,
        loaderSignature: LoaderSignature,
        loaderAssemblyName: typeof(MulticlassPredictionTransformerPersistence).Assembly.GetName().Name);

    /// <summary>Reads the transformer; the model parameters' type comes from the registry, never from the
    /// file.</summary>
    public static object Load(ModelLoadContext ctx)
    {
        ctx.CheckAtModel(GetVersionInfo());
        string feature = ReadName(ctx, "feature column");
        string label = ctx.Reader.ReadCheckedString(Transforms.ColumnPairs.MaxNameBytes);
        string score = ReadName(ctx, "score column");
        string predicted = ReadName(ctx, "predicted label column");
        DataViewSchema? trainSchema = null;
        ctx.LoadBinaryStream("TrainSchema", r => trainSchema = SchemaSerializer.Read(r));
        var model = ctx.LoadModel<IMulticlassScoringModel>("Model");
        if (trainSchema!.GetColumnOrNull(feature) is not { } column || !ScoringFeatures.Accepts(model, column.Type))
        {
            throw ctx.Corrupt($"the saved feature column '{feature}' is not {ScoringFeatures.Expected(model)}, the model's input");
        }

        var type = typeof(MulticlassPredictionTransformer<>).MakeGenericType(model.GetType());
        var ctor = type.GetConstructor(BindingFlags.NonPublic | BindingFlags.Instance, new[] { model.GetType(), typeof(DataViewSchema), typeof(string), typeof(string), typeof(string), typeof(string) })!;
        return ctor.Invoke(new object?[] { model, trainSchema, feature, label.Length == 0 ? null : label, score, predicted });
    }

    private static string ReadName(ModelLoadContext ctx, string what)
    {
        string name = ctx.Reader.ReadCheckedString(Transforms.ColumnPairs.MaxNameBytes);
        return name.Length > 0 ? name : throw ctx.Corrupt($"the {what} name is empty");
    }
}
