using System.Runtime.CompilerServices;
using MlNetCnn.Data;
using MlNetCnn.Transforms;

namespace MlNetCnn;

/// <summary>
/// The row mapper of a multiclass prediction transformer: appends <c>Score</c> (a vector of
/// <see cref="IMulticlassScoringModel.ClassCount"/> Single values) and <c>PredictedLabel</c> (a <see cref="uint"/> key,
/// the first arg-max + 1) computed from the feature column, one row at a time.
/// </summary>
/// <remarks>
/// Annotations, when the training label had key values of the class count: <c>Score</c> gets <c>SlotNames</c> (the
/// key values as text) and <c>TrainingLabelValues</c>; <c>PredictedLabel</c> gets <c>KeyValues</c>, so that
/// <c>MapKeyToValue</c> recovers the original labels. Both get <c>ScoreColumnKind</c> = "MulticlassClassification"
/// and their <c>ScoreValueKind</c>.
/// </remarks>
internal sealed class MulticlassScoringMapper : ColumnAddingMapper
{
    private readonly IMulticlassScoringModel _model;
    private readonly ConditionalWeakTable<DataViewRow, RowState> _states = new();

    public MulticlassScoringMapper(DataViewSchema inputSchema, DataViewSchema.Column feature, IMulticlassScoringModel model,
        DataViewSchema.Column? trainLabel, string scoreColumnName, string predictedLabelColumnName)
        : base(inputSchema, MakeColumns(model.ClassCount, trainLabel, scoreColumnName, predictedLabelColumnName))
    {
        Feature = feature;
        _model = model;
    }

    /// <summary>The feature column of the input schema.</summary>
    public DataViewSchema.Column Feature { get; }

    /// <summary>The index of the Score column in the output schema.</summary>
    public int ScoreIndex => InputSchema.Count;

    /// <summary>The index of the PredictedLabel column in the output schema.</summary>
    public int PredictedLabelIndex => InputSchema.Count + 1;

    /// <summary>Checks the feature column of <paramref name="schema"/> against the model.</summary>
    public static DataViewSchema.Column CheckFeature(DataViewSchema schema, string featureColumnName, IMulticlassScoringModel model)
    {
        string expected = ScoringFeatures.Expected(model);
        var col = SchemaErrors.Find(schema, "Score", featureColumnName, expected);
        if (!ScoringFeatures.Accepts(model, col.Type))
        {
            throw SchemaErrors.WrongType("Score", featureColumnName, expected, col.Type.ToString());
        }

        return col;
    }

    /// <summary>The predicted key of a score vector: 1 + the first index of the largest score; 0 when every score
    /// is NaN.</summary>
    public static uint PredictedKey(ReadOnlySpan<float> scores)
    {
        int best = -1;
        for (int i = 0; i < scores.Length; i++)
        {
            if (!float.IsNaN(scores[i]) && (best < 0 || scores[i] > scores[best]))
            {
                best = i;
            }
        }

        return (uint)(best + 1);
    }

    protected override IEnumerable<DataViewSchema.Column> GetInputDependencies(int addedIndex) => new[] { Feature };

    protected override Delegate MakeGetter(DataViewRow input, int addedIndex)
    {
        var state = _states.GetValue(input, row => new RowState(row, Feature, _model));
        if (addedIndex == 0)
        {
            return (ValueGetter<VBuffer<float>>)((ref VBuffer<float> dst) =>
            {
                var scores = state.Scores();
                var editor = VBufferEditor.Create(ref dst, scores.Length);
                scores.CopyTo(editor.Values);
                dst = editor.Commit();
            });
        }

        return (ValueGetter<uint>)((ref uint dst) => dst = PredictedKey(state.Scores()));
    }

