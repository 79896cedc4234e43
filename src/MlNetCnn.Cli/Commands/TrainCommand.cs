using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using MlNetCnn.Engine;
using MlNetCnn.Keras;
using MlNetCnn.Keras.Callbacks;
using Spectre.Console;

namespace MlNetCnn.Cli.Commands;

/// <summary><c>mlnetcnn train</c>: trains the seeds' network on Fashion-MNIST, reports test accuracy and saves the model.</summary>
internal static class TrainCommand
{
    public static Command Create()
    {
        var dataset = CommonOptions.Dataset();
        var dataDir = CommonOptions.DataDir();
        var epochs = new Option<int>("--epochs") { Description = "Passes over the training data.", DefaultValueFactory = _ => 5 };
        var batchSize = CommonOptions.BatchSize();
        var seed = new Option<int>("--seed") { Description = "Seeds weight initialization, shuffling and dropout.", DefaultValueFactory = _ => 1 };
        var model = new Option<FileInfo?>("--model") { Description = "Where to save the trained model (.zip); nothing is saved when omitted." };
        var learningRate = new Option<float>("--learning-rate") { Description = "Adam's learning rate.", DefaultValueFactory = _ => 0.001f };
        var validationSplit = new Option<float>("--validation-split") { Description = "Fraction of the training rows (the last ones) held out for validation.", DefaultValueFactory = _ => 0f };
        var limit = new Option<int>("--limit") { Description = "Train on only the first N training images (0: all 60,000).", DefaultValueFactory = _ => 0 };
        var kernels = CommonOptions.KernelsOption();
        var threads = CommonOptions.Threads();
        var command = new Command("train", "Train the course's Fashion-MNIST CNN, print per-epoch loss and accuracy and the test accuracy, and save the model.")
        {
            dataset, dataDir, epochs, batchSize, seed, model, learningRate, validationSplit, limit, kernels, threads,
        };
        command.SetAction(result => CommonOptions.Run(() => Run(
            result.GetValue(dataset)!, result.GetValue(dataDir), result.GetValue(epochs), result.GetValue(batchSize),
            result.GetValue(seed), result.GetValue(model), result.GetValue(learningRate), result.GetValue(validationSplit),
            result.GetValue(limit), result.GetValue(kernels)!, result.GetValue(threads))));
        return command;
    }

    private static int Run(string datasetName, DirectoryInfo? dataDir, int epochs, int batchSize, int seed, FileInfo? modelFile,
        float learningRate, float validationSplit, int limit, string kernelName, int threads)
    {
        if (epochs <= 0) throw new CliException($"--epochs must be positive, got {epochs}.");
        if (batchSize <= 0) throw new CliException($"--batch-size must be positive, got {batchSize}.");
        if (limit < 0) throw new CliException($"--limit must be 0 (all) or positive, got {limit}.");
        if (!(validationSplit >= 0f && validationSplit < 1f)) throw new CliException($"--validation-split must be in [0, 1), got {validationSplit}.");
        if (modelFile is not null && modelFile.Directory is { Exists: false } dir)
            throw new CliException($"the folder '{dir.FullName}' for --model does not exist.");

        var data = CommonOptions.LoadDataset(datasetName, dataDir);
        int trainCount = limit == 0 ? data.Train.Count : Math.Min(limit, data.Train.Count);
        var x = CommonOptions.Images(data.Train, trainCount);
        var y = CommonOptions.Labels(data.Train, trainCount);
        var xTest = CommonOptions.Images(data.Test, data.Test.Count);
        var yTest = CommonOptions.Labels(data.Test, data.Test.Count);

        var kernels = CommonOptions.CreateKernels(kernelName, threads);
        using var owned = kernels as IDisposable;
        Sequential.ResetNameCounters();
        var network = Applications.FashionMnistCnn(seed: seed);
        network.Compile(new Adam(learningRate), "sparse_categorical_crossentropy", new[] { "accuracy" }, kernels, seed);

        Console.WriteLine($"Fashion-MNIST: {trainCount:N0} training and {data.Test.Count:N0} test images; {epochs} epoch(s), batch {batchSize}, " +
            $"seed {seed}, {kernels.Name} kernels.");
        var total = Stopwatch.StartNew();
        // Keras holds out the last floor(N * split) rows; the rest are trained on in batches.
        int trainRows = trainCount - (int)(trainCount * (double)validationSplit);
        var reporter = new EpochReporter(epochs, (trainRows + batchSize - 1) / batchSize);
        History history;
        if (AnsiConsole.Profile.Capabilities.Interactive)
        {
            history = null!;
            AnsiConsole.Progress().AutoClear(true).Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
                .Start(ctx =>
                {
                    reporter.Progress = ctx.AddTask("training", maxValue: reporter.TotalBatches);
                    history = network.Fit(x, y, batchSize, epochs, verbose: 0, callbacks: new Callback[] { reporter }, validationSplit: validationSplit);
                });
        }
        else
        {
            history = network.Fit(x, y, batchSize, epochs, verbose: 0, callbacks: new Callback[] { reporter }, validationSplit: validationSplit);
        }

        var test = network.Evaluate(xTest, yTest, batchSize: 256);
        Console.WriteLine($"Trained {history.Epochs.Count} epoch(s) in {total.Elapsed.TotalSeconds:F1} s.");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Test accuracy: {test.Accuracy:F4}   test loss: {test.Loss:F4}   ({data.Test.Count:N0} images)"));
        if (modelFile is not null)
        {
            network.Save(modelFile.FullName);
            Console.WriteLine($"Saved the model to {modelFile.FullName}");
        }
        return 0;
    }

    /// <summary>Prints one line per epoch and drives the progress bar when there is one.</summary>
    private sealed class EpochReporter : Callback
    {
        private readonly int _epochs;
        private readonly Stopwatch _epochClock = new();

        public EpochReporter(int epochs, int batchesPerEpoch)
        {
            _epochs = epochs;
            TotalBatches = (double)epochs * batchesPerEpoch;
        }

        public double TotalBatches { get; }

        public ProgressTask? Progress { get; set; }

        public override void OnEpochBegin(int epoch)
        {
            _epochClock.Restart();
            if (Progress is not null) Progress.Description = $"epoch {epoch + 1}/{_epochs}";
        }

        public override void OnTrainBatchEnd(int batch, IReadOnlyDictionary<string, double> logs)
        {
            Progress?.Increment(1);
        }

        public override void OnEpochEnd(int epoch, IReadOnlyDictionary<string, double> logs)
        {
            var parts = logs.Select(kv => string.Create(CultureInfo.InvariantCulture, $"{kv.Key}: {kv.Value:F4}"));
            string line = $"Epoch {epoch + 1}/{_epochs} - {_epochClock.Elapsed.TotalSeconds:F1}s - {string.Join(" - ", parts)}";
            if (Progress is not null) AnsiConsole.WriteLine(line);
            else Console.WriteLine(line);
        }
    }
}
