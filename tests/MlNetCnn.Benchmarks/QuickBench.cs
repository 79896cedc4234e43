using System.Runtime.Intrinsics;
using MlNetCnn.Kernels;
using MlNetCnn.Kernels.Fast;

namespace MlNetCnn.Benchmarks;

/// <summary>
/// <c>--quick</c>: a few seconds of Stopwatch loops printing GFLOP/s per kernel for the fast and the reference
/// kernels side by side in one run, then the whole network's kernel sequence as training samples/s, inference
/// images/s and single-image latency. Reference convolutions are timed at batch 2 (their rate does not depend on
/// the batch; at batch 32 they would take seconds each).
/// </summary>
internal static class QuickBench
{
    public static void Run(string[] args)
    {
        int threads = Option(args, "--threads", Environment.ProcessorCount);
        Timing.UseThreadCpuTime = args.Contains("--cpu-time") && threads == 1 && OperatingSystem.IsLinux();
        using var fast = new FastKernels(threads);
        var reference = new ReferenceKernels();
        Console.WriteLine($"MlNetCnn kernels quick benchmark: {threads} thread(s), {fast.VectorBits}-bit vectors "
            + $"(Vector512 accelerated: {Vector512.IsHardwareAccelerated}), {Environment.ProcessorCount} logical cores, "
            + (Timing.UseThreadCpuTime ? "timed by thread CPU time" : "timed by wall clock"));
        if (File.Exists("/proc/loadavg"))
        {
            Console.WriteLine($"load average before the run: {File.ReadAllText("/proc/loadavg").Trim()} (other processes skew wall-clock figures)");
        }
        Console.WriteLine();
        Console.WriteLine($"{"kernel",-44} {"fast GFLOP/s",12} {"ref GFLOP/s",12} {"fast/ref",9} {"fast time",11}");

        Gemm(fast, reference, "GEMM dense1 fwd   32x1600 * 1600x128", false, false, 32, 128, 1600);
        Gemm(fast, reference, "GEMM dense1 dW    (32x1600)^T * 32x128", true, false, 1600, 128, 32);
        Gemm(fast, reference, "GEMM dense1 dX    32x128 * (1600x128)^T", false, true, 32, 1600, 128);
        Gemm(fast, reference, "GEMM dense1 fwd  128x1600 * 1600x128", false, false, 128, 128, 1600);
        Gemm(fast, reference, "GEMM conv2-shaped 3872x576 * 576x64", false, false, 3872, 64, 576);
        Gemm(fast, reference, "GEMM square 512^3", false, false, 512, 512, 512);

        Conv(fast, reference, "conv1 forward        b32 28x28x1 ->64", Shapes.Conv1, Pass.Forward);
        Conv(fast, reference, "conv1 backward-filter b32", Shapes.Conv1, Pass.Filter);
        Conv(fast, reference, "conv2 forward        b32 13x13x64 ->64", Shapes.Conv2, Pass.Forward);
        Conv(fast, reference, "conv2 backward-data   b32", Shapes.Conv2, Pass.Data);
        Conv(fast, reference, "conv2 backward-filter b32", Shapes.Conv2, Pass.Filter);
        Conv(fast, reference, "conv2 forward        b1", _ => Shapes.Conv2(1), Pass.Forward);

        Console.WriteLine();
        Dispatch(threads);
        Pool(fast, reference);
        Console.WriteLine();
        Network(fast);
    }

    private enum Pass
    {
        Forward,
        Data,
        Filter,
    }

    private static void Gemm(FastKernels fast, ReferenceKernels reference, string name, bool transA, bool transB, int m, int n, int k)
    {
        var rng = new Random(3);
        var a = Shapes.Random(rng, (long)m * k);
        var b = Shapes.Random(rng, (long)k * n);
        var c = new float[(long)m * n];
        int lda = transA ? m : k, ldb = transB ? k : n;
        double flops = 2.0 * m * n * k;
        double tFast = Timing.SecondsPerCall(() => fast.Gemm(transA, transB, m, n, k, 1f, a, lda, b, ldb, 0f, c, n));
        double tRef = Timing.SecondsPerCall(() => reference.Gemm(transA, transB, m, n, k, 1f, a, lda, b, ldb, 0f, c, n), 0.02, 3);
        Print(name, flops / tFast, flops / tRef, tFast);
    }

    private static void Conv(FastKernels fast, ReferenceKernels reference, string name, Func<int, Conv2DGeometry> shape, Pass pass)
    {
        var g = shape(32);
        double tFast = TimeConv(fast, g, pass, 0.05, 7);
        var small = g with { Batch = Math.Min(g.Batch, 2) };
        double tRef = TimeConv(reference, small, pass, 0.02, 3);
        Print(name, 2 * Shapes.Macs(g) / tFast, 2 * Shapes.Macs(small) / tRef, tFast);
    }

