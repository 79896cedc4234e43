using System.Diagnostics;
using System.Globalization;
using MlNetCnn;
using MlNetCnn.Data;
using MlNetCnn.Runtime;

namespace FashionMnistClassifier;

/// <summary>
/// Trains the Fashion-MNIST CNN from the Kaggle-style CSV files, evaluates it on the test file, saves
/// <c>FashionMnistCnn.zip</c>, then reloads it and predicts a few test images through the consumption code.
/// </summary>
internal static class Program
{
    private static int Main(string[] args)
    {
        TrainingArguments options;
        try
        {
            options = TrainingArguments.Parse(args);
        }
        catch (ArgumentException e)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            Console.Error.WriteLine(TrainingArguments.Usage);
            return 2;
        }

        if (options.Help)
        {
            Console.WriteLine(TrainingArguments.Usage);
            return 0;
        }

        try
        {
            Run(options);
            return 0;
        }
        catch (Exception e) when (e is IOException or InvalidDataException or InvalidOperationException or UnauthorizedAccessException or ArgumentException)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return 1;
        }
    }

    private static void Run(TrainingArguments options)
    {
        var ci = CultureInfo.InvariantCulture;
        var (trainPath, testPath) = FashionMnistCsv.EnsureFiles(options.DataDirectory, log: Console.Out);

        // Model Builder's generated code creates `new MLContext()`; a seed makes the run repeatable.
        var mlContext = new MLContext(seed: options.Seed);
        mlContext.Log += (_, e) =>
        {
            if (e.Source == "CnnTrainer" || e.Kind >= ChannelMessageKind.Warning)
            {
                Console.WriteLine($"  [{e.Source}] {e.RawMessage}");
            }
        };

        IDataView trainData = FashionMnistCnn.LoadIDataViewFromFile(mlContext, trainPath, FashionMnistCnn.RetrainSeparatorChar,
            FashionMnistCnn.RetrainHasHeader, FashionMnistCnn.RetrainAllowQuoting);
        IDataView testData = FashionMnistCnn.LoadIDataViewFromFile(mlContext, testPath, FashionMnistCnn.RetrainSeparatorChar,
            FashionMnistCnn.RetrainHasHeader, FashionMnistCnn.RetrainAllowQuoting);
        if (options.Limit is { } limit)
        {
            trainData = mlContext.Data.TakeRows(trainData, limit);
            testData = mlContext.Data.TakeRows(testData, limit);
        }

        Console.WriteLine($"Training on {trainPath}{(options.Limit is { } n ? $" (first {n:N0} rows)" : string.Empty)}, {options.Epochs} epoch(s):");
        var clock = Stopwatch.StartNew();
        ITransformer model = FashionMnistCnn.RetrainModel(mlContext, trainData, options.Epochs);
        Console.WriteLine(string.Format(ci, "Trained in {0:0.0} s.", clock.Elapsed.TotalSeconds));

        clock.Restart();
        var metrics = FashionMnistCnn.Evaluate(mlContext, model, testData);
        long testRows = (long)metrics.ConfusionMatrix.Counts.Sum(row => row.Sum());
        Console.WriteLine();
        Console.WriteLine(string.Format(ci, "Evaluation on {0:N0} test images ({1:0.0} s):", testRows, clock.Elapsed.TotalSeconds));
        Console.WriteLine(string.Format(ci, "  MicroAccuracy:    {0:0.0000}", metrics.MicroAccuracy));
        Console.WriteLine(string.Format(ci, "  MacroAccuracy:    {0:0.0000}", metrics.MacroAccuracy));
        Console.WriteLine(string.Format(ci, "  LogLoss:          {0:0.0000}", metrics.LogLoss));
        Console.WriteLine(string.Format(ci, "  LogLossReduction: {0:0.0000}", metrics.LogLossReduction));
        Console.WriteLine(metrics.ConfusionMatrix.GetFormattedConfusionTable());

        FashionMnistCnn.SaveModel(mlContext, model, trainData, options.ModelPath);
        Console.WriteLine(string.Format(ci, "Saved the model to {0} ({1:N0} bytes).", Path.GetFullPath(options.ModelPath), new FileInfo(options.ModelPath).Length));

        // The consumption code loads the saved file, as an application that ships the .zip would.
        FashionMnistCnn.MLNetModelPath = Path.GetFullPath(options.ModelPath);
        Console.WriteLine();
        Console.WriteLine("Top 3 labels of the reloaded model for the first test images (FashionMnistCnn.PredictAllLabels):");
        var samples = mlContext.Data.CreateEnumerable<FashionMnistCnn.ModelInput>(testData, reuseRowObject: false).Take(options.Samples);
        int index = 0;
        foreach (var sample in samples)
        {
            string truth = sample.Label;
            sample.Label = string.Empty; // An application predicts images whose label it does not know.
            var top3 = FashionMnistCnn.PredictAllLabels(sample).Take(3).Select(p => string.Format(ci, "{0} {1:0.0000}", p.Key, p.Value));
            Console.WriteLine($"  test #{index++} (truth: {truth}): {string.Join(", ", top3)}");
        }
    }
}
