using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Spectre.Console;

namespace MlNetCnn.Cli.Commands;

/// <summary>
/// <c>mlnetcnn bench</c>: training and inference throughput of the seeds' network on real Fashion-MNIST, single-image
/// latency, achieved GFLOP/s against the FMA peak measured on the spot, peak memory, allocation per step and a
/// per-op breakdown; with --compare-pytorch, interleaved rounds of the PyTorch reference and the ratios.
/// </summary>
internal static class BenchCommand
{
    public static Command Create()
    {
        var json = new Option<bool>("--json") { Description = "Print one JSON object (figures only) instead of tables." };
        var compare = new Option<bool>("--compare-pytorch") { Description = "Also run tests/bench/pytorch_bench.py (Debian's python3-torch), interleaved, and print ratios." };
        var seconds = new Option<double>("--seconds") { Description = "Target duration of each timed measurement.", DefaultValueFactory = _ => 3.0 };
        var rounds = new Option<int>("--rounds") { Description = "Interleaved rounds per side; the best round of each side counts.", DefaultValueFactory = _ => 2 };
        var python = new Option<string?>("--python") { Description = "The Python interpreter for --compare-pytorch (default: the first python3 on PATH that has torch)." };
        var dataDir = CommonOptions.DataDir();
        var kernels = CommonOptions.KernelsOption();
        var threads = CommonOptions.Threads();
        var command = new Command("bench", "Benchmark training and inference of the seeds' network (optionally against PyTorch).")
        {
            json, compare, seconds, rounds, python, dataDir, kernels, threads,
        };
        command.SetAction(result => CommonOptions.Run(() => Run(result.GetValue(json), result.GetValue(compare), result.GetValue(seconds),
            result.GetValue(rounds), result.GetValue(python), result.GetValue(dataDir), result.GetValue(kernels)!, result.GetValue(threads))));
        return command;
    }

