using MlNetCnn.Kernels;

namespace MlNetCnn.Kernels.Tests;

public class ReferenceConvTests
{
    private readonly ReferenceKernels _k = new();

    [Fact]
    public void Forward_matches_a_hand_computed_valid_case()
    {
        // 3x3 image, one channel, 2x2 kernel [1 0; 0 -1] (top-left minus bottom-right), bias 10.
        var g = TestData.Conv(1, 3, 3, 1, 2, 2, 1, 1, 1, same: false);
        float[] input = [1, 2, 3, 4, 5, 6, 7, 8, 9];
        float[] kernel = [1, 0, 0, -1];
        var output = new float[4];
        _k.Conv2DForward(g, input, kernel, [10f], output, []);
        Assert.Equal([6f, 6f, 6f, 6f], output);
    }

    [Fact]
    public void Same_padding_puts_the_odd_row_at_the_bottom()
    {
        // 2x2 image, 2x2 kernel of ones, 'same': total padding 1 per axis, all of it bottom/right.
        var g = TestData.Conv(1, 2, 2, 1, 2, 2, 1, 1, 1, same: true);
        Assert.Equal((0, 0, 2, 2), (g.PadTop, g.PadLeft, g.OutHeight, g.OutWidth));
        float[] input = [1, 2, 3, 4];
        var output = new float[4];
        _k.Conv2DForward(g, input, [1, 1, 1, 1], [], output, []);
        Assert.Equal([10f, 6f, 7f, 4f], output);
    }

    [Theory]
    [InlineData(2, 7, 6, 1, 3, 3, 4, 1, 1, false)] // the network's shape, small
    [InlineData(1, 5, 5, 1, 4, 4, 2, 1, 1, true)] // even kernel, 'same': pad 1 top, 2 bottom
    [InlineData(2, 8, 7, 3, 3, 3, 5, 2, 2, true)] // RGB, stride 2
    [InlineData(1, 9, 8, 3, 4, 4, 3, 2, 2, false)] // even kernel, stride 2, valid
    [InlineData(1, 7, 9, 2, 3, 2, 3, 3, 1, true)] // mixed strides and kernel sides
    public void Forward_matches_explicit_padding_then_valid_summation(int n, int h, int w, int c, int kh, int kw, int f, int sh, int sw, bool same)
    {
        var rng = new Random(h * 31 + w);
        var g = TestData.Conv(n, h, w, c, kh, kw, f, sh, sw, same);
        var input = TestData.Random(rng, g.InputLength);
        var kernel = TestData.Random(rng, g.KernelLength);
        var bias = TestData.Random(rng, f);
        var output = new float[g.OutputLength];
        _k.Conv2DForward(g, input, kernel, bias, output, []);
        TestData.AssertClose(TestData.NaiveConv(g, input, kernel, bias), output, 1e-6, "output");
    }

    [Theory]
    [InlineData(2, 6, 5, 1, 3, 3, 4, 1, 1, false)]
    [InlineData(1, 5, 5, 2, 4, 4, 2, 1, 1, true)]
    [InlineData(2, 8, 7, 3, 3, 3, 5, 2, 2, true)]
    [InlineData(1, 9, 8, 3, 4, 4, 3, 2, 2, false)]
    [InlineData(1, 7, 9, 2, 3, 2, 3, 3, 1, true)]
    public void Backward_kernels_are_the_adjoints_of_forward(int n, int h, int w, int c, int kh, int kw, int f, int sh, int sw, bool same)
    {
        // Forward is bilinear: out = conv(x, W). For any dy: <conv(x, W), dy> = <x, BackwardData(dy, W)>
        // = <W, BackwardFilter(x, dy)>, and the bias gradient is the sum of dy per filter.
        var rng = new Random(n + h * 7 + f * 13);
        var g = TestData.Conv(n, h, w, c, kh, kw, f, sh, sw, same);
        var x = TestData.Random(rng, g.InputLength);
        var kernel = TestData.Random(rng, g.KernelLength);
        var dy = TestData.Random(rng, g.OutputLength);
        double outDotDy = TestData.Dot(TestData.NaiveConv(g, x, kernel, null), dy);

        var dx = new float[g.InputLength];
        Array.Fill(dx, 123f);
        _k.Conv2DBackwardData(g, dy, kernel, dx, []);
        Assert.Equal(outDotDy, TestData.Dot(x, dx), 4);

        var dw = new float[g.KernelLength];
        var db = new float[f];
        _k.Conv2DBackwardFilter(g, x, dy, dw, db, []);
        Assert.Equal(outDotDy, TestData.Dot(kernel, dw), 4);
        for (int fi = 0; fi < f; fi++)
        {
            double sum = 0;
            for (int i = fi; i < dy.Length; i += f)
            {
                sum += dy[i];
            }

            Assert.Equal(sum, db[fi], 4);
        }

        // Each single weight's gradient equals the derivative of <conv, dy> with respect to it (linear in W).
        int probe = (int)(g.KernelLength / 2);
        var bumped = (float[])kernel.Clone();
        bumped[probe] += 1f;
        double derivative = TestData.Dot(TestData.NaiveConv(g, x, bumped, null), dy) - outDotDy;
        Assert.Equal(derivative, dw[probe], 3);
    }

    [Fact]
    public void Backward_data_of_a_hand_computed_stride_2_case()
    {
        // 4x4 image, 2x2 kernel of ones, stride 2: each input cell belongs to exactly one window.
        var g = TestData.Conv(1, 4, 4, 1, 2, 2, 1, 2, 2, same: false);
        float[] dy = [1, 2, 3, 4];
        var dx = new float[16];
        _k.Conv2DBackwardData(g, dy, [1, 1, 1, 1], dx, []);
        Assert.Equal([1f, 1f, 2f, 2f, 1f, 1f, 2f, 2f, 3f, 3f, 4f, 4f, 3f, 3f, 4f, 4f], dx);
    }

    [Fact]
    public void Backward_filter_of_a_hand_computed_case()
    {
        // 3x3 image 1..9, 2x2 kernel, dy = 1 everywhere: dW[ky,kx] = sum of the 2x2 sub-image starting at (ky,kx).
        var g = TestData.Conv(1, 3, 3, 1, 2, 2, 1, 1, 1, same: false);
        float[] x = [1, 2, 3, 4, 5, 6, 7, 8, 9];
        var dw = new float[4];
        var db = new float[1];
        _k.Conv2DBackwardFilter(g, x, [1, 1, 1, 1], dw, db, []);
        Assert.Equal([12f, 16f, 24f, 28f], dw);
        Assert.Equal(4f, db[0]);
    }

    [Fact]
    public void Needs_no_workspace_and_checks_lengths()
    {
        var g = TestData.Conv(2, 5, 5, 3, 3, 3, 4, 1, 1, same: false);
        Assert.Equal(0, _k.Conv2DWorkspaceSize(g));
        var ex = Assert.Throws<ArgumentException>(() =>
            _k.Conv2DForward(g, new float[10], new float[g.KernelLength], [], new float[g.OutputLength], []));
        Assert.Contains("input", ex.Message);
    }
}
