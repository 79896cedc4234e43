using MlNetCnn.Imaging;

namespace MlNetCnn.Vision.Tests.ImageClassification;

/// <summary>Small PNG-encoded images of three easy classes (a bright top band, a bright left band, a bright
/// diagonal, over noise), as rows of label + file bytes, so the image classifier trains in a fraction of a
/// second.</summary>
internal static class EncodedImages
{
    public static readonly string[] Classes = { "top", "left", "diagonal" };

    /// <summary>An input row: the label and the encoded image (ML.NET's <c>InMemoryImageData</c> shape).</summary>
    public sealed class Row
    {
        public string Label = string.Empty;

        public byte[] Image = Array.Empty<byte>();
    }

    /// <summary>The output of a prediction engine.</summary>
    public sealed class Prediction
    {
        public string PredictedLabel = string.Empty;

        public float[] Score = Array.Empty<float>();
    }

    /// <summary>A <paramref name="size"/> x <paramref name="size"/> image of class <paramref name="c"/>, gray (1
    /// channel) or RGB (the pattern in red, noise in all channels).</summary>
    public static ImageFrame Frame(int c, int size, Random random, int channels = 1)
    {
        var frame = new ImageFrame(size, size, channels);
        int band = Math.Max(1, size / 3);
        for (int y = 0; y < size; y++)
        {
            for (int x = 0; x < size; x++)
            {
                bool on = c switch
                {
                    0 => y < band,
                    1 => x < band,
                    _ => Math.Abs(x - y) <= size / 8,
                };
                for (int ch = 0; ch < channels; ch++)
                {
                    int value = random.Next(60) + (on && ch == 0 ? 190 : 0);
                    frame.Pixels[(((y * size) + x) * channels) + ch] = (byte)Math.Min(255, value);
                }
            }
        }

        return frame;
    }

    /// <summary>Rows cycling through the classes.</summary>
    public static List<Row> Rows(int count, int seed = 11, int size = 14, int channels = 1)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, count)
            .Select(i => new Row { Label = Classes[i % 3], Image = PngEncoder.Encode(Frame(i % 3, size, random, channels)) })
            .ToList();
    }

    public static IDataView Data(MLContext ml, int count, int seed = 11, int size = 14, int channels = 1)
        => ml.Data.LoadFromEnumerable(Rows(count, seed, size, channels));

    /// <summary>The rows with the label mapped to keys (what the trainer reads).</summary>
    public static IDataView Keyed(MLContext ml, IEnumerable<Row> rows)
    {
        var data = ml.Data.LoadFromEnumerable(rows);
        return ml.Transforms.Conversion.MapValueToKey("Label").Fit(data).Transform(data);
    }

    public static IDataView Keyed(MLContext ml, int count, int seed = 11) => Keyed(ml, Rows(count, seed));

    /// <summary>Fast settings: the small network, constant learning rate, no early stopping or validation.</summary>
    public static ImageClassificationTrainer.Options Options(int epochs = 1, int seed = 5) => new()
    {
        FeatureColumnName = "Image",
        Arch = ImageClassificationTrainer.Architecture.SmallCnn,
        Epoch = epochs,
        Seed = seed,
        Threads = 1,
        ValidationSetFraction = null,
        EarlyStoppingCriteria = null,
    };
}
