// Kernel benchmarks.
//   dotnet run -c Release --project tests/MlNetCnn.Benchmarks -- --quick [--threads N] [--cpu-time]
//       a few seconds of Stopwatch loops: GFLOP/s per kernel, fast vs reference side by side, then the whole
//       network's kernels (training samples/s, inference images/s, single-image latency, per-kernel profile).
//       --cpu-time (Linux, with --threads 1) times by the thread's CPU time, robust on a busy machine.
//   dotnet run -c Release --project tests/MlNetCnn.Benchmarks -- --filter "*Conv*"
//       BenchmarkDotNet: GemmBenchmarks, ConvBenchmarks, NetworkBenchmarks.
using BenchmarkDotNet.Running;
using MlNetCnn.Benchmarks;

if (args.Contains("--quick"))
{
    QuickBench.Run(args);
}
else
{
    BenchmarkSwitcher.FromAssembly(typeof(QuickBench).Assembly).Run(args);
}
