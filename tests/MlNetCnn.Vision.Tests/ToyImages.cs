using MlNetCnn.Data;
using MlNetCnn.Keras.Layers;
using MlNetCnn.Vision;

namespace MlNetCnn.Vision.Tests;

/// <summary>6 x 6 single-channel images of three easy classes, and a tiny network for them, so training takes
/// milliseconds.</summary>
internal static class ToyImages
{
    public const int Size = 6;

    public static readonly string[] Classes = { "top", "left", "diagonal" };

    public sealed class Row
    {
        public string Label = string.Empty;

        [VectorType(6, 6, 1)]
        public float[] Features = new float[36];
    }

    public sealed class FlatRow
    {
        public string Label = string.Empty;

        [VectorType(36)]
        public float[] Features = new float[36];
    }

    public sealed class Prediction
    {
        public string PredictedLabel = string.Empty;

        public float[] Score = Array.Empty<float>();
    }

    /// <summary>Rows cycling through the classes: bright top two rows, bright left two columns, or a bright
    /// diagonal, plus uniform noise in [0, 0.3).</summary>
    public static List<Row> Rows(int count, int seed = 11)
    {
        var random = new Random(seed);
        var rows = new List<Row>();
        for (int i = 0; i < count; i++)
        {
            int c = i % 3;
            var pixels = new float[Size * Size];
            for (int y = 0; y < Size; y++)
            {
                for (int x = 0; x < Size; x++)
                {
                    bool on = c switch
                    {
                        0 => y < 2,
                        1 => x < 2,
                        _ => x == y,
                    };
                    pixels[y * Size + x] = (on ? 0.8f : 0f) + (float)random.NextDouble() * 0.3f;
                }
            }

            rows.Add(new Row { Label = Classes[c], Features = pixels });
        }

        return rows;
    }

    public static IDataView Data(MLContext ml, int count, int seed = 11) => ml.Data.LoadFromEnumerable(Rows(count, seed));

    /// <summary>The data with the label mapped to keys (what the trainer reads).</summary>
    public static IDataView Keyed(MLContext ml, int count, int seed = 11)
    {
        var data = Data(ml, count, seed);
        return ml.Transforms.Conversion.MapValueToKey("Label").Fit(data).Transform(data);
    }

    /// <summary>Conv2D(4, 3x3, relu) -> MaxPooling2D(2x2) -> Flatten -> Dense(classes, softmax): 115 weights.</summary>
    public static List<Layer> TinyLayers(int classes = 3) => new()
    {
        new Conv2D(4, (3, 3), activation: "relu"),
        new MaxPooling2D((2, 2)),
        new Flatten(),
        new Dense(classes, activation: "softmax"),
    };

    public static CnnTrainer.Options Options(int epochs = 8, int seed = 5) => new()
    {
        Layers = TinyLayers(),
        Epoch = epochs,
        BatchSize = 8,
        LearningRate = 0.02f,
        Seed = seed,
        Threads = 1,
    };
}
