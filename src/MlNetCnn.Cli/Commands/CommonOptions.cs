using System.CommandLine;
using MlNetCnn.Datasets;
using MlNetCnn.Engine;
using MlNetCnn.Kernels;

namespace MlNetCnn.Cli.Commands;

/// <summary>Options several commands share, and the code that turns them into data and kernels.</summary>
internal static class CommonOptions
{
    public static Option<string> Dataset() => new("--dataset")
    {
        Description = "The dataset: fashion-mnist (the original IDX files, shipped in the repo's datasets/ folder).",
        DefaultValueFactory = _ => "fashion-mnist",
    };

    public static Option<DirectoryInfo?> DataDir() => new("--data-dir")
    {
        Description = "A folder holding the four Fashion-MNIST IDX .gz files (default: the repo's datasets/fashion-mnist).",
    };

    public static Option<string> KernelsOption() => new("--kernels")
    {
        Description = "Kernel implementation: fast (SIMD, multi-core) or reference (plain loops, the specification; slow).",
        DefaultValueFactory = _ => "fast",
    };

    public static Option<int> Threads() => new("--threads")
    {
        Description = "Worker threads for the fast kernels (default: one per core).",
        DefaultValueFactory = _ => 0,
    };

    public static Option<int> BatchSize() => new("--batch-size")
    {
        Description = "Samples per batch.",
        DefaultValueFactory = _ => 32,
    };

    public static IKernels CreateKernels(string name, int threads)
    {
        if (threads < 0) throw new CliException($"--threads must be 0 (one per core) or positive, got {threads}.");
        return name.ToLowerInvariant() switch
        {
            "fast" => new FastKernels(threads),
            "reference" => new ReferenceKernels(),
            _ => throw new CliException($"unknown --kernels '{name}'; expected fast or reference."),
        };
    }

    public static FashionMnistDataset LoadDataset(string dataset, DirectoryInfo? dataDir)
    {
        if (!string.Equals(dataset, "fashion-mnist", StringComparison.OrdinalIgnoreCase))
            throw new CliException($"unknown --dataset '{dataset}'; the built-in dataset is fashion-mnist (image folders: see export-images).");
        string directory = dataDir?.FullName ?? FashionMnist.FindDefaultDirectory();
        return FashionMnist.Load(directory);
    }

    /// <summary>The first <paramref name="count"/> images of a split as an (N, 28, 28, 1) tensor scaled to [0, 1].</summary>
    public static Tensor Images(FashionMnistSplit split, int count)
    {
        var x = new Tensor(count, split.Height, split.Width, 1);
        split.GetNormalizedPixels(0, count, x.Data);
        return x;
    }

    public static byte[] Labels(FashionMnistSplit split, int count) => split.Labels.AsSpan(0, count).ToArray();

    /// <summary>Runs a command body, turning the user's mistakes and bad files into one clear line and exit code 1.</summary>
    public static int Run(Func<int> body)
    {
        try
        {
            return body();
        }
        catch (Exception ex) when (ex is CliException or InvalidDataException or FormatException or FileNotFoundException or DirectoryNotFoundException
            or ArgumentException or ShapeException or InvalidOperationException or IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"mlnetcnn: {ex.Message}");
            return ex is CliException c ? c.ExitCode : 1;
        }
        catch (OperationCanceledException)
        {
            Console.Error.WriteLine("mlnetcnn: cancelled.");
            return 130;
        }
    }
}
