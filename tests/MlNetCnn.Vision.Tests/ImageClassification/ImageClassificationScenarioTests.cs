using System.Globalization;
using MlNetCnn.Data;
using MlNetCnn.Datasets;
using MlNetCnn.Imaging;
using MlNetCnn.Tests.Workout;
using Xunit.Abstractions;

namespace MlNetCnn.Vision.Tests.ImageClassification;

/// <summary>
/// ML.NET's image-classification training sample, step by step, on Fashion-MNIST images written as PNG files:
/// (ImagePath, Label) rows, ShuffleRows, MapValueToKey, LoadRawImageBytes, TrainTestSplit, ImageClassification,
/// MapKeyToValue, Fit, Evaluate, Model.Save / Load and a prediction engine fed in-memory image bytes.
/// </summary>
public class ImageClassificationScenarioTests(ITestOutputHelper output)
{
    /// <summary>ML.NET's sample input: a file path relative to the image folder, and the label.</summary>
    public sealed class ImageData
    {
        public string ImagePath = string.Empty;

        public string Label = string.Empty;
    }

    /// <summary>ML.NET's sample input for in-memory images.</summary>
    public sealed class InMemoryImageData
    {
        public byte[] Image = Array.Empty<byte>();

        public string Label = string.Empty;

        public string ImageFileName = string.Empty;
    }

    /// <summary>ML.NET's sample output.</summary>
    public sealed class ImagePrediction
    {
        [ColumnName("Score")]
        public float[] Score = Array.Empty<float>();

        [ColumnName("PredictedLabel")]
        public string PredictedLabel = string.Empty;
    }

    /// <summary>A scored test row, with its path.</summary>
    public sealed class ScoredImage
    {
        public string ImagePath = string.Empty;

        public float[] Score = Array.Empty<float>();

        public string PredictedLabel = string.Empty;
    }

    [Fact]
    public void Ml_net_sample_flow_trains_on_png_files_and_predicts_from_in_memory_bytes()
    {
        string dir = Directory.CreateTempSubdirectory("mlnetcnn-imgcls-").FullName;
        try
        {
            var images = WritePngs(dir, 600);
            var ml = new MLContext(seed: 1);
            var shuffled = ml.Data.ShuffleRows(ml.Data.LoadFromEnumerable(images), seed: 1);
            var prepared = ml.Transforms.Conversion.MapValueToKey("LabelAsKey", "Label")
                .Append(ml.Transforms.LoadRawImageBytes("Image", dir, "ImagePath"))
                .Fit(shuffled).Transform(shuffled);
            var split = ml.Data.TrainTestSplit(prepared, testFraction: 0.2, seed: 1);

            var options = new ImageClassificationTrainer.Options
            {
                FeatureColumnName = "Image",
                LabelColumnName = "LabelAsKey",
                Arch = ImageClassificationTrainer.Architecture.SmallCnn,
                Epoch = 2,
                BatchSize = 10,
                LearningRate = 0.01f,
                MetricsCallback = m => output.WriteLine(m.ToString()),
                ValidationSet = split.TestSet,
            };
            var pipeline = ml.MulticlassClassification.Trainers.ImageClassification(options)
                .Append(ml.Transforms.Conversion.MapKeyToValue("PredictedLabel", "PredictedLabel"));
            var model = pipeline.Fit(split.TrainSet);

            var predictions = model.Transform(split.TestSet);
            var metrics = ml.MulticlassClassification.Evaluate(predictions, labelColumnName: "LabelAsKey", predictedLabelColumnName: "PredictedLabel");
            output.WriteLine(metrics.ToString());
            output.WriteLine(metrics.ConfusionMatrix.GetFormattedConfusionTable());
            Assert.True(metrics.MicroAccuracy > 0.45, metrics.ToString());
            Assert.Equal(10, metrics.ConfusionMatrix.NumberOfClasses);

            string modelPath = Path.Combine(dir, "model.zip");
            ml.Model.Save(model, split.TrainSet.Schema, modelPath);
            var loaded = new MLContext().Model.Load(modelPath, out var inputSchema);
            Assert.Equal(prepared.Schema["Image"].Type, inputSchema["Image"].Type);
            var reloaded = DataViewValues.Column(loaded.Transform(split.TestSet), "Score");
            Assert.True(DataViewValues.Column(predictions, "Score").Zip(reloaded).All(p => DataViewValues.ValueEquals(p.First, p.Second)), "The loaded model's scores differ.");

            // Scored from files through LoadRawImageBytes, then from the same bytes in memory.
            var scored = ml.Data.CreateEnumerable<ScoredImage>(predictions, reuseRowObject: false).Take(25).ToArray();
            using var engine = ml.Model.CreatePredictionEngine<InMemoryImageData, ImagePrediction>(loaded);
            foreach (var row in scored)
            {
                var p = engine.Predict(new InMemoryImageData { Image = File.ReadAllBytes(Path.Combine(dir, row.ImagePath)), ImageFileName = row.ImagePath });
                Assert.Equal(row.PredictedLabel, p.PredictedLabel);
                Assert.Equal(row.Score, p.Score, (a, b) => Math.Abs(a - b) <= 1e-5f);
                Assert.Equal(1f, p.Score.Sum(), 4);
            }

            Assert.Contains(scored, s => Path.GetDirectoryName(s.ImagePath) == s.PredictedLabel);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary>Writes the first <paramref name="count"/> Fashion-MNIST training images as PNG files in one folder
    /// per class and returns their rows (paths relative to <paramref name="dir"/>).</summary>
    private static List<ImageData> WritePngs(string dir, int count)
    {
        var train = FashionMnist.Load(FashionMnist.FindDefaultDirectory()).Train;
        var names = FashionMnist.ClassNames.Select(n => n.Replace('/', '_').Replace(' ', '_')).ToArray();
        foreach (string name in names)
        {
            Directory.CreateDirectory(Path.Combine(dir, name));
        }

        var rows = new List<ImageData>();
        for (int i = 0; i < count; i++)
        {
            string label = names[train.Labels[i]];
            string relative = Path.Combine(label, string.Create(CultureInfo.InvariantCulture, $"train_{i + 1:D5}.png"));
            File.WriteAllBytes(Path.Combine(dir, relative), PngEncoder.Encode(new ImageFrame(28, 28, 1, train.GetImage(i).ToArray())));
            rows.Add(new ImageData { ImagePath = relative, Label = label });
        }

        return rows;
    }
}
