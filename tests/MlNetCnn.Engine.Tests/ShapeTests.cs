using MlNetCnn.Engine.Ops;

namespace MlNetCnn.Engine.Tests;

public class ShapeTests
{
    [Fact]
    public void OutputSize_is_the_seeds_formula_over_a_grid()
    {
        // (n + 2p - f) / s + 1, checked against counting window positions: starts 0, s, 2s, ... with start + f <= n + 2p.
        for (int n = 1; n <= 14; n++)
        for (int f = 1; f <= 6; f++)
        for (int p = 0; p <= 2; p++)
        for (int s = 1; s <= 3; s++)
        {
            int windows = 0;
            for (int start = 0; start + f <= n + 2 * p; start += s) windows++;
            Assert.True(windows == ConvArithmetic.OutputSize(n, f, p, s), $"n={n} f={f} p={p} s={s}");
        }
    }

    [Theory]
    [InlineData(28, 3, 0, 1, 26)]  // the seeds' first convolution
    [InlineData(26, 2, 0, 2, 13)]  // first pooling
    [InlineData(13, 3, 0, 1, 11)]
    [InlineData(11, 2, 0, 2, 5)]   // 11 -> 5: floor
    [InlineData(6, 3, 1, 1, 6)]    // padding 1 keeps a 3x3 convolution's size
    [InlineData(7, 3, 1, 2, 4)]
    [InlineData(2, 3, 0, 1, 0)]    // the filter does not fit
    public void OutputSize_examples(int n, int f, int p, int s, int expected) =>
        Assert.Equal(expected, ConvArithmetic.OutputSize(n, f, p, s));

    [Fact]
    public void Valid_and_same_sizes_and_padding_follow_TensorFlow_over_a_grid()
    {
        for (int n = 1; n <= 14; n++)
        for (int f = 1; f <= 6; f++)
        for (int s = 1; s <= 4; s++)
        {
            string at = $"n={n} f={f} s={s}";
            // TensorFlow: valid -> ceil((n - f + 1) / s), no padding.
            int valid = f > n ? 0 : (n - f + 1 + s - 1) / s;
            Assert.True(valid == ConvArithmetic.OutputSize(n, f, s, Padding.Valid), "valid size " + at);
            Assert.Equal(0, ConvArithmetic.PaddingBefore(n, f, s, Padding.Valid));

            // TensorFlow: same -> ceil(n / s); pad_along = max(f - s, 0) if n % s == 0 else max(f - n % s, 0);
            // pad_before = pad_along / 2 (the odd extra cell goes after).
            int same = (n + s - 1) / s;
            int along = n % s == 0 ? Math.Max(f - s, 0) : Math.Max(f - n % s, 0);
            Assert.True(same == ConvArithmetic.OutputSize(n, f, s, Padding.Same), "same size " + at);
            Assert.True(along / 2 == ConvArithmetic.PaddingBefore(n, f, s, Padding.Same), "same padding " + at);
        }
    }

