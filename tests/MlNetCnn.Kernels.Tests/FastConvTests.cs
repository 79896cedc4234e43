using MlNetCnn.Kernels;

namespace MlNetCnn.Kernels.Tests;

public class FastConvTests
{
    private readonly ReferenceKernels _reference = new();

    /// <summary>(batch, h, w, c, kh, kw, filters, strideH, strideW, same).</summary>
    public static TheoryData<int, int, int, int, int, int, int, int, int, bool> Shapes => new()
    {
        { 2, 28, 28, 1, 3, 3, 64, 1, 1, false }, // the network's first layer (few gradient rows: split reduction)
        { 2, 13, 13, 64, 3, 3, 64, 1, 1, false }, // its second layer (two column bands in backward-data)
        { 3, 7, 9, 3, 3, 3, 5, 1, 1, true }, // RGB, 'same', filters not a multiple of the vector
        { 2, 8, 8, 3, 4, 4, 17, 2, 2, true }, // even kernel, stride 2, odd padding split
        { 1, 11, 10, 2, 2, 2, 33, 2, 2, false },
        { 2, 10, 11, 16, 3, 3, 32, 3, 3, true }, // stride 3
        { 1, 9, 7, 17, 5, 3, 48, 1, 2, true }, // mixed strides, 48 filters (2 + 1 vectors)
        { 4, 5, 5, 1, 5, 5, 1, 1, 1, false }, // one output pixel, one filter
        { 1, 6, 6, 70, 1, 1, 70, 1, 1, false }, // 1x1 conv: a plain GEMM
        { 2, 12, 12, 8, 3, 3, 80, 1, 1, true },
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Forward_and_both_backward_passes_match_the_reference(int n, int h, int w, int c, int kh, int kw, int f, int sh, int sw, bool same)
    {
        var g = TestData.Conv(n, h, w, c, kh, kw, f, sh, sw, same);
        var expected = new Expected(_reference, g, seed: h * 100 + f);
        foreach (var (threads, bits) in new[] { (1, 512), (2, 512), (3, 512), (2, 256), (2, 128) })
        {
            using var fast = FastTestSupport.Create(threads, bits);
            expected.Check(fast);
        }
    }

    [Fact]
    public void Padding_is_applied_a_chunk_of_images_at_a_time()
    {
        var g = TestData.Conv(5, 9, 9, 4, 3, 3, 16, 1, 1, same: true);
        using var fast = new FastKernels(2) { PadChunkFloats = 2 * 11 * 11 * 4 }; // two padded images per chunk
        new Expected(_reference, g, seed: 3).Check(fast);
    }

    [Fact]
    public void Rejects_a_workspace_smaller_than_reported()
    {
        var g = TestData.Conv(2, 8, 8, 3, 3, 3, 16, 1, 1, same: true);
        using var fast = new FastKernels(2);
        var small = new float[32];
        var ex = Assert.Throws<ArgumentException>(() => fast.Conv2DForward(
            g, new float[g.InputLength], new float[g.KernelLength], [], new float[g.OutputLength], small));
        Assert.Contains("Conv2DWorkspaceSize", ex.Message);
    }

    /// <summary>Random inputs and the reference results (and term magnitudes) for every pass of one geometry.</summary>
    private sealed class Expected
    {
        private readonly Conv2DGeometry _g;
        private readonly float[] _x, _kernel, _bias, _dy;
        private readonly float[] _out, _outNoBias, _outMagnitude, _dx, _dxMagnitude, _dw, _dwMagnitude, _db, _dbMagnitude;

        public Expected(ReferenceKernels reference, Conv2DGeometry g, int seed)
        {
            _g = g;
            var rng = new Random(seed);
            _x = TestData.Random(rng, g.InputLength);
            _kernel = TestData.Random(rng, g.KernelLength);
            _bias = TestData.Random(rng, g.Filters);
            _dy = TestData.Random(rng, g.OutputLength);
            var absX = FastTestSupport.Abs(_x);
            var absK = FastTestSupport.Abs(_kernel);
            var absDy = FastTestSupport.Abs(_dy);
            _out = new float[g.OutputLength];
            _outNoBias = new float[g.OutputLength];
            _outMagnitude = new float[g.OutputLength];
            reference.Conv2DForward(g, _x, _kernel, _bias, _out, []);
            reference.Conv2DForward(g, _x, _kernel, [], _outNoBias, []);
            reference.Conv2DForward(g, absX, absK, FastTestSupport.Abs(_bias), _outMagnitude, []);
            _dx = new float[g.InputLength];
            _dxMagnitude = new float[g.InputLength];
            reference.Conv2DBackwardData(g, _dy, _kernel, _dx, []);
            reference.Conv2DBackwardData(g, absDy, absK, _dxMagnitude, []);
            _dw = new float[g.KernelLength];
            _dwMagnitude = new float[g.KernelLength];
            _db = new float[g.Filters];
            _dbMagnitude = new float[g.Filters];
            reference.Conv2DBackwardFilter(g, _x, _dy, _dw, _db, []);
            reference.Conv2DBackwardFilter(g, absX, absDy, _dwMagnitude, _dbMagnitude, []);
        }

        public void Check(FastKernels fast)
        {
            var g = _g;
            string shape = $"{g} ({fast.Threads} threads, {fast.VectorBits}-bit)";
            var workspace = FastTestSupport.Filled(fast.Conv2DWorkspaceSize(g), float.NaN); // garbage must not leak

            var actual = FastTestSupport.Filled(g.OutputLength, float.NaN);
            fast.Conv2DForward(g, _x, _kernel, _bias, actual, workspace);
            FastTestSupport.AssertClose(_out, actual, _outMagnitude, "forward " + shape);
            fast.Conv2DForward(g, _x, _kernel, [], actual, workspace);
            FastTestSupport.AssertClose(_outNoBias, actual, _outMagnitude, "forward without bias " + shape);

            var dx = FastTestSupport.Filled(g.InputLength, float.NaN);
            fast.Conv2DBackwardData(g, _dy, _kernel, dx, workspace);
            FastTestSupport.AssertClose(_dx, dx, _dxMagnitude, "backward data " + shape);

            var dw = FastTestSupport.Filled(g.KernelLength, float.NaN);
            var db = FastTestSupport.Filled(g.Filters, float.NaN);
            fast.Conv2DBackwardFilter(g, _x, _dy, dw, db, workspace);
            FastTestSupport.AssertClose(_dw, dw, _dwMagnitude, "kernel gradient " + shape);
            FastTestSupport.AssertClose(_db, db, _dbMagnitude, "bias gradient " + shape);
        }
    }
}
