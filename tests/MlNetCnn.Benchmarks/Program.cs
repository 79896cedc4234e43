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
