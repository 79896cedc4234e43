using MlNetCnn.Kernels;

namespace MlNetCnn.Engine.Tests;

/// <summary>Flatten, Reshape, Dense and the activations: values and finite-difference gradient checks.</summary>
public class LayerGradientTests
{
    [Fact]
    public void Flatten_keeps_NHWC_order()
    {
        const int h = 2, w = 3, c = 4;
        var graph = new Graph();
        var x = graph.Input("x", h, w, c);
        var flat = graph.Flatten("flat", x);
        var dense = graph.Dense("dense", flat, 2, biasInitializer: Initializer.GlorotUniform);
        Assert.Equal(new[] { h * w * c }, flat.SampleShape);
        var executor = new GraphExecutor(graph, new ReferenceKernels(), seed: 2);
        const int batch = 2;
        var input = executor.InputBuffer(x, batch);
        for (int n = 0; n < batch; n++)
        for (int y = 0; y < h; y++)
        for (int xx = 0; xx < w; xx++)
        for (int ch = 0; ch < c; ch++)
            input[((n * h + y) * w + xx) * c + ch] = 1000 * n + 100 * y + 10 * xx + ch;
        executor.Forward(batch, training: false);

        var flatValues = executor.Output(flat, batch);
        var kernel = graph.Values(graph.Parameters.Single(p => p.Name == "dense/kernel")).ToArray();
        var bias = graph.Values(graph.Parameters.Single(p => p.Name == "dense/bias")).ToArray();
        var output = executor.Output(dense, batch);
        for (int n = 0; n < batch; n++)
        {
            // Keras's channels-last Flatten: feature index (y * W + x) * C + c.
            var expected = new double[2];
            for (int y = 0; y < h; y++)
            for (int xx = 0; xx < w; xx++)
            for (int ch = 0; ch < c; ch++)
            {
                int feature = (y * w + xx) * c + ch;
                float value = 1000 * n + 100 * y + 10 * xx + ch;
                Assert.Equal(value, flatValues[n * h * w * c + feature]);
                for (int u = 0; u < 2; u++) expected[u] += value * (double)kernel[feature * 2 + u];
            }

            for (int u = 0; u < 2; u++) Assert.Equal(expected[u] + bias[u], output[n * 2 + u], 1e-2);
        }
    }

    [Fact]
    public void Flatten_gradients_match_finite_differences()
    {
        var net = new TestNet(new[] { 2, 3, 2 });
        net.SparseLoss(net.Graph.Dense("head", net.Graph.Flatten("flat", net.Z), 3), fromLogits: true);
        net.Start().WithData(2);
        GradientCheck.AssertGradients(net);
    }

    [Fact]
    public void Reshape_gradients_match_finite_differences_and_Dense_acts_on_the_new_last_axis()
    {
        var net = new TestNet(new[] { 2, 3, 2 });
        var reshaped = net.Graph.Reshape("reshape", net.Z, 3, 4);
        var dense = net.Graph.Dense("dense", reshaped, 2, biasInitializer: Initializer.GlorotUniform);
        Assert.Equal(new[] { 3, 2 }, dense.SampleShape);
        net.SparseLoss(net.Graph.Dense("head", net.Graph.Flatten("flat", dense), 3), fromLogits: true);
        net.Start().WithData(2);
        GradientCheck.AssertGradients(net);
    }

    [Fact]
    public void Dense_on_rank1_input_gradients_match_finite_differences()
    {
        var net = new TestNet(new[] { 5 });
        var hidden = net.Graph.Dense("dense", net.Z, 4, biasInitializer: Initializer.GlorotUniform);
        net.SparseLoss(net.Graph.Dense("head", hidden, 3), fromLogits: true);
        net.Start().WithData(3);
        GradientCheck.AssertGradients(net, batch: 3);
    }

    [Fact]
    public void Dense_on_rank3_input_gradients_match_finite_differences()
    {
        var net = new TestNet(new[] { 2, 3, 4 });
        var hidden = net.Graph.Dense("dense", net.Z, 2, biasInitializer: Initializer.GlorotUniform);
        Assert.Equal(new[] { 2, 3, 2 }, hidden.SampleShape);
        net.SparseLoss(net.Graph.Dense("head", net.Graph.Flatten("flat", hidden), 3), fromLogits: true);
        net.Start().WithData(2);
        GradientCheck.AssertGradients(net);
    }

    [Fact]
    public void Dense_without_bias_has_only_a_kernel()
    {
        var net = new TestNet(new[] { 4 });
        var hidden = net.Graph.Dense("dense", net.Z, 3, useBias: false);
        Assert.DoesNotContain(net.Graph.Parameters, p => p.Name == "dense/bias");
        net.SparseLoss(hidden, fromLogits: true);
        net.Start().WithData(2);
        GradientCheck.AssertGradients(net);
    }

