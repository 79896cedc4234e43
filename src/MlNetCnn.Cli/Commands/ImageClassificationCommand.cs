using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using MlNetCnn.Data;
using MlNetCnn.Runtime;
using MlNetCnn.Trainers;
using MlNetCnn.Vision;

namespace MlNetCnn.Cli.Commands;

/// <summary><c>mlnetcnn image-classification</c>: trains an image classifier on a folder with one sub-folder per label,
/// in the manner of the ML.NET CLI's <c>image-classification</c> command, and saves an ML.NET-style model
/// (.zip) whose input is the image file bytes.</summary>
internal static class ImageClassificationCommand
{
    /// <summary>The column of the saved model's input that holds the image bytes (Model Builder's name).</summary>
    public const string ImageColumn = "ImageSource";

    public static Command Create()
    {
        var dataset = new Option<DirectoryInfo>("--dataset") { Description = "A folder with one sub-folder of images (PNG, JPEG, BMP, PBM/PGM/PPM) per label.", Required = true };
        var model = new Option<FileInfo>("--model") { Description = "Where to save the trained model (.zip).", Required = true };
        var epochs = new Option<int>("--epochs") { Description = "Passes over the training images.", DefaultValueFactory = _ => new ImageClassificationTrainer.Options().Epoch };
        var batchSize = new Option<int>("--batch-size") { Description = "Images per gradient step.", DefaultValueFactory = _ => 10 };
        var arch = new Option<string>("--arch")
        {
            Description = "The network: small-cnn (28x28 gray, the course's network) or color-cnn (64x64 RGB); ML.NET's names "
                + "(resnet-v2-50, resnet-v2-101, inception-v3, mobilenet-v2) train color-cnn from scratch.",
            DefaultValueFactory = _ => "color-cnn",
        };
        var learningRate = new Option<float>("--learning-rate") { Description = "The initial learning rate (SGD with momentum 0.9, decayed by 0.94 every 2 epochs).", DefaultValueFactory = _ => 0.01f };
        var testFraction = new Option<double>("--test-fraction") { Description = "The fraction of the images held out for the test metrics.", DefaultValueFactory = _ => 0.2 };
        var seed = new Option<int>("--seed") { Description = "Seeds the split, the weights, shuffling and dropout.", DefaultValueFactory = _ => 1 };
        var threads = CommonOptions.Threads();
        var command = new Command("image-classification",
            "Train an image classifier on a folder of labelled images (one sub-folder per label), print per-epoch metrics, the test metrics and the confusion table, and save the model.")
        {
            dataset, model, epochs, batchSize, arch, learningRate, testFraction, seed, threads,
        };
        command.SetAction(result => CommonOptions.Run(() => Run(
            result.GetValue(dataset)!, result.GetValue(model)!, result.GetValue(epochs), result.GetValue(batchSize), result.GetValue(arch)!,
            result.GetValue(learningRate), result.GetValue(testFraction), result.GetValue(seed), result.GetValue(threads))));
        return command;
    }

    /// <summary>Parses an architecture name: the enum name or its kebab-case form (small-cnn, resnet-v2-50), any
    /// case.</summary>
    internal static ImageClassificationTrainer.Architecture ParseArchitecture(string name)
    {
        static string Key(string s) => new(s.Where(char.IsLetterOrDigit).Select(char.ToLowerInvariant).ToArray());
        foreach (var value in Enum.GetValues<ImageClassificationTrainer.Architecture>())
        {
            if (Key(value.ToString()) == Key(name))
            {
                return value;
            }
        }

        throw new CliException($"unknown --arch '{name}'; expected small-cnn, color-cnn, resnet-v2-50, resnet-v2-101, inception-v3 or mobilenet-v2.");
    }

