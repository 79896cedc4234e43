namespace MlNetCnn.Engine.Tests;

public class ConvGradientTests
{
    // input h, w, c; kernel kh, kw; filters; strides; padding; bias.
    public static TheoryData<int, int, int, int, int, int, int, int, Padding, bool> Cases => new()
    {
        { 5, 5, 3, 3, 3, 2, 1, 1, Padding.Valid, true },   // RGB input, valid
        { 5, 5, 3, 3, 3, 2, 1, 1, Padding.Same, false },   // same, even total padding (1 + 1), no bias
        { 6, 6, 2, 4, 4, 2, 1, 1, Padding.Same, true },    // 4x4 kernel: odd total padding 3 = 1 before + 2 after
        { 5, 5, 1, 2, 2, 3, 2, 2, Padding.Same, true },    // 2x2 kernel, stride 2: total 1 = 0 before + 1 after
        { 7, 7, 3, 3, 3, 2, 2, 2, Padding.Valid, true },   // stride 2, valid
        { 6, 6, 3, 4, 4, 3, 2, 2, Padding.Valid, false },  // 4x4 kernel, stride 2, three filters
        { 5, 4, 2, 2, 3, 2, 2, 1, Padding.Same, true },    // non-square everything
        { 4, 4, 3, 1, 1, 4, 1, 1, Padding.Valid, true },   // 1x1 kernel
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Conv2D_gradients_match_finite_differences(int h, int w, int c, int kh, int kw, int filters, int sh, int sw, Padding padding, bool useBias)
    {
        var net = new TestNet(new[] { h, w, c });
        var y = net.Graph.Conv2D("conv", net.Z, filters, kh, kw, sh, sw, padding, useBias, biasInitializer: Initializer.GlorotUniform);
        var logits = net.Graph.Dense("head", net.Graph.Flatten("flat", y), 3);
        net.SparseLoss(logits, fromLogits: true);
        net.Start().WithData(2);

        GradientCheck.AssertGradients(net);
    }

    [Fact]
    public void Conv2D_as_first_layer_on_the_raw_input_gets_kernel_and_bias_gradients()
    {
        var net = new TestNet(new[] { 6, 6, 3 }, trackInputGradient: false);
        var y = net.Graph.Conv2D("conv", net.Z, 2, 3, 3, 1, 1, Padding.Same, biasInitializer: Initializer.GlorotUniform);
        var pooled = net.Graph.AveragePooling2D("pool", y, 2, 2, 2, 2);
        net.CategoricalLoss(net.Graph.Dense("head", net.Graph.Flatten("flat", pooled), 4), fromLogits: true);
        net.Start().WithData(3);

        Assert.False(net.X.RequiresGrad);
        GradientCheck.AssertGradients(net, batch: 3);
    }

    [Theory]
    [InlineData(6, 6, 4, 4, 1, 1, Padding.Same)]
    [InlineData(5, 5, 2, 2, 2, 2, Padding.Same)]
    [InlineData(7, 5, 3, 2, 2, 1, Padding.Same)]
    [InlineData(7, 7, 3, 3, 2, 2, Padding.Valid)]
    public void Conv2D_forward_matches_a_naive_convolution_with_TensorFlow_padding(int h, int w, int kh, int kw, int sh, int sw, Padding padding)
    {
        const int c = 3, f = 2;
        var graph = new Graph();
        var x = graph.Input("x", h, w, c);
        var y = graph.Conv2D("conv", x, f, kh, kw, sh, sw, padding, biasInitializer: Initializer.GlorotUniform);
        var executor = new GraphExecutor(graph, new MlNetCnn.Kernels.ReferenceKernels(), seed: 3);
        var rng = new Random(5);
        var input = Enumerable.Range(0, h * w * c).Select(_ => Draw.Uniform(rng)).ToArray();
        input.CopyTo(executor.InputBuffer(x, 1));
        executor.Forward(1, training: false);

        // TensorFlow's rules, written independently of ConvArithmetic: same -> out = ceil(n / s) and
        // pad_along = max(k - (n % s == 0 ? s : n % s), 0), pad_before = pad_along / 2; valid -> ceil((n - k + 1) / s).
        int Out(int n, int k, int s) => padding == Padding.Same ? (n + s - 1) / s : (n - k + s) / s;
        int Before(int n, int k, int s) => padding == Padding.Same ? Math.Max(k - (n % s == 0 ? s : n % s), 0) / 2 : 0;
        int oh = Out(h, kh, sh), ow = Out(w, kw, sw), top = Before(h, kh, sh), left = Before(w, kw, sw);
        Assert.Equal(new[] { oh, ow, f }, y.SampleShape);

        var kernel = graph.Values(graph.Parameters.Single(p => p.Name == "conv/kernel")).ToArray();
        var bias = graph.Values(graph.Parameters.Single(p => p.Name == "conv/bias")).ToArray();
        var actual = executor.Output(y, 1);
        for (int oy = 0; oy < oh; oy++)
        for (int ox = 0; ox < ow; ox++)
        for (int fi = 0; fi < f; fi++)
        {
            double sum = bias[fi];
            for (int ky = 0; ky < kh; ky++)
            for (int kx = 0; kx < kw; kx++)
            for (int ci = 0; ci < c; ci++)
            {
                int iy = oy * sh + ky - top, ix = ox * sw + kx - left;
                if (iy < 0 || iy >= h || ix < 0 || ix >= w) continue;
                sum += (double)input[(iy * w + ix) * c + ci] * kernel[((ky * kw + kx) * c + ci) * f + fi];
            }

            Assert.Equal(sum, actual[(oy * ow + ox) * f + fi], 1e-5);
        }
    }
}