    [Fact]
    public void Non_positive_strides_are_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ConvArithmetic.OutputSize(5, 3, 0, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => ConvArithmetic.OutputSize(5, 3, -1, Padding.Same));
        var graph = new Graph();
        var x = graph.Input("x", 5, 5, 1);
        Assert.Equal("conv", Assert.Throws<ShapeException>(() => graph.Conv2D("conv", x, 2, 3, 3, 0, 1)).LayerName);
        Assert.Equal("pool", Assert.Throws<ShapeException>(() => graph.MaxPooling2D("pool", x, 2, 2, 2, 0)).LayerName);
    }

    [Fact]
    public void A_kernel_larger_than_the_map_names_the_layer_the_kernel_and_the_input_shape()
    {
        var graph = new Graph();
        var x = graph.Input("x", 2, 2, 1);
        var error = Assert.Throws<ShapeException>(() => graph.Conv2D("conv2d_1", x, 4, 3, 3));
        Assert.Equal("conv2d_1", error.LayerName);
        Assert.Contains("conv2d_1", error.Message);
        Assert.Contains("3x3", error.Message);
        Assert.Contains("(None, 2, 2, 1)", error.Message);

        var pool = Assert.Throws<ShapeException>(() => graph.MaxPooling2D("pool_1", x, 3, 3, 3, 3));
        Assert.Contains("pool_1", pool.Message);
        Assert.Contains("3x3", pool.Message);
        Assert.Contains("(None, 2, 2, 1)", pool.Message);
    }

    [Fact]
    public void A_failed_layer_leaves_the_graph_as_it_was()
    {
        var graph = new Graph();
        var x = graph.Input("x", 2, 2, 1);
        Assert.Throws<ShapeException>(() => graph.Conv2D("too_big", x, 4, 3, 3));
        Assert.Empty(graph.Parameters);
        Assert.Single(graph.Nodes);
        var ok = graph.Conv2D("fits", x, 4, 2, 2);
        Assert.Equal(new[] { 1, 1, 4 }, ok.SampleShape);
        Assert.Equal(2 * 2 * 4 + 4, graph.ParameterCount);
    }

    [Fact]
    public void A_channel_mismatch_names_the_layer_and_both_shapes()
    {
        // Only reachable when a kernel is made separately (e.g. from loaded weights); the public layer sizes it itself.
        var graph = new Graph();
        var x = graph.Input("x", 5, 5, 2);
        var kernel = graph.AddParameter("conv/kernel", new[] { 3, 3, 3, 4 }, Initializer.Zeros, 27, 36);
        var error = Assert.Throws<ShapeException>(() => graph.AddOp(new Conv2DOp("conv", x, kernel, null, 1, 1, Padding.Valid)));
        Assert.Equal("conv", error.LayerName);
        Assert.Contains("3 input channels", error.Message);
        Assert.Contains("(None, 5, 5, 2)", error.Message);
    }

    [Fact]
    public void Dense_on_the_wrong_last_axis_names_the_layer_and_both_shapes()
    {
        var graph = new Graph();
        var x = graph.Input("x", 7, 5);
        var kernel = graph.AddParameter("dense/kernel", new[] { 4, 3 }, Initializer.Zeros, 4, 3);
        var error = Assert.Throws<ShapeException>(() => graph.AddOp(new MatMulOp("dense", x, kernel)));
        Assert.Equal("dense", error.LayerName);
        Assert.Contains("4 input features", error.Message);
        Assert.Contains("(None, 7, 5)", error.Message);

        var bias = graph.AddParameter("dense/bias", new[] { 3 }, Initializer.Zeros, 4, 3);
        var biasError = Assert.Throws<ShapeException>(() => graph.AddOp(new BiasAddOp("dense", x, bias)));
        Assert.Contains("3 values", biasError.Message);
        Assert.Contains("(None, 7, 5)", biasError.Message);
    }

    [Fact]
    public void Layers_on_inputs_of_the_wrong_rank_or_size_name_the_layer_and_the_shape()
    {
        var graph = new Graph();
        var v = graph.Input("v", 12);
        var conv = Assert.Throws<ShapeException>(() => graph.Conv2D("conv", v, 2, 3, 3));
        Assert.Contains("(None, 12)", conv.Message);
        var pool = Assert.Throws<ShapeException>(() => graph.AveragePooling2D("avg", v, 2, 2, 2, 2));
        Assert.Equal("avg", pool.LayerName);
        Assert.Contains("(None, 12)", pool.Message);
        var reshape = Assert.Throws<ShapeException>(() => graph.Reshape("reshape", v, 5, 2));
        Assert.Contains("(None, 12)", reshape.Message);
        Assert.Contains("(None, 5, 2)", reshape.Message);
        Assert.Equal("dense", Assert.Throws<ShapeException>(() => graph.Dense("dense", v, 0)).LayerName);
        Assert.Equal("conv0", Assert.Throws<ShapeException>(() => graph.Conv2D("conv0", graph.Input("img", 4, 4, 1), 0, 3, 3)).LayerName);
        Assert.Throws<ShapeException>(() => graph.Input("bad", 3, 0));
    }

    [Fact]
    public void The_seeds_network_has_Keras_shapes_and_243786_parameters()
    {
        var graph = new Graph();
        var x = graph.Input("x", 28, 28, 1);
        var c1 = graph.Conv2D("conv2d_12", x, 64, 3, 3);
        var p1 = graph.MaxPooling2D("max_pooling2d_12", graph.Activation("relu1", c1, Kernels.ActivationKind.Relu), 2, 2, 2, 2);
        var c2 = graph.Conv2D("conv2d_13", p1, 64, 3, 3);
        var p2 = graph.MaxPooling2D("max_pooling2d_13", graph.Activation("relu2", c2, Kernels.ActivationKind.Relu), 2, 2, 2, 2);
        var flat = graph.Flatten("flatten_5", p2);
        var d1 = graph.Dense("dense_10", flat, 128);
        var d2 = graph.Dense("dense_11", graph.Activation("relu3", d1, Kernels.ActivationKind.Relu), 10);
        var probabilities = graph.Softmax("softmax", d2);

        Assert.Equal(new[] { 26, 26, 64 }, c1.SampleShape);
        Assert.Equal(new[] { 13, 13, 64 }, p1.SampleShape);
        Assert.Equal(new[] { 11, 11, 64 }, c2.SampleShape);
        Assert.Equal(new[] { 5, 5, 64 }, p2.SampleShape);
        Assert.Equal(new[] { 1600 }, flat.SampleShape);
        Assert.Equal(new[] { 128 }, d1.SampleShape);
        Assert.Equal(new[] { 10 }, d2.SampleShape);
        Assert.Equal(new[] { 10 }, probabilities.SampleShape);
        Assert.Equal("conv2d_12 (None, 26, 26, 64)", c1.ToString());

        int Count(string layer) => graph.Parameters.Where(p => p.Name.StartsWith(layer + "/", StringComparison.Ordinal)).Sum(p => p.Length);
        Assert.Equal(640, Count("conv2d_12"));
        Assert.Equal(36_928, Count("conv2d_13"));
        Assert.Equal(204_928, Count("dense_10"));
        Assert.Equal(1_290, Count("dense_11"));
        Assert.Equal(243_786, graph.ParameterCount);
        Assert.Equal(243_786, graph.TrainableParameterCount);
        Assert.Equal(new[] { 3, 3, 1, 64 }, graph.Parameters[0].Shape);
        Assert.Equal(new[] { 1600, 128 }, graph.Parameters.Single(p => p.Name == "dense_10/kernel").Shape);

        // Sealing lays the parameters out back to back and fills the kernels within the Glorot limit, biases with 0.
        graph.Seal(42);
        Assert.Equal(243_786, graph.ParameterValues.Length);
        var kernel = graph.Values(graph.Parameters.Single(p => p.Name == "dense_10/kernel"));
        float limit = MathF.Sqrt(6f / (1600 + 128));
        float largest = 0f;
        foreach (float w in kernel) largest = Math.Max(largest, Math.Abs(w));
        Assert.InRange(largest, 0.9f * limit, limit);
        Assert.Equal(-1, graph.Values(graph.Parameters.Single(p => p.Name == "dense_10/bias")).IndexOfAnyExcept(0f));
        Assert.Throws<InvalidOperationException>(() => graph.Dense("more", d2, 2));
    }
}