    private static double TimeConv(IKernels k, Conv2DGeometry g, Pass pass, double batchSeconds, int batches)
    {
        var rng = new Random(5);
        var x = Shapes.Random(rng, g.InputLength);
        var w = Shapes.Random(rng, g.KernelLength);
        var bias = Shapes.Random(rng, g.Filters);
        var y = Shapes.Random(rng, g.OutputLength);
        var dw = new float[g.KernelLength];
        var db = new float[g.Filters];
        var ws = new float[k.Conv2DWorkspaceSize(g)];
        Action action = pass switch
        {
            Pass.Forward => () => k.Conv2DForward(g, x, w, bias, y, ws),
            Pass.Data => () => k.Conv2DBackwardData(g, y, w, x, ws),
            _ => () => k.Conv2DBackwardFilter(g, x, y, dw, db, ws),
        };
        return Timing.SecondsPerCall(action, batchSeconds, batches);
    }

    private static void Dispatch(int threads)
    {
        using var pool = new WorkerPool(threads);
        var work = new EmptyWork();
        double t = Timing.SecondsPerCall(() => pool.Run(ref work, threads));
        Console.WriteLine($"worker pool: dispatch of an empty job over {threads} thread(s): {t * 1e6:F2} us (the caller claims whatever chunks idle workers have not)");
    }

    private static void Pool(FastKernels fast, ReferenceKernels reference)
    {
        var g = Shapes.Pool1(32);
        var rng = new Random(9);
        var x = Shapes.Random(rng, g.InputLength);
        var y = new float[g.OutputLength];
        var arg = new int[g.OutputLength];
        var dx = new float[g.InputLength];
        foreach (var (name, kernels) in new (string, IKernels)[] { ("fast", fast), ("reference", reference) })
        {
            double tf = Timing.SecondsPerCall(() => kernels.MaxPoolForward(g, x, y, arg));
            double tb = Timing.SecondsPerCall(() => kernels.MaxPoolBackward(g, y, arg, dx));
            double tr = Timing.SecondsPerCall(() => kernels.Activation(ActivationKind.Relu, x.Length, x, dx));
            Console.WriteLine($"{name,-9} b32 26x26x64: max-pool forward {tf * 1e6,8:F0} us, backward {tb * 1e6,8:F0} us, relu {tr * 1e6,8:F0} us");
        }
    }

    private static void Network(FastKernels fast)
    {
        Console.WriteLine("Whole network, kernels only (fast):");
        foreach (int batch in new[] { 32, 128 })
        {
            var step = new NetworkStep(fast, batch);
            double t = Timing.SecondsPerCall(step.Train, 0.2, 5);
            Console.WriteLine($"  training  batch {batch,3}: {batch / t,8:F0} samples/s  ({t * 1e3:F2} ms/step, "
                + $"{batch * NetworkStep.TrainMacsPerImage * 2 / t / 1e9:F1} GFLOP/s)");
        }

        var infer = new NetworkStep(fast, 128);
        double ti = Timing.SecondsPerCall(infer.Predict, 0.2, 5);
        Console.WriteLine($"  inference batch 128: {128 / ti,8:F0} images/s   ({ti * 1e3:F2} ms/batch)");
        var single = new NetworkStep(fast, 1);
        double latency = Timing.MedianLatency(single.Predict, 2000);
        Console.WriteLine($"  single image latency: {latency * 1e6:F0} us (median of 2000)");

        Console.WriteLine("  where a batch-32 training step spends its time:");
        var profile = new ProfilingKernels(fast) { Batch = 32 };
        var profiled = new NetworkStep(profile, 32);
        profiled.Train();
        profile.Reset();
        const int steps = 20;
        for (int i = 0; i < steps; i++)
        {
            profiled.Train();
        }

        profile.Print(steps);
    }

    private static void Print(string name, double fastFlops, double refFlops, double fastSeconds)
        => Console.WriteLine($"{name,-44} {fastFlops / 1e9,12:F1} {refFlops / 1e9,12:F2} {fastFlops / refFlops,8:F0}x {fastSeconds * 1e6,9:F0} us");

    private struct EmptyWork : IWorkItem
    {
        public readonly void Execute(int begin, int end, int thread)
        {
        }
    }

    private static int Option(string[] args, string name, int fallback)
    {
        int i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length && int.TryParse(args[i + 1], out int value) ? value : fallback;
    }
}
