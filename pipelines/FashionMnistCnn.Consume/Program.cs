using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using MlNetCnn;

namespace FashionMnistClassifier;

/// <summary>
/// Loads a saved FashionMnistCnn model and predicts: one image at a time through the consumption class
/// (<c>FashionMnistCnn.Predict</c>, <c>GetSortedScoresWithLabels</c>), then many images from several threads at
/// once through a <see cref="PredictionEnginePool{TData, TPrediction}"/>.
/// </summary>
internal static class Program
{
    private const string Usage = """
        usage: FashionMnistCnn.Consume [--model PATH] [--data CSV] [--count N] [--threads N]
          --model PATH  the model (default FashionMnistCnn.zip beside the program: the build copies it there from
                        the training app's output of the same configuration)
          --data CSV    a Kaggle-style CSV (label,pixel1..pixel784, header) to take the images from (default: the
                        test split of the repository's datasets/fashion-mnist)
          --count N     images predicted through the pool (default 1000)
          --threads N   threads predicting at once (default 4)
        """;

    private static int Main(string[] args)
    {
        string modelPath = FashionMnistCnn.MLNetModelPath;
        string? dataPath = null;
        int count = 1000;
        int threads = 4;
        try
        {
            for (int i = 0; i < args.Length; i++)
            {
                switch (args[i])
                {
                    case "-h" or "--help":
                        Console.WriteLine(Usage);
                        return 0;
                    case "--model":
                        modelPath = Value(args, ++i);
                        break;
                    case "--data":
                        dataPath = Value(args, ++i);
                        break;
                    case "--count":
                        count = Positive(args, ++i);
                        break;
                    case "--threads":
                        threads = Positive(args, ++i);
                        break;
                    default:
                        throw new ArgumentException($"unknown option '{args[i]}'.");
                }
            }
        }
        catch (ArgumentException e)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            Console.Error.WriteLine(Usage);
            return 2;
        }

        if (!File.Exists(modelPath))
        {
            Console.Error.WriteLine($"error: no model at {Path.GetFullPath(modelPath)}. Train one first " +
                "(dotnet run --project pipelines/FashionMnistCnn -c Release -- --epochs 1), then run this app again " +
                "(its build copies the model), or pass --model PATH.");
            return 1;
        }

        try
        {
            Run(Path.GetFullPath(modelPath), dataPath, count, threads);
            return 0;
        }
        catch (Exception e) when (e is IOException or InvalidDataException or InvalidOperationException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return 1;
        }
    }

    private static void Run(string modelPath, string? dataPath, int count, int threads)
    {
        var ci = CultureInfo.InvariantCulture;
        var (inputs, truth) = dataPath != null ? SampleImages.FromCsv(dataPath, count) : SampleImages.FromRepositoryTestSet(count);
        Console.WriteLine($"Model: {modelPath}");
        Console.WriteLine($"Images: {inputs.Length:N0} from {dataPath ?? "the repository's Fashion-MNIST test split"}");

        // 1. The consumption class, as Model Builder's console app uses it: one engine, one thread.
        FashionMnistCnn.MLNetModelPath = modelPath;
        Console.WriteLine();
        Console.WriteLine("FashionMnistCnn.Predict + GetSortedScoresWithLabels (top 3):");
        for (int i = 0; i < Math.Min(5, inputs.Length); i++)
        {
            var output = FashionMnistCnn.Predict(inputs[i]);
            var top3 = FashionMnistCnn.GetSortedScoresWithLabels(output).Take(3).Select(p => string.Format(ci, "{0} {1:0.0000}", p.Key, p.Value));
            Console.WriteLine($"  #{i} truth {truth[i]}, predicted {output.PredictedLabel}: {string.Join(", ", top3)}");
        }

        var clock = Stopwatch.StartNew();
        var single = inputs.Select(input => FashionMnistCnn.Predict(input).PredictedLabel).ToArray();
        double singleSeconds = clock.Elapsed.TotalSeconds;
        Console.WriteLine(string.Format(ci, "  {0:N0} images one after another: {1:0.00} s ({2:N0} images/s), accuracy {3:0.0000}",
            inputs.Length, singleSeconds, inputs.Length / singleSeconds, Accuracy(single, truth)));

        // 2. A PredictionEnginePool: each call takes an engine from the pool, predicts and gives it back, so any
        //    number of threads (web requests, workers) can predict at once.
        Console.WriteLine();
        Console.WriteLine($"PredictionEnginePool<ModelInput, ModelOutput>.Predict from Parallel.For (at most {threads} threads at once):");
        var mlContext = new MLContext();
        using var pool = PredictionEnginePool<FashionMnistCnn.ModelInput, FashionMnistCnn.ModelOutput>.FromFile(mlContext, modelPath);
        var pooled = new string[inputs.Length];
        var perThread = new ConcurrentDictionary<int, int>();
        clock.Restart();
        Parallel.For(0, inputs.Length, new ParallelOptions { MaxDegreeOfParallelism = threads }, i =>
        {
            pooled[i] = pool.Predict(inputs[i]).PredictedLabel;
            perThread.AddOrUpdate(Environment.CurrentManagedThreadId, 1, (_, n) => n + 1);
        });
        double pooledSeconds = clock.Elapsed.TotalSeconds;
        int agree = pooled.Zip(single).Count(p => p.First == p.Second);
        Console.WriteLine(string.Format(ci, "  {0:N0} images on {1} threads (images per thread: {2}): {3:0.00} s ({4:N0} images/s), accuracy {5:0.0000}",
            inputs.Length, perThread.Count, string.Join(", ", perThread.Values.Order()), pooledSeconds, inputs.Length / pooledSeconds, Accuracy(pooled, truth)));
        Console.WriteLine($"  same predicted label as the single engine for {agree:N0} of {inputs.Length:N0} images");
    }

    private static double Accuracy(string[] predicted, string[] truth)
        => predicted.Length == 0 ? 0 : predicted.Zip(truth).Count(p => p.First == p.Second) / (double)predicted.Length;

    private static string Value(string[] args, int index)
        => index < args.Length && args[index].Length > 0 ? args[index] : throw new ArgumentException($"{args[index - 1]} needs a value.");

    private static int Positive(string[] args, int index)
    {
        string text = Value(args, index);
        return int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int value) && value > 0
            ? value
            : throw new ArgumentException($"{args[index - 1]} expects a positive integer, got '{text}'.");
    }
}
