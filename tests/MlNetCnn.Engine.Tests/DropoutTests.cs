using MlNetCnn.Kernels;

namespace MlNetCnn.Engine.Tests;

public class DropoutTests
{
    private const float Rate = 0.4f;
    private const int Features = 12;

    [Fact]
    public void Training_mask_is_zero_or_one_over_keep_and_the_input_gradient_is_mask_times_the_output_gradient()
    {
        var (net, dropout, logits) = Net(seed: 5);
        net.WithData(1, draw: Draw.AwayFromZero);
        var grad = net.InputGradients(training: true);

        // The mask, read from the forward pass: y = x * mask with x = the fed input (identity Dense).
        var y = net.Executor.Output(dropout, 1);
        var mask = new double[Features];
        for (int i = 0; i < Features; i++)
        {
            mask[i] = y[i] / (double)net.Inputs[i];
            Assert.True(mask[i] == 0 || Math.Abs(mask[i] - 1 / (1 - Rate)) < 1e-6, $"mask[{i}] = {mask[i]}");
        }

        Assert.Contains(mask, m => m == 0);
        Assert.Contains(mask, m => m != 0);

        // dL/dy = (softmax(logits) - onehot) W^T for the head W; dL/dx must be mask * dL/dy.
        var z = net.Executor.Output(logits, 1).ToArray();
        int label = net.Executor.IntInputBuffer(net.Target, 1)[0];
        double max = z.Max(), sum = z.Sum(v => Math.Exp(v - max));
        var kernel = net.Values("head/kernel");
        for (int i = 0; i < Features; i++)
        {
            double dy = 0;
            for (int k = 0; k < 3; k++) dy += (Math.Exp(z[k] - max) / sum - (k == label ? 1 : 0)) * kernel[i * 3 + k];
            Assert.Equal(mask[i] * dy, grad[i], 1e-6);
        }
    }

    [Fact]
    public void Training_gradients_match_finite_differences_with_the_same_seeded_mask()
    {
        // Each run uses a new executor with the same seed, so the first forward pass draws the same mask.
        var (net, _, _) = Net(seed: 9);
        net.FreshExecutorPerRun = true;
        net.WithData(2);
        GradientCheck.AssertGradients(net, training: true);
    }

    [Fact]
    public void Inference_is_the_identity_and_so_is_its_gradient()
    {
        var (net, dropout, _) = Net(seed: 5);
        net.WithData(2);
        net.Evaluate(2, training: false);
        Assert.Equal(net.Inputs, net.Executor.Output(dropout, 2).ToArray());

        // Backward after an inference forward: no mask applies (also when a training step ran before).
        net.Gradients(2, training: true);
        GradientCheck.AssertGradients(net, training: false);
        var withoutDropout = NetWithoutDropout(net);
        Assert.Equal(withoutDropout.Gradients(2, training: false), net.Gradients(2, training: false));
    }

    [Fact]
    public void The_same_seed_draws_the_same_masks_and_another_seed_draws_others()
    {
        float[] Masks(int seed)
        {
            var (net, dropout, _) = Net(seed);
            net.WithData(2, Enumerable.Repeat(1f, 2 * Features).ToArray()); // y = mask
            net.Evaluate(2, training: true);
            var first = net.Executor.Output(dropout, 2).ToArray();
            net.Evaluate(2, training: true);
            return [.. first, .. net.Executor.Output(dropout, 2)];
        }

        Assert.Equal(Masks(1), Masks(1));
        Assert.NotEqual(Masks(1), Masks(2));
    }

    [Fact]
    public void Successive_training_steps_draw_new_masks()
    {
        var (net, dropout, _) = Net(seed: 3);
        net.WithData(4, Enumerable.Repeat(1f, 4 * Features).ToArray());
        net.Evaluate(4, training: true);
        var first = net.Executor.Output(dropout, 4).ToArray();
        net.Evaluate(4, training: true);
        Assert.NotEqual(first, net.Executor.Output(dropout, 4).ToArray());
    }

    [Theory]
    [InlineData(1f)]
    [InlineData(-0.1f)]
    [InlineData(float.NaN)]
    public void Rate_outside_zero_to_one_is_rejected_naming_the_layer(float rate)
    {
        var graph = new Graph();
        var x = graph.Input("x", 3);
        var error = Assert.Throws<ShapeException>(() => graph.Dropout("drop", x, rate));
        Assert.Equal("drop", error.LayerName);
    }

    [Fact]
    public void Rate_zero_is_the_identity_in_training()
    {
        var net = new TestNet(new[] { Features });
        var dropout = net.Graph.Dropout("drop", net.Z, 0f);
        net.SparseLoss(net.Graph.Dense("head", dropout, 3), fromLogits: true);
        net.Start().WithData(2);
        net.Evaluate(2, training: true);
        Assert.Equal(net.Inputs, net.Executor.Output(dropout, 2).ToArray());
        GradientCheck.AssertGradients(net, training: true);
    }

    private static (TestNet Net, Node Dropout, Node Logits) Net(int seed)
    {
        var net = new TestNet(new[] { Features });
        var dropout = net.Graph.Dropout("drop", net.Z, Rate);
        var logits = net.Graph.Dense("head", dropout, 3, biasInitializer: Initializer.GlorotUniform);
        net.SparseLoss(logits, fromLogits: true);
        net.Start(seed);
        return (net, dropout, logits);
    }

    /// <summary>The same net without the dropout layer, sharing weights and data.</summary>
    private static TestNet NetWithoutDropout(TestNet source)
    {
        var net = new TestNet(new[] { Features });
        net.SparseLoss(net.Graph.Dense("head", net.Z, 3, biasInitializer: Initializer.GlorotUniform), fromLogits: true);
        net.Start(source.Seed);
        source.Graph.ParameterValues.CopyTo(net.Graph.ParameterValues, 0);
        net.Inputs = source.Inputs;
        int label0 = source.Executor.IntInputBuffer(source.Target, 2)[0], label1 = source.Executor.IntInputBuffer(source.Target, 2)[1];
        return net.WithLabels(label0, label1);
    }
}
