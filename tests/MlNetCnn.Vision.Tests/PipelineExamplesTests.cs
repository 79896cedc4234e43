using System.Globalization;
using System.Reflection;
using System.Text.Json;
using FashionMnistClassifier;
using MlNetCnn.Data;
using MlNetCnn.Datasets;
using Xunit.Abstractions;

namespace MlNetCnn.Vision.Tests;

/// <summary>
/// The Model Builder-style example in pipelines/FashionMnistCnn, run in-process through its partial class: write a
/// slice of the Kaggle-style CSVs, <c>Train</c>, reload, evaluate, and predict through the consumption code.
/// </summary>
public class PipelineExamplesTests(ITestOutputHelper output)
{
    private static readonly Lazy<FashionMnistDataset> Dataset = new(() => FashionMnist.Load(FashionMnist.FindDefaultDirectory()));

    [Fact]
    public void Train_then_consume_a_slice_of_fashion_mnist()
    {
        using var dir = new TempFolder();
        string trainCsv = dir.File(FashionMnistCsv.TrainFileName);
        string testCsv = dir.File(FashionMnistCsv.TestFileName);
        string modelPath = dir.File("model/FashionMnistCnn.zip");
        FashionMnistCsv.Write(Dataset.Value.Train, trainCsv, 2000);
        FashionMnistCsv.Write(Dataset.Value.Test, testCsv, 300);

        // The --limit 2000 --epochs 1 run, through the generated training entry point.
        FashionMnistCnn.Train(modelPath, trainCsv, epoch: 1, seed: 1);
        Assert.True(File.Exists(modelPath), "Train did not write the model file.");

        var ml = new MLContext();
        var model = ml.Model.Load(modelPath, out var inputSchema);
        Assert.Equal(TextDataViewType.Instance, inputSchema["label"].Type);
        Assert.Equal(784, ((VectorDataViewType)inputSchema["pixels"].Type).Size);
        var testData = FashionMnistCnn.LoadIDataViewFromFile(ml, testCsv, ',', hasHeader: true, allowQuoting: false);
        var metrics = FashionMnistCnn.Evaluate(ml, model, testData);
        output.WriteLine(metrics.ToString());
        Assert.True(metrics.MicroAccuracy > 0.5, metrics.ToString());
        Assert.True(metrics.LogLossReduction > 0.3, metrics.ToString());
        Assert.Equal(10, metrics.ConfusionMatrix.NumberOfClasses);

        // The consumption class, pointed at the saved file before its engine is first created.
        FashionMnistCnn.MLNetModelPath = modelPath;
        var inputs = ml.Data.CreateEnumerable<FashionMnistCnn.ModelInput>(testData, reuseRowObject: false).ToArray();
        var batch = ml.Data.CreateEnumerable<FashionMnistCnn.ModelOutput>(model.Transform(testData), reuseRowObject: false).ToArray();
        Assert.Equal(300, inputs.Length);
        int correct = 0;
        for (int i = 0; i < inputs.Length; i++)
        {
            string truth = inputs[i].Label;
            Assert.Equal(FashionMnist.ClassNames[Dataset.Value.Test.Labels[i]], truth);
            inputs[i].Label = string.Empty;

            var predicted = FashionMnistCnn.Predict(inputs[i]);
            Assert.Contains(predicted.PredictedLabel, FashionMnist.ClassNames);
            Assert.Equal(batch[i].PredictedLabel, predicted.PredictedLabel);
            Assert.Equal(0u, predicted.Label);

            var all = FashionMnistCnn.PredictAllLabels(inputs[i]).ToArray();
            Assert.Equal(FashionMnist.ClassNames.Order(), all.Select(p => p.Key).Order());
            Assert.Equal(predicted.PredictedLabel, all[0].Key);
            Assert.True(all.Zip(all.Skip(1)).All(p => p.First.Value >= p.Second.Value), "PredictAllLabels is not sorted by score.");
            Assert.Equal(1f, all.Sum(p => p.Value), 4);
            correct += predicted.PredictedLabel == truth ? 1 : 0;
        }

        double accuracy = correct / (double)inputs.Length;
        output.WriteLine($"consumption accuracy {accuracy:0.0000}");
        Assert.Equal(metrics.MicroAccuracy, accuracy, 6);
    }