    private static int Run(bool json, bool compare, double seconds, int rounds, string? requestedPython, DirectoryInfo? dataDir, string kernelName, int threads)
    {
        if (!(seconds > 0)) throw new CliException($"--seconds must be positive, got {seconds}.");
        if (rounds <= 0) throw new CliException($"--rounds must be positive, got {rounds}.");
        string? script = null;
        string python = "";
        if (compare)
        {
            script = PyTorchRunner.FindScript();
            python = PyTorchRunner.FindPython(requestedPython) ?? throw new CliException(
                requestedPython is null ? PyTorchRunner.InstallHint : $"'{requestedPython}' cannot import torch. {PyTorchRunner.InstallHint}");
        }
        string directory = dataDir?.FullName ?? Datasets.FashionMnist.FindDefaultDirectory();
        var data = CommonOptions.LoadDataset("fashion-mnist", new DirectoryInfo(directory));
        var kernels = CommonOptions.CreateKernels(kernelName, threads);
        using var owned = kernels as IDisposable;
        int threadCount = threads > 0 ? threads : Environment.ProcessorCount;

        Log(json, $"Measuring the FMA peak on {threadCount} thread(s)...");
        var (peak, bits) = FmaPeak.Measure(threadCount);
        var bench = new NetworkBenchmark(data, kernels, seconds);
        var breakdown = bench.Breakdown(32);
        BenchFigures? ours = null;
        Dictionary<string, double>? torch = null;
        for (int r = 0; r < rounds; r++)
        {
            Log(json, $"Round {r + 1}/{rounds}: MlNetCnn ({kernels.Name} kernels)...");
            var figures = bench.Run();
            ours = ours is null ? figures : Best(ours, figures);
            if (script is null) continue;
            Log(json, $"Round {r + 1}/{rounds}: PyTorch...");
            var t = PyTorchRunner.RunRound(python, script, directory, threadCount, seconds);
            torch = torch is null ? t : BestTorch(torch, t);
        }
        var o = ours!;
        long peakMb = Process.GetCurrentProcess().PeakWorkingSet64 / (1024 * 1024);
        var report = new Dictionary<string, object>
        {
            ["kernels"] = kernels.Name,
            ["threads"] = threadCount,
            ["train_samples_per_sec_b32"] = Math.Round(o.TrainSamplesPerSecB32, 1),
            ["train_samples_per_sec_b128"] = Math.Round(o.TrainSamplesPerSecB128, 1),
            ["infer_images_per_sec_b128"] = Math.Round(o.InferImagesPerSecB128, 1),
            ["single_image_latency_us"] = Math.Round(o.SingleImageLatencyUs, 1),
            ["train_gflops_b32"] = Math.Round(o.TrainGflopsB32, 2),
            ["fma_peak_gflops"] = Math.Round(peak, 1),
            ["fma_vector_bits"] = bits,
            ["train_peak_share_b32"] = Math.Round(o.TrainGflopsB32 / peak, 4),
            ["forward_mflops_per_image"] = Math.Round(bench.ForwardFlopsPerImage / 1e6, 3),
            ["peak_memory_mb"] = peakMb,
            ["allocated_bytes_per_train_step"] = o.AllocatedBytesPerStep,
        };
        if (torch is not null)
        {
            double Get(string key) => torch.TryGetValue(key, out var v) ? Math.Round(v, 1) : double.NaN;
            report["pytorch_train_samples_per_sec_b32"] = Get("train_samples_per_sec_b32");
            report["pytorch_train_samples_per_sec_b128"] = Get("train_samples_per_sec_b128");
            report["pytorch_infer_images_per_sec_b128"] = Get("infer_images_per_sec_b128");
            report["pytorch_infer_images_per_sec_best"] = Get("infer_images_per_sec_best");
            report["pytorch_single_image_latency_us"] = Get("single_image_latency_us");
            report["ratio_train_b32"] = Math.Round(o.TrainSamplesPerSecB32 / Get("train_samples_per_sec_b32"), 2);
            report["ratio_train_b128"] = Math.Round(o.TrainSamplesPerSecB128 / Get("train_samples_per_sec_b128"), 2);
            report["ratio_infer_b128_vs_pytorch_best"] = Math.Round(o.InferImagesPerSecB128 / Get("infer_images_per_sec_best"), 2);
            report["ratio_latency_pytorch_over_ours"] = Math.Round(Get("single_image_latency_us") / o.SingleImageLatencyUs, 2);
        }

        if (json)
        {
            Console.WriteLine(JsonSerializer.Serialize(report));
            return 0;
        }
        var table = new Table().Title("MlNetCnn benchmark: the seeds' network on Fashion-MNIST").AddColumn("figure").AddColumn(new TableColumn("value").RightAligned());
        foreach (var (key, value) in report)
            table.AddRow(key, Convert.ToString(value, CultureInfo.InvariantCulture) ?? "");
        AnsiConsole.Write(table);
        double stepMs = breakdown.Sum(b => b.ForwardMs + b.BackwardMs);
        var ops = new Table().Title("One training step at batch 32, per op (mean over 30 steps)").AddColumn("op").AddColumn("kind")
            .AddColumn(new TableColumn("forward ms").RightAligned()).AddColumn(new TableColumn("backward ms").RightAligned()).AddColumn(new TableColumn("share").RightAligned());
        foreach (var b in breakdown)
            ops.AddRow(Markup.Escape(b.Name), b.Kind, b.ForwardMs.ToString("F3", CultureInfo.InvariantCulture), b.BackwardMs.ToString("F3", CultureInfo.InvariantCulture),
                ((b.ForwardMs + b.BackwardMs) / stepMs).ToString("P1", CultureInfo.InvariantCulture));
        AnsiConsole.Write(ops);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Step total (ops only): {stepMs:F2} ms; the optimizer update and batch gathering make up the rest."));
        return 0;
    }

    private static BenchFigures Best(BenchFigures a, BenchFigures b) => new(
        Math.Max(a.TrainSamplesPerSecB32, b.TrainSamplesPerSecB32), Math.Max(a.TrainSamplesPerSecB128, b.TrainSamplesPerSecB128),
        Math.Max(a.InferImagesPerSecB128, b.InferImagesPerSecB128), Math.Min(a.SingleImageLatencyUs, b.SingleImageLatencyUs),
        Math.Max(a.TrainGflopsB32, b.TrainGflopsB32), Math.Max(a.AllocatedBytesPerStep, b.AllocatedBytesPerStep));

    private static Dictionary<string, double> BestTorch(Dictionary<string, double> a, Dictionary<string, double> b) =>
        a.Keys.Union(b.Keys).ToDictionary(k => k, k =>
        {
            bool lowerIsBetter = k.Contains("latency", StringComparison.Ordinal);
            double x = a.TryGetValue(k, out var va) ? va : double.NaN, y = b.TryGetValue(k, out var vb) ? vb : double.NaN;
            if (double.IsNaN(x)) return y;
            if (double.IsNaN(y)) return x;
            return lowerIsBetter ? Math.Min(x, y) : Math.Max(x, y);
        });

    private static void Log(bool json, string message)
    {
        if (json) Console.Error.WriteLine(message);
        else AnsiConsole.MarkupLine($"[grey]{Markup.Escape(message)}[/]");
    }
}