    private static DataViewSchema.DetachedColumn[] MakeColumns(int classes, DataViewSchema.Column? trainLabel, string score, string predicted)
    {
        bool hasNames = trainLabel is { } l && l.HasKeyValues() && l.Type.GetKeyCount() == (ulong)classes;
        var sb = new DataViewSchema.Annotations.Builder();
        var pb = new DataViewSchema.Annotations.Builder();
        if (hasNames)
        {
            var kv = AnnotationUtils.GetKeyValuesColumn(trainLabel!.Value)!.Value;
            var values = TermMap.Dispatch(((VectorDataViewType)kv.Type).ItemType, new ReadKeyValues(trainLabel.Value.Annotations, kv));
            values.Add(sb, pb);
        }

        sb.AddPrimitiveValue(AnnotationUtils.Kinds.ScoreColumnKind, TextDataViewType.Instance, AnnotationUtils.Const.ScoreColumnKind.MulticlassClassification.AsMemory());
        sb.AddPrimitiveValue(AnnotationUtils.Kinds.ScoreValueKind, TextDataViewType.Instance, AnnotationUtils.Const.ScoreValueKind.Score.AsMemory());
        pb.AddPrimitiveValue(AnnotationUtils.Kinds.ScoreColumnKind, TextDataViewType.Instance, AnnotationUtils.Const.ScoreColumnKind.MulticlassClassification.AsMemory());
        pb.AddPrimitiveValue(AnnotationUtils.Kinds.ScoreValueKind, TextDataViewType.Instance, AnnotationUtils.Const.ScoreValueKind.PredictedLabel.AsMemory());
        return new[]
        {
            new DataViewSchema.DetachedColumn(score, new VectorDataViewType(NumberDataViewType.Single, classes), sb.ToAnnotations()),
            new DataViewSchema.DetachedColumn(predicted, new KeyDataViewType(typeof(uint), classes), pb.ToAnnotations()),
        };
    }

    /// <summary>The key values of the training label, ready to be added as annotations.</summary>
    private interface ILabelValues
    {
        void Add(DataViewSchema.Annotations.Builder score, DataViewSchema.Annotations.Builder predicted);
    }

    private sealed class ReadKeyValues(DataViewSchema.Annotations annotations, DataViewSchema.Column kv) : TermMap.ITypedFunc<ILabelValues>
    {
        public ILabelValues Invoke<T>()
            where T : notnull
        {
            VBuffer<T> values = default;
            annotations.GetGetter<VBuffer<T>>(kv)(ref values);
            return new LabelValues<T>(values.DenseValues().ToArray(), ((VectorDataViewType)kv.Type).ItemType);
        }
    }

    private sealed class LabelValues<T>(T[] values, PrimitiveDataViewType itemType) : ILabelValues
    {
        public void Add(DataViewSchema.Annotations.Builder score, DataViewSchema.Annotations.Builder predicted)
        {
            var names = values.Select(v => TypeHelpers.ToText(v).AsMemory()).ToArray();
            score.AddSlotNames(names.Length, (ref VBuffer<ReadOnlyMemory<char>> dst) => VBuffer<ReadOnlyMemory<char>>.Copy(names, 0, ref dst, names.Length));
            var type = new VectorDataViewType(itemType, values.Length);
            score.Add(AnnotationUtils.Kinds.TrainingLabelValues, type, (ref VBuffer<T> dst) => VBuffer<T>.Copy(values, 0, ref dst, values.Length));
            predicted.AddKeyValues(values.Length, itemType, (ref VBuffer<T> dst) => VBuffer<T>.Copy(values, 0, ref dst, values.Length));
        }
    }

    /// <summary>Scores the input row once per position, shared by the Score and PredictedLabel getters.</summary>
    private sealed class RowState
    {
        private readonly DataViewRow _row;
        private readonly FeatureReader _features;
        private readonly IMulticlassScoringModel _model;
        private readonly float[] _dense;
        private readonly float[] _scores;
        private long _position = long.MinValue;

        public RowState(DataViewRow row, DataViewSchema.Column feature, IMulticlassScoringModel model)
        {
            _row = row;
            _features = ScoringFeatures.CreateReader(model, row, feature);
            _model = model;
            _dense = new float[model.FeatureSize];
            _scores = new float[model.ClassCount];
        }

        public ReadOnlySpan<float> Scores()
        {
            long position = _row.Position;
            if (position != _position || position < 0)
            {
                _features(_dense);
                _model.Score(_dense, _scores, 1);
                _position = position;
            }

            return _scores;
        }
    }
}