    [Fact]
    public void Csv_writer_produces_the_kaggle_layout_that_model_input_loads()
    {
        using var dir = new TempFolder();
        string path = dir.File("slice.csv");
        var test = Dataset.Value.Test;
        FashionMnistCsv.Write(test, path, 12);

        var lines = File.ReadAllLines(path);
        Assert.Equal(13, lines.Length);
        var header = lines[0].Split(',');
        Assert.Equal(785, header.Length);
        Assert.Equal("label", header[0]);
        Assert.Equal("pixel1", header[1]);
        Assert.Equal("pixel784", header[784]);
        Assert.Equal(new[] { "label", "pixels" }, ModelInputColumns().Select(c => c.Name));
        Assert.Empty(Directory.GetFiles(dir.File("."), "*.tmp"));

        var ml = new MLContext();
        var rows = ml.Data.CreateEnumerable<FashionMnistCnn.ModelInput>(
            FashionMnistCnn.LoadIDataViewFromFile(ml, path, ',', hasHeader: true, allowQuoting: false), reuseRowObject: false).ToArray();
        Assert.Equal(12, rows.Length);
        for (int r = 0; r < rows.Length; r++)
        {
            Assert.Equal(FashionMnist.ClassNames[test.Labels[r]], rows[r].Label);
            Assert.Equal(test.GetImage(r).ToArray().Select(b => (float)b), rows[r].Pixels);
        }

        Assert.Throws<ArgumentOutOfRangeException>(() => FashionMnistCsv.Write(test, dir.File("too-many.csv"), test.Count + 1));
        Assert.False(File.Exists(dir.File("too-many.csv")));
    }

    [Fact]
    public void Mbconfig_records_what_the_generated_code_does()
    {
        string projectDir = Path.Combine(RepositoryRoot(), "pipelines", "FashionMnistCnn");
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(projectDir, "FashionMnistCnn.mbconfig")));
        var config = json.RootElement;
        Assert.Equal(nameof(FashionMnistCnn), config.GetProperty("Name").GetString());

        var code = config.GetProperty("CodeGeneration");
        Assert.Equal(typeof(FashionMnistCnn).Namespace, code.GetProperty("Namespace").GetString());
        foreach (var file in new[] { "ConsumptionFile", "TrainingFile", "EvaluateFile" })
        {
            Assert.True(File.Exists(Path.Combine(projectDir, code.GetProperty(file).GetString()!)), file);
        }

        var source = config.GetProperty("DataSource");
        Assert.Equal(FashionMnistCsv.TrainFileName, Path.GetFileName(source.GetProperty("FilePath").GetString()));
        Assert.Equal(FashionMnistCnn.RetrainSeparatorChar.ToString(), source.GetProperty("Delimiter").GetString());
        Assert.Equal(FashionMnistCnn.RetrainHasHeader, source.GetProperty("HasHeader").GetBoolean());
        Assert.Equal(FashionMnistCnn.RetrainAllowQuoting, source.GetProperty("AllowQuoting").GetBoolean());
        var recorded = source.GetProperty("ColumnProperties").EnumerateArray()
            .Select(c => (c.GetProperty("ColumnName").GetString(), c.GetProperty("LoadColumn").EnumerateArray().Select(v => v.GetInt32()).ToArray()))
            .ToArray();
        var declared = ModelInputColumns().Select(c => ((string?)c.Name, new[] { c.Start, c.End })).ToArray();
        Assert.Equal(declared.Select(d => d.Item1), recorded.Select(r => r.Item1));
        Assert.Equal(declared.Select(d => d.Item2), recorded.Select(r => r.Item2));

        var training = config.GetProperty("TrainingOption");
        Assert.Equal("label", training.GetProperty("LabelColumn").GetString());
        Assert.Equal(FashionMnistCnn.RetrainEpoch, training.GetProperty("Epoch").GetInt32());
        Assert.Equal(FashionMnistCsv.TestFileName, Path.GetFileName(training.GetProperty("ValidationOption").GetProperty("FilePath").GetString()));
        Assert.Equal(Path.GetFileName(FashionMnistCnn.MLNetModelPath), config.GetProperty("RunHistory").GetProperty("ModelFilePath").GetString());
    }

    /// <summary>The [ColumnName] and [LoadColumn(start[, end])] range of each <see cref="FashionMnistCnn.ModelInput"/>
    /// member, read from the attribute's constructor arguments.</summary>
    private static IEnumerable<(string Name, int Start, int End)> ModelInputColumns()
    {
        foreach (var property in typeof(FashionMnistCnn.ModelInput).GetProperties())
        {
            var columnName = property.GetCustomAttributesData().SingleOrDefault(a => a.AttributeType == typeof(ColumnNameAttribute));
            string name = (string?)columnName?.ConstructorArguments[0].Value ?? property.Name;
            var load = property.GetCustomAttributesData().Single(a => a.AttributeType == typeof(LoadColumnAttribute));
            var indexes = load.ConstructorArguments.Select(a => (int)a.Value!).ToArray();
            yield return (name, indexes[0], indexes[^1]);
        }
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "MlNetCnn.sln")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException($"No MlNetCnn.sln above {AppContext.BaseDirectory}.");
    }

    private sealed class TempFolder : IDisposable
    {
        private readonly string _path = Path.Combine(Path.GetTempPath(), "mlnetcnn-pipelines-" + Guid.NewGuid().ToString("N", CultureInfo.InvariantCulture));

        public TempFolder() => Directory.CreateDirectory(_path);

        public string File(string name) => Path.GetFullPath(Path.Combine(_path, name));

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
