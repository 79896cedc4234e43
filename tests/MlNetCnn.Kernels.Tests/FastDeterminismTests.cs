using MlNetCnn.Kernels;

namespace MlNetCnn.Kernels.Tests;

/// <summary>Runs that depend on every thread of the machine: kept out of parallel test execution.</summary>
[CollectionDefinition(nameof(SerialKernelTests), DisableParallelization = true)]
public class SerialKernelTests
{
}

[Collection(nameof(SerialKernelTests))]
public class FastDeterminismTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Two_runs_with_the_same_thread_count_are_bit_identical(int threads)
    {
        using var first = new FastKernels(threads);
        using var second = new FastKernels(threads);
        var a = RunNetworkKernels(first);
        var b = RunNetworkKernels(first);
        var c = RunNetworkKernels(second);
        for (int i = 0; i < a.Count; i++)
        {
            Assert.True(a[i].AsSpan().SequenceEqual(b[i]), $"result {i} differs between two runs on one instance");
            Assert.True(a[i].AsSpan().SequenceEqual(c[i]), $"result {i} differs between two instances");
        }
    }

    [Fact]
    public void A_warm_call_allocates_nothing_on_any_thread()
    {
        using var fast = new FastKernels(2);
        var state = new NetworkState(fast);
        state.Step(); // warm-up: JIT, scratch growth
        state.Step();
        long caller = GC.GetAllocatedBytesForCurrentThread();
        long workers = fast.WorkerAllocatedBytes;
        for (int i = 0; i < 3; i++)
        {
            state.Step();
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - caller);
        Assert.Equal(0, fast.WorkerAllocatedBytes - workers);
    }

    private static List<float[]> RunNetworkKernels(FastKernels fast)
    {
        var state = new NetworkState(fast);
        state.Step();
        return [state.Conv1Out, state.Conv2Out, state.Conv2Dx, state.Conv2Dw, state.Conv1Dw, state.DenseOut, state.DenseDw, state.Bias];
    }

    /// <summary>The kernels of one training step of the Fashion-MNIST network, at batch 4.</summary>
    private sealed class NetworkState
    {
        private const int Batch = 4;
        private readonly FastKernels _k;
        private readonly Conv2DGeometry _c1 = TestData.Conv(Batch, 28, 28, 1, 3, 3, 64, 1, 1, false);
        private readonly Conv2DGeometry _c2 = TestData.Conv(Batch, 13, 13, 64, 3, 3, 64, 1, 1, false);
        private readonly PoolGeometry _p1 = TestData.Pool(Batch, 26, 26, 64, 2, 2, 2, 2, false);
        private readonly float[] _x, _w1, _b1, _w2, _b2, _pool1, _dy2, _wd, _workspace, _m, _v;
        private readonly int[] _arg1;

        public NetworkState(FastKernels k)
        {
            _k = k;
            var rng = new Random(42);
            _x = TestData.Random(rng, _c1.InputLength);
            _w1 = TestData.Random(rng, _c1.KernelLength);
            _b1 = TestData.Random(rng, 64);
            _w2 = TestData.Random(rng, _c2.KernelLength);
            _b2 = TestData.Random(rng, 64);
            _dy2 = TestData.Random(rng, _c2.OutputLength);
            _wd = TestData.Random(rng, 1600 * 128);
            _m = new float[1600 * 128];
            _v = new float[1600 * 128];
            _pool1 = new float[_p1.OutputLength];
            _arg1 = new int[_p1.OutputLength];
            _workspace = new float[Math.Max(k.Conv2DWorkspaceSize(_c1), k.Conv2DWorkspaceSize(_c2))];
            Conv1Out = new float[_c1.OutputLength];
            Conv2Out = new float[_c2.OutputLength];
            Conv2Dx = new float[_c2.InputLength];
            Conv2Dw = new float[_c2.KernelLength];
            Conv1Dw = new float[_c1.KernelLength];
            DenseOut = new float[Batch * 128];
            DenseDw = new float[1600 * 128];
            Bias = new float[64];
        }

        public float[] Conv1Out { get; }

        public float[] Conv2Out { get; }

        public float[] Conv2Dx { get; }

        public float[] Conv2Dw { get; }

        public float[] Conv1Dw { get; }

        public float[] DenseOut { get; }

        public float[] DenseDw { get; }

        public float[] Bias { get; }

        public void Step()
        {
            _k.Conv2DForward(_c1, _x, _w1, _b1, Conv1Out, _workspace);
            _k.Activation(ActivationKind.Relu, Conv1Out.Length, Conv1Out, Conv1Out);
            _k.MaxPoolForward(_p1, Conv1Out, _pool1, _arg1);
            _k.Conv2DForward(_c2, _pool1, _w2, _b2, Conv2Out, _workspace);
            _k.Gemm(false, false, Batch, 128, 1600, 1f, Conv2Out, 1600, _wd, 128, 0f, DenseOut, 128);
            _k.Gemm(true, false, 1600, 128, Batch, 1f, Conv2Out, 1600, DenseOut, 128, 0f, DenseDw, 128);
            _k.Gemm(false, true, Batch, 1600, 128, 1f, DenseOut, 128, _wd, 128, 0f, Conv2Out, 1600);
            _k.Conv2DBackwardData(_c2, _dy2, _w2, Conv2Dx, _workspace);
            _k.Conv2DBackwardFilter(_c2, _pool1, _dy2, Conv2Dw, Bias, _workspace);
            _k.MaxPoolBackward(_p1, Conv2Dx, _arg1, Conv1Out);
            _k.Conv2DBackwardFilter(_c1, _x, Conv1Out, Conv1Dw, Bias, _workspace);
            _k.AdamUpdate(_wd.Length, _wd, DenseDw, _m, _v, 1e-3f, 0.9f, 0.999f, 1e-7f);
            _k.BiasGrad(Batch * 26 * 26, 64, Conv1Out, Bias);
        }
    }
}
