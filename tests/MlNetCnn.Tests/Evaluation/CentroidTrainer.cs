using MlNetCnn.Data;
using MlNetCnn.Transforms;

namespace MlNetCnn.Tests.Evaluation;

/// <summary>
/// A tiny multiclass model for tests: score_c = softmax(-|x - mean_c|^2) over the class means of the training
/// features. Exercises <see cref="MulticlassPredictionTransformer{TModel}"/> without the CNN.
/// </summary>
internal sealed class CentroidModel : IMulticlassScoringModel
{
    internal const string LoaderSignature = "TestCentroidModel";

    public CentroidModel(float[][] means)
    {
        Means = means;
    }

    public float[][] Means { get; }

    public int ClassCount => Means.Length;

    public int FeatureSize => Means[0].Length;

    public int PreferredBatchSize => 4;

    public int ScoreCalls;

    public static void Register() => ComponentRegistry.Register(LoaderSignature, Load);

    public void Score(ReadOnlySpan<float> features, Span<float> scores, int rows)
    {
        Interlocked.Increment(ref ScoreCalls);
        int d = FeatureSize, k = ClassCount;
        for (int r = 0; r < rows; r++)
        {
            var x = features.Slice(r * d, d);
            var s = scores.Slice(r * k, k);
            float max = float.NegativeInfinity;
            for (int c = 0; c < k; c++)
            {
                float dist = 0;
                for (int j = 0; j < d; j++)
                {
                    dist += (x[j] - Means[c][j]) * (x[j] - Means[c][j]);
                }

                s[c] = -dist;
                max = Math.Max(max, s[c]);
            }

            float sum = 0;
            for (int c = 0; c < k; c++)
            {
                s[c] = MathF.Exp(s[c] - max);
                sum += s[c];
            }

            for (int c = 0; c < k; c++)
            {
                s[c] /= sum;
            }
        }
    }

    public void Save(ModelSaveContext ctx)
    {
        ctx.SetVersionInfo(VersionInfo());
        ctx.Writer.Write(Means.Length);
        foreach (var m in Means)
        {
            ctx.Writer.WriteFloatArray(m);
        }
    }

    private static CentroidModel Load(ModelLoadContext ctx)
    {
        ctx.CheckAtModel(VersionInfo());
        int k = ctx.ReadCount("class count", 1000, 4);
        var means = new float[k][];
        for (int c = 0; c < k; c++)
        {
            means[c] = ctx.Reader.ReadFloatArray(1 << 20);
        }

        return new CentroidModel(means);
    }

    private static VersionInfo VersionInfo() => new("TESTCENT", 0x00010001, 0x00010001, 0x00010001, LoaderSignature);
}

/// <summary>Trains a <see cref="CentroidModel"/>: the mean feature vector of each label key.</summary>
internal sealed class CentroidTrainer : IEstimator<MulticlassPredictionTransformer<CentroidModel>>
{
    static CentroidTrainer()
    {
        CentroidModel.Register();
    }

    public MulticlassPredictionTransformer<CentroidModel> Fit(IDataView input)
    {
        var label = input.Schema["Label"];
        var features = input.Schema["Features"];
        int k = (int)label.Type.GetKeyCount();
        int d = ((VectorDataViewType)features.Type).Size;
        var sums = Enumerable.Range(0, k).Select(_ => new float[d]).ToArray();
        var counts = new int[k];
        using (var cursor = input.GetRowCursor(new[] { label, features }))
        {
            var readLabel = KeyReader.Scalar(cursor, label);
            var readFeatures = cursor.GetGetter<VBuffer<float>>(features);
            VBuffer<float> x = default;
            while (cursor.MoveNext())
            {
                ulong key = readLabel();
                if (key == 0)
                {
                    continue;
                }

                readFeatures(ref x);
                var values = x.DenseValues().ToArray();
                for (int j = 0; j < d; j++)
                {
                    sums[key - 1][j] += values[j];
                }

                counts[key - 1]++;
            }
        }

        var means = sums.Select((s, c) => s.Select(v => counts[c] > 0 ? v / counts[c] : 0).ToArray()).ToArray();
        return new MulticlassPredictionTransformer<CentroidModel>(new CentroidModel(means), input.Schema, "Features", "Label");
    }

    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        if (!inputSchema.TryFindColumn("Label", out var label) || !label.IsKey)
        {
            throw new ArgumentOutOfRangeException(nameof(inputSchema), "Centroid trainer: column 'Label' must be a key.");
        }

        if (!inputSchema.TryFindColumn("Features", out var f) || f.Kind != SchemaShape.VectorKind.Vector)
        {
            throw new ArgumentOutOfRangeException(nameof(inputSchema), "Centroid trainer: column 'Features' must be a known-size vector.");
        }

        var result = inputSchema.ToList();
        var names = new List<SchemaShape.Column>();
        if (label.Annotations.TryFindColumn("KeyValues", out var kv))
        {
            names.Add(new SchemaShape.Column("SlotNames", SchemaShape.VectorKind.Vector, TextDataViewType.Instance, false));
            names.Add(new SchemaShape.Column("TrainingLabelValues", SchemaShape.VectorKind.Vector, kv.ItemType, false));
        }

        names.Add(new SchemaShape.Column("ScoreColumnKind", SchemaShape.VectorKind.Scalar, TextDataViewType.Instance, false));
        names.Add(new SchemaShape.Column("ScoreValueKind", SchemaShape.VectorKind.Scalar, TextDataViewType.Instance, false));
        result.Add(new SchemaShape.Column("Score", SchemaShape.VectorKind.Vector, NumberDataViewType.Single, false, new SchemaShape(names)));
        var predicted = new List<SchemaShape.Column>
        {
            new("ScoreColumnKind", SchemaShape.VectorKind.Scalar, TextDataViewType.Instance, false),
            new("ScoreValueKind", SchemaShape.VectorKind.Scalar, TextDataViewType.Instance, false),
        };
        if (label.Annotations.TryFindColumn("KeyValues", out var kv2))
        {
            predicted.Add(new SchemaShape.Column("KeyValues", SchemaShape.VectorKind.Vector, kv2.ItemType, false));
        }

        result.Add(new SchemaShape.Column("PredictedLabel", SchemaShape.VectorKind.Scalar, NumberDataViewType.UInt32, true, new SchemaShape(predicted)));
        return new SchemaShape(result);
    }
}