    private static int Run(DirectoryInfo datasetDir, FileInfo modelFile, int epochs, int batchSize, string archName, float learningRate,
        double testFraction, int seed, int threads)
    {
        if (epochs <= 0) throw new CliException($"--epochs must be positive, got {epochs}.");
        if (batchSize <= 0) throw new CliException($"--batch-size must be positive, got {batchSize}.");
        if (!(learningRate > 0) || !float.IsFinite(learningRate)) throw new CliException($"--learning-rate must be positive, got {learningRate}.");
        if (!(testFraction > 0 && testFraction < 1)) throw new CliException($"--test-fraction must be between 0 and 1 (exclusive), got {testFraction}.");
        if (threads < 0) throw new CliException($"--threads must be 0 (one per core) or positive, got {threads}.");
        var arch = ParseArchitecture(archName);
        if (!datasetDir.Exists) throw new CliException($"the dataset folder '{datasetDir.FullName}' does not exist.");
        if (modelFile.Directory is { Exists: false } dir) throw new CliException($"the folder '{dir.FullName}' for --model does not exist.");

        var clock = Stopwatch.StartNew();
        var folder = ImageFolder.Load(datasetDir.FullName);
        PrintDataset(folder);
        if (folder.LabelCounts.Count < 2)
            throw new CliException($"'{folder.Root}' has {folder.LabelCounts.Count} label folder(s) with images; image classification needs at least 2.");

        var ml = new MLContext(seed);
        ml.Log += (_, e) =>
        {
            if (e.Kind == ChannelMessageKind.Warning) Console.WriteLine($"warning: {e.RawMessage}");
        };
        var rows = ml.Data.LoadFromEnumerable(folder.Images);
        var bytes = ml.Transforms.LoadRawImageBytes(ImageColumn, null, "ImagePath").Append(ml.Transforms.DropColumns("ImagePath"));
        var all = bytes.Fit(rows).Transform(rows);
        var split = ml.Data.TrainTestSplit(all, testFraction, seed: seed);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Split (seed {seed}): {Count(split.TrainSet):N0} training and {Count(split.TestSet):N0} test images (test fraction {testFraction})."));

        var printer = new EpochPrinter(epochs);
        var options = new ImageClassificationTrainer.Options
        {
            LabelColumnName = "Label",
            FeatureColumnName = ImageColumn,
            Arch = arch,
            Epoch = epochs,
            BatchSize = batchSize,
            LearningRate = learningRate,
            LearningRateScheduler = new ExponentialLRDecay(learningRate),
            MetricsCallback = printer.Print,
            Seed = seed,
            Threads = threads,
        };
        var pipeline = ml.Transforms.Conversion.MapValueToKey("Label")
            .Append(ml.MulticlassClassification.Trainers.ImageClassification(options))
            .Append(ml.Transforms.Conversion.MapKeyToValue("PredictedLabel"));
        Console.WriteLine($"Training {arch} ({batchSize} images per batch, up to {epochs} epochs, learning rate {learningRate.ToString(CultureInfo.InvariantCulture)}):");
        var trained = pipeline.Fit(split.TrainSet);
        printer.Flush();
        var scored = trained.Transform(split.TestSet);
        var metrics = ml.MulticlassClassification.Evaluate(scored);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Test metrics: MicroAccuracy {metrics.MicroAccuracy:F4}, MacroAccuracy {metrics.MacroAccuracy:F4}, LogLoss {metrics.LogLoss:F4}, LogLossReduction {metrics.LogLossReduction:F4}"));
        Console.WriteLine(metrics.ConfusionMatrix.GetFormattedConfusionTable());
        ml.Model.Save(trained, all.Schema, modelFile.FullName);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Saved the model to {modelFile.FullName} ({clock.Elapsed.TotalSeconds:F1} s in all)."));
        Console.WriteLine($"Predict with: mlnetcnn predict --model \"{modelFile.FullName}\" --image <file>");
        (trained as IDisposable)?.Dispose();
        return 0;
    }

    private static long Count(IDataView data)
    {
        long n = 0;
        using var cursor = data.GetRowCursor(Array.Empty<DataViewSchema.Column>());
        while (cursor.MoveNext()) n++;
        return n;
    }

    private static void PrintDataset(ImageFolderResult folder)
    {
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Dataset {folder.Root}: {folder.Images.Count:N0} images in {folder.LabelCounts.Count} labels."));
        foreach (var (label, count) in folder.LabelCounts.OrderBy(kv => kv.Key, StringComparer.Ordinal))
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {label,-24} {count,8:N0}"));
        foreach (var issue in folder.UnreadableImages.Take(5))
            Console.WriteLine($"warning: left out unreadable image {issue}");
        if (folder.UnreadableImages.Count > 5) Console.WriteLine($"warning: left out {folder.UnreadableImages.Count} unreadable images in all.");
        if (folder.SkippedFiles.Count > 0) Console.WriteLine($"Skipped {folder.SkippedFiles.Count} files that are not readable images (e.g. {folder.SkippedFiles[0]}).");
    }

    /// <summary>Prints one line per epoch: the training metrics and, when they follow, the validation metrics.</summary>
    private sealed class EpochPrinter(int epochs)
    {
        private readonly Stopwatch _clock = Stopwatch.StartNew();
        private string? _pending;

        public void Print(ImageClassificationTrainer.ImageClassificationMetrics metrics)
        {
            if (metrics.Train is not { } m) return;
            var ci = CultureInfo.InvariantCulture;
            if (m.DatasetUsed == ImageClassificationTrainer.ImageClassificationMetrics.Dataset.Train)
            {
                double seconds = _clock.Elapsed.TotalSeconds;
                _clock.Restart();
                Flush();
                _pending = string.Format(ci, "Epoch {0}/{1} - {2:F1}s - accuracy {3:F4} - cross-entropy {4:F4} - learning rate {5:G4}",
                    m.Epoch + 1, epochs, seconds, m.Accuracy, m.CrossEntropy, m.LearningRate);
                return;
            }

            Console.WriteLine(string.Format(ci, "{0} - validation accuracy {1:F4} - validation cross-entropy {2:F4}",
                _pending ?? string.Format(ci, "Epoch {0}/{1}", m.Epoch + 1, epochs), m.Accuracy, m.CrossEntropy));
            _pending = null;
        }

        /// <summary>Prints the training line still waiting for validation metrics, if any.</summary>
        public void Flush()
        {
            if (_pending == null) return;
            Console.WriteLine(_pending);
            _pending = null;
        }
    }
}