    [Theory]
    [InlineData(ActivationKind.Linear)]
    [InlineData(ActivationKind.Relu)]
    [InlineData(ActivationKind.Sigmoid)]
    [InlineData(ActivationKind.Tanh)]
    public void Activation_gradients_match_finite_differences(ActivationKind kind)
    {
        // Rank 3, after a Dense (so the activation runs in place on the bias-add output) and on the shaped input.
        var net = new TestNet(new[] { 2, 2, 3 });
        var a = net.Graph.Activation("act_on_input", net.Z, kind);
        var hidden = net.Graph.Dense("dense", a, 3, biasInitializer: Initializer.GlorotUniform);
        var b = net.Graph.Activation("act_on_dense", hidden, kind);
        net.SparseLoss(net.Graph.Dense("head", net.Graph.Flatten("flat", b), 3), fromLogits: true);
        net.Start(seed: 4);
        int dataSeed = 7;
        do net.WithData(2, seed: dataSeed++, draw: Draw.AwayFromZero);
        while (kind == ActivationKind.Relu && !AwayFromKinks(net, 2) && dataSeed < 50);
        Assert.True(kind != ActivationKind.Relu || AwayFromKinks(net, 2), "no input draw keeps the relu away from its kink");
        GradientCheck.AssertGradients(net);
    }

    [Fact]
    public void Softmax_inside_the_network_gradients_match_finite_differences()
    {
        // Softmax over the last axis of a rank-3 tensor, followed by more layers (its own backward, not the fused loss).
        var net = new TestNet(new[] { 2, 2, 4 });
        var s = net.Graph.Softmax("softmax", net.Z);
        net.SparseLoss(net.Graph.Dense("head", net.Graph.Flatten("flat", s), 3), fromLogits: true);
        net.Start().WithData(2, draw: r => 2 * Draw.Uniform(r));
        net.Feed(2);
        net.Executor.Forward(2, training: false);
        var probabilities = net.Executor.Output(s, 2);
        for (int row = 0; row < 2 * 2 * 2; row++)
        {
            double sum = 0;
            for (int k = 0; k < 4; k++) sum += probabilities[row * 4 + k];
            Assert.Equal(1.0, sum, 1e-6);
        }

        GradientCheck.AssertGradients(net);
    }

    [Fact]
    public void Activation_values_follow_their_formulas()
    {
        var graph = new Graph();
        var x = graph.Input("x", 4);
        var relu = graph.Activation("relu", x, ActivationKind.Relu);
        var sigmoid = graph.Activation("sigmoid", x, ActivationKind.Sigmoid);
        var tanh = graph.Activation("tanh", x, ActivationKind.Tanh);
        var linear = graph.Activation("linear", x, ActivationKind.Linear);
        var softmax = graph.Softmax("softmax", x);
        var executor = new GraphExecutor(graph, new ReferenceKernels());
        float[] v = [-2f, -0.5f, 0.25f, 3f];
        v.CopyTo(executor.InputBuffer(x, 1));
        executor.Forward(1, training: false);
        double z = v.Sum(e => Math.Exp(e));
        for (int i = 0; i < 4; i++)
        {
            Assert.Equal(Math.Max(v[i], 0f), executor.Output(relu, 1)[i]);
            Assert.Equal(1 / (1 + Math.Exp(-v[i])), executor.Output(sigmoid, 1)[i], 1e-7);
            Assert.Equal(Math.Tanh(v[i]), executor.Output(tanh, 1)[i], 1e-7);
            Assert.Equal(v[i], executor.Output(linear, 1)[i]);
            Assert.Equal(Math.Exp(v[i]) / z, executor.Output(softmax, 1)[i], 1e-7);
        }

        // The input itself is untouched (element-wise activations never run in place on a fed input).
        Assert.Equal(v, executor.Output(x, 1).ToArray());
    }

    /// <summary>
    /// Whether every pre-activation of the relu after the Dense is at least 5h from 0, computed in double from the inputs and
    /// weights (the executor overwrites it in place). A perturbation of ± h on any input or weight moves it by at most
    /// 3h here (|relu(x)| &lt;= 1, three inputs per unit, glorot limit 1), so no check crosses the kink.
    /// </summary>
    private static bool AwayFromKinks(TestNet net, int batch)
    {
        var kernel = net.Values("dense/kernel").ToArray();
        var bias = net.Values("dense/bias").ToArray();
        for (int row = 0; row < batch * 4; row++)
        for (int u = 0; u < 3; u++)
        {
            double pre = bias[u];
            for (int k = 0; k < 3; k++) pre += Math.Max(net.Inputs[row * 3 + k], 0f) * (double)kernel[k * 3 + u];
            if (Math.Abs(pre) < 5 * GradientCheck.Step) return false;
        }

        return true;
    }
}
