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
        foreach (var (threads, bits) in new[] { (1, 512), (2, 512), (3, 512), (2, 256), (2, 128) })
        {
            using var fast = FastTestSupport.Create(threads, bits);
            CheckAll(fast, g, seed: h * 100 + f + threads);
        }
    }

    [Fact]
    public void Padding_is_applied_a_chunk_of_images_at_a_time()
    {
        var g = TestData.Conv(5, 9, 9, 4, 3, 3, 16, 1, 1, same: true);
        using var fast = new FastKernels(2) { PadChunkFloats = 2 * 11 * 11 * 4 }; // two padded images per chunk
        CheckAll(fast, g, seed: 3);
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

    private void CheckAll(FastKernels fast, in Conv2DGeometry g, int seed)
    {
        var rng = new Random(seed);
        var x = TestData.Random(rng, g.InputLength);
        var kernel = TestData.Random(rng, g.KernelLength);
        var bias = TestData.Random(rng, g.Filters);
        var dy = TestData.Random(rng, g.OutputLength);
        var workspace = FastTestSupport.Filled(fast.Conv2DWorkspaceSize(g), float.NaN); // garbage must not leak
        var absX = FastTestSupport.Abs(x);
        var absK = FastTestSupport.Abs(kernel);
        var absDy = FastTestSupport.Abs(dy);
        string shape = g.ToString();

        var expected = new float[g.OutputLength];
        var magnitude = new float[g.OutputLength];
        var actual = FastTestSupport.Filled(g.OutputLength, float.NaN);
        _reference.Conv2DForward(g, x, kernel, bias, expected, []);
        _reference.Conv2DForward(g, absX, absK, FastTestSupport.Abs(bias), magnitude, []);
        fast.Conv2DForward(g, x, kernel, bias, actual, workspace);
        FastTestSupport.AssertClose(expected, actual, magnitude, "forward " + shape);

        _reference.Conv2DForward(g, x, kernel, [], expected, []);
        fast.Conv2DForward(g, x, kernel, [], actual, workspace);
        FastTestSupport.AssertClose(expected, actual, magnitude, "forward without bias " + shape);

        var dxExpected = new float[g.InputLength];
        var dxMagnitude = new float[g.InputLength];
        var dxActual = FastTestSupport.Filled(g.InputLength, float.NaN);
        _reference.Conv2DBackwardData(g, dy, kernel, dxExpected, []);
        _reference.Conv2DBackwardData(g, absDy, absK, dxMagnitude, []);
        fast.Conv2DBackwardData(g, dy, kernel, dxActual, workspace);
        FastTestSupport.AssertClose(dxExpected, dxActual, dxMagnitude, "backward data " + shape);

        var dwExpected = new float[g.KernelLength];
        var dwMagnitude = new float[g.KernelLength];
        var dbExpected = new float[g.Filters];
        var dbMagnitude = new float[g.Filters];
        var dwActual = FastTestSupport.Filled(g.KernelLength, float.NaN);
        var dbActual = FastTestSupport.Filled(g.Filters, float.NaN);
        _reference.Conv2DBackwardFilter(g, x, dy, dwExpected, dbExpected, []);
        _reference.Conv2DBackwardFilter(g, absX, absDy, dwMagnitude, dbMagnitude, []);
        fast.Conv2DBackwardFilter(g, x, dy, dwActual, dbActual, workspace);
        FastTestSupport.AssertClose(dwExpected, dwActual, dwMagnitude, "kernel gradient " + shape);
        FastTestSupport.AssertClose(dbExpected, dbActual, dbMagnitude, "bias gradient " + shape);
    }
}
