using System.Globalization;
using System.Text;
using MlNetCnn.Data;
using MlNetCnn.Datasets;
using MlNetCnn.Tests.Workout;
using Xunit.Abstractions;

namespace MlNetCnn.Vision.Tests;

/// <summary>
/// Fashion-MNIST the way an ML.NET user meets it: a Kaggle-style CSV (<c>label,pixel1..pixel784</c>) loaded with
/// <c>LoadFromTextFile</c>, a pipeline ending in the CNN trainer, evaluation, a model file, and a prediction engine.
/// </summary>
public class FashionMnistScenarioTests(ITestOutputHelper output)
{
    /// <summary>The input class an ML.NET user writes for the Kaggle CSV.</summary>
    public sealed class FashionRow
    {
        [LoadColumn(0)]
        public float Label;

        [LoadColumn(1, 784)]
        [VectorType(28, 28, 1)]
        [ColumnName("Features")]
        public float[] Features = new float[784];
    }

    /// <summary>The output class: the original label value and the class probabilities.</summary>
    public sealed class FashionPrediction
    {
        public float PredictedLabel;

        [ColumnName("Score")]
        public float[] Scores = Array.Empty<float>();
    }

    [Fact]
    public void Csv_to_cnn_to_evaluation_to_model_file_to_prediction_engine()
    {
        using var dir = new TempFolder();
        var dataset = FashionMnist.Load(FashionMnist.FindDefaultDirectory());
        string trainPath = dir.File("fashion-mnist_train.csv");
        string testPath = dir.File("fashion-mnist_test.csv");
        WriteKaggleCsv(dataset.Train, 3000, trainPath);
        WriteKaggleCsv(dataset.Test, 1000, testPath);

        var ml = new MLContext(seed: 1);
        var progress = new List<string>();
        ml.Log += (_, e) => progress.Add(e.RawMessage);
        var train = ml.Data.LoadFromTextFile<FashionRow>(trainPath, separatorChar: ',', hasHeader: true);
        var test = ml.Data.LoadFromTextFile<FashionRow>(testPath, separatorChar: ',', hasHeader: true);

        var pipeline = ml.Transforms.Conversion.MapValueToKey("Label")
            .Append(ml.Transforms.NormalizeMinMax("Features"))
            .Append(ml.MulticlassClassification.Trainers.Cnn(new CnnTrainer.Options { Epoch = 2 }))
            .Append(ml.Transforms.Conversion.MapKeyToValue("PredictedLabel"));
        var model = pipeline.Fit(train);
        var predictions = model.Transform(test);
        var metrics = ml.MulticlassClassification.Evaluate(predictions);

        output.WriteLine(string.Join(Environment.NewLine, progress));
        output.WriteLine(metrics.ToString());
        output.WriteLine(metrics.ConfusionMatrix.GetFormattedConfusionTable());
        Assert.True(metrics.MicroAccuracy > 0.7, metrics.ToString());
        Assert.True(metrics.LogLossReduction > 0.4, metrics.ToString());
        Assert.Equal(10, metrics.ConfusionMatrix.NumberOfClasses);
        Assert.Equal(2, progress.Count(m => m.StartsWith("Phase: Training", StringComparison.Ordinal)));

        string modelPath = dir.File("model.zip");
        ml.Model.Save(model, train.Schema, modelPath);
        var loaded = new MLContext().Model.Load(modelPath, out var inputSchema);
        Assert.Equal(train.Schema["Features"].Type, inputSchema["Features"].Type);

        var original = DataViewValues.Column(predictions, "Score");
        var reloaded = DataViewValues.Column(loaded.Transform(test), "Score");
        Assert.True(original.Zip(reloaded).All(p => DataViewValues.ValueEquals(p.First, p.Second)), "The loaded model's scores differ.");

        var rows = ml.Data.CreateEnumerable<FashionRow>(test, reuseRowObject: false).Take(20).ToArray();
        using var before = ml.Model.CreatePredictionEngine<FashionRow, FashionPrediction>(model);
        using var after = ml.Model.CreatePredictionEngine<FashionRow, FashionPrediction>(loaded);
        VBuffer<ReadOnlyMemory<char>> classNames = default;
        before.OutputSchema["Score"].GetSlotNames(ref classNames);
        var labelOfSlot = classNames.DenseValues().Select(n => float.Parse(n.Span, CultureInfo.InvariantCulture)).ToArray();
        foreach (var row in rows)
        {
            var p = before.Predict(row);
            var q = after.Predict(row);
            Assert.Equal(p.Scores, q.Scores);
            Assert.Equal(p.PredictedLabel, q.PredictedLabel);
            Assert.Equal(labelOfSlot[Array.IndexOf(p.Scores, p.Scores.Max())], p.PredictedLabel);
            Assert.Equal(1f, p.Scores.Sum(), 4);
        }
    }

    /// <summary>Writes the first <paramref name="count"/> images as "label,pixel1,...,pixel784" lines under a
    /// header, as the Kaggle files are.</summary>
    private static void WriteKaggleCsv(FashionMnistSplit split, int count, string path)
    {
        var sb = new StringBuilder("label");
        for (int i = 1; i <= 784; i++)
        {
            sb.Append(",pixel").Append(i.ToString(CultureInfo.InvariantCulture));
        }

        using var writer = new StreamWriter(path, false, new UTF8Encoding(false));
        writer.WriteLine(sb.ToString());
        for (int r = 0; r < count; r++)
        {
            sb.Clear().Append(split.Labels[r].ToString(CultureInfo.InvariantCulture));
            foreach (byte pixel in split.GetImage(r))
            {
                sb.Append(',').Append(pixel.ToString(CultureInfo.InvariantCulture));
            }

            writer.WriteLine(sb.ToString());
        }
    }

    private sealed class TempFolder : IDisposable
    {
        private readonly string _path = Path.Combine(Path.GetTempPath(), "mlnetcnn-vision-" + Guid.NewGuid().ToString("N"));

        public TempFolder() => Directory.CreateDirectory(_path);

        public string File(string name) => Path.Combine(_path, name);

        public void Dispose()
        {
            try
            {
                Directory.Delete(_path, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }
}
