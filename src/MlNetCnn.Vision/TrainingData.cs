using MlNetCnn.Data;
using MlNetCnn.Engine;
using MlNetCnn.Transforms;

namespace MlNetCnn.Vision;

/// <summary>
/// The rows of a data view read once into memory for training: features back to back (row-major, as the feature
/// vectors are stored) and 0-based class indices.
/// </summary>
internal sealed class TrainingData
{
    private TrainingData(float[] features, int[] labels, int count, int featureSize)
    {
        Features = features;
        Labels = labels;
        Count = count;
        FeatureSize = featureSize;
    }

    public float[] Features { get; }

    public int[] Labels { get; }

    public int Count { get; }

    public int FeatureSize { get; }

    /// <summary>Rows skipped because the label was missing (key 0).</summary>
    public long MissingLabels { get; private init; }

    /// <summary>Rows skipped because a feature was NaN or infinite.</summary>
    public long BadFeatures { get; private init; }

    /// <summary>Reads the label and feature columns of every row (one cursor pass). Rows with a missing label or a
    /// non-finite feature are skipped and counted.</summary>
    /// <exception cref="InvalidOperationException">The data is larger than an array can hold.</exception>
    public static TrainingData Read(IDataView data, DataViewSchema.Column label, DataViewSchema.Column feature, int featureSize, CancellationToken cancellation)
    {
        long? known = data.GetRowCount();
        int capacity = known is > 0 and < int.MaxValue ? (int)Math.Min(known.Value, Array.MaxLength / featureSize) : 256;
        var x = new float[Math.Max(1, capacity) * featureSize];
        var y = new int[Math.Max(1, capacity)];
        int count = 0;
        long missing = 0, bad = 0;
        using (var cursor = data.GetRowCursor(new[] { label, feature }))
        {
            var readLabel = KeyReader.Scalar(cursor, label);
            var readFeatures = cursor.GetGetter<VBuffer<float>>(feature);
            VBuffer<float> buffer = default;
            while (cursor.MoveNext())
            {
                if ((count & 1023) == 0)
                {
                    cancellation.ThrowIfCancellationRequested();
                }

                ulong key = readLabel();
                if (key == 0)
                {
                    missing++;
                    continue;
                }

                readFeatures(ref buffer);
                if (count == y.Length)
                {
                    long grown = Math.Min(2L * y.Length, Array.MaxLength / featureSize);
                    if (grown <= y.Length)
                    {
                        throw new InvalidOperationException($"The training data has more than {y.Length} rows of {featureSize} features, more than memory arrays can hold.");
                    }

                    Array.Resize(ref y, (int)grown);
                    Array.Resize(ref x, (int)grown * featureSize);
                }

                var row = x.AsSpan(count * featureSize, featureSize);
                buffer.CopyTo(row);
                if (HasNonFinite(row))
                {
                    bad++;
                    continue;
                }

                y[count++] = (int)(key - 1);
            }
        }

        return new TrainingData(x, y, count, featureSize) { MissingLabels = missing, BadFeatures = bad };
    }

    /// <summary>Splits off a random <paramref name="fraction"/> of the rows (at least one, leaving at least one).</summary>
    public (TrainingData Train, TrainingData Validation) Split(float fraction, int seed)
    {
        int validation = (int)Math.Round(Count * (double)fraction);
        validation = Math.Clamp(validation, 1, Count - 1);
        var order = Enumerable.Range(0, Count).ToArray();
        new Random(seed).Shuffle(order);
        return (Take(order.AsSpan(validation)), Take(order.AsSpan(0, validation)));
    }

    /// <summary>The features as a tensor (rows, ...shape); it shares the array when that holds exactly the rows.</summary>
    public Tensor FeatureTensor(int[] shape)
    {
        var dims = new int[shape.Length + 1];
        dims[0] = Count;
        shape.CopyTo(dims, 1);
        int length = Count * FeatureSize;
        return new Tensor(dims, Features.Length == length ? Features : Features.AsSpan(0, length).ToArray());
    }

    /// <summary>The labels as a tensor of class indices (rows), as Keras's validation data takes them.</summary>
    public Tensor LabelTensor() => new(new[] { Count }, Labels.AsSpan(0, Count).ToArray().Select(l => (float)l).ToArray());

    /// <summary>The labels of the rows.</summary>
    public int[] LabelArray() => Labels.AsSpan(0, Count).ToArray();

    private TrainingData Take(ReadOnlySpan<int> rows)
    {
        var x = new float[Math.Max(1, rows.Length) * FeatureSize];
        var y = new int[Math.Max(1, rows.Length)];
        for (int i = 0; i < rows.Length; i++)
        {
            Features.AsSpan(rows[i] * FeatureSize, FeatureSize).CopyTo(x.AsSpan(i * FeatureSize));
            y[i] = Labels[rows[i]];
        }

        return new TrainingData(x, y, rows.Length, FeatureSize);
    }

    private static bool HasNonFinite(ReadOnlySpan<float> row)
    {
        foreach (float v in row)
        {
            if (!float.IsFinite(v))
            {
                return true;
            }
        }

        return false;
    }
}
