using BenchmarkDotNet.Attributes;
using MlNetCnn.Kernels;

namespace MlNetCnn.Benchmarks;

/// <summary>GEMM at the network's dense-layer shapes, fast vs reference (BenchmarkDotNet).</summary>
[MemoryDiagnoser]
public class GemmBenchmarks : IDisposable
{
    private readonly FastKernels _fast = new();
    private readonly ReferenceKernels _reference = new();
    private float[] _a = [], _b = [], _c = [];

    /// <summary>"m,n,k,transA,transB".</summary>
    [Params("32,128,1600,F,F", "1600,128,32,T,F", "32,1600,128,F,T", "128,128,1600,F,F")]
    public string Shape { get; set; } = "";

    [Params("fast", "reference")]
    public string Kernels { get; set; } = "";

    private (int M, int N, int K, bool TA, bool TB) Parsed
    {
        get
        {
            var p = Shape.Split(',');
            return (int.Parse(p[0]), int.Parse(p[1]), int.Parse(p[2]), p[3] == "T", p[4] == "T");
        }
    }

    [GlobalSetup]
    public void Setup()
    {
        var (m, n, k, _, _) = Parsed;
        var rng = new Random(1);
        _a = Shapes.Random(rng, (long)m * k);
        _b = Shapes.Random(rng, (long)k * n);
        _c = new float[m * n];
    }

    [Benchmark]
    public void Gemm()
    {
        var (m, n, k, ta, tb) = Parsed;
        IKernels kernels = Kernels == "fast" ? _fast : _reference;
        kernels.Gemm(ta, tb, m, n, k, 1f, _a, ta ? m : k, _b, tb ? k : n, 0f, _c, n);
    }

    public void Dispose() => _fast.Dispose();
}

/// <summary>Both convolution layers of the network at batch 32, every pass, fast vs reference (BenchmarkDotNet).</summary>
[MemoryDiagnoser]
public class ConvBenchmarks : IDisposable
{
    private readonly FastKernels _fast = new();
    private readonly ReferenceKernels _reference = new();
    private Conv2DGeometry _g;
    private float[] _x = [], _w = [], _bias = [], _y = [], _dw = [], _db = [], _workspace = [];

    [Params("conv1", "conv2")]
    public string Layer { get; set; } = "";

    [Params("forward", "data", "filter")]
    public string Pass { get; set; } = "";

    [Params("fast", "reference")]
    public string Kernels { get; set; } = "";

    private IKernels Active => Kernels == "fast" ? _fast : _reference;

    [GlobalSetup]
    public void Setup()
    {
        _g = Layer == "conv1" ? Shapes.Conv1(32) : Shapes.Conv2(32);
        var rng = new Random(1);
        _x = Shapes.Random(rng, _g.InputLength);
        _w = Shapes.Random(rng, _g.KernelLength);
        _bias = Shapes.Random(rng, _g.Filters);
        _y = Shapes.Random(rng, _g.OutputLength);
        _dw = new float[_g.KernelLength];
        _db = new float[_g.Filters];
        _workspace = new float[Active.Conv2DWorkspaceSize(_g)];
    }

    [Benchmark]
    public void Conv()
    {
        switch (Pass)
        {
            case "forward": Active.Conv2DForward(_g, _x, _w, _bias, _y, _workspace); break;
            case "data": Active.Conv2DBackwardData(_g, _y, _w, _x, _workspace); break;
            default: Active.Conv2DBackwardFilter(_g, _x, _y, _dw, _db, _workspace); break;
        }
    }

    public void Dispose() => _fast.Dispose();
}

/// <summary>One training step / inference pass of the whole network's kernels with the fast kernels (BenchmarkDotNet).</summary>
[MemoryDiagnoser]
public class NetworkBenchmarks : IDisposable
{
    private readonly FastKernels _fast = new();
    private NetworkStep? _step;

    [Params(1, 32, 128)]
    public int Batch { get; set; }

    [GlobalSetup]
    public void Setup() => _step = new NetworkStep(_fast, Batch);

    [Benchmark]
    public void TrainStep() => _step!.Train();

    [Benchmark]
    public void Predict() => _step!.Predict();

    public void Dispose() => _fast.Dispose();
}
