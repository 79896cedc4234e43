using MlNetCnn.Kernels;

namespace MlNetCnn.Engine.Tests;

public class ExecutorTests
{
    [Fact]
    public void Two_heads_with_two_losses_each_get_their_own_exact_gradients()
    {
        // A shared conv trunk read by two heads (fan-out across losses). Backward for one loss must give exactly
        // that loss's gradients: the other head's parameters get 0, whatever an earlier Backward left there.
        var graph = new Graph();
        var x = graph.Input("x", 4, 4, 2);
        var trunk = graph.Activation("tanh", graph.Conv2D("conv", x, 3, 3, 3, padding: Padding.Same, biasInitializer: Initializer.GlorotUniform), ActivationKind.Tanh);
        var head1 = graph.Dense("head1", graph.Flatten("flat1", trunk), 3);
        var head2 = graph.Softmax("softmax2", graph.Dense("head2", graph.Flatten("flat2", graph.AveragePooling2D("pool", trunk, 2, 2, 2, 2)), 4));
        var labels = graph.IntInput("labels");
        var loss1 = graph.AddLoss(LossKind.SparseCategoricalCrossentropy, head1, labels, fromLogits: true);
        var loss2 = graph.AddLoss(LossKind.SparseCategoricalCrossentropy, head2, labels, fromLogits: false);
        var executor = new GraphExecutor(graph, new ReferenceKernels(), seed: 3);
        const int batch = 2;
        var rng = new Random(4);
        var input = Enumerable.Range(0, batch * 32).Select(_ => Draw.Uniform(rng)).ToArray();
        int[] y = [2, 1];

        double Evaluate(Loss loss)
        {
            input.CopyTo(executor.InputBuffer(x, batch));
            y.CopyTo(executor.IntInputBuffer(labels, batch));
            executor.Forward(batch, training: true);
            return executor.Loss(loss, batch, computeGradients: false);
        }

        foreach (var (loss, other) in new[] { (loss1, loss2), (loss2, loss1), (loss1, loss2) })
        {
            // Leave the other loss's gradients behind first.
            Evaluate(other);
            executor.Loss(other, batch, computeGradients: true);
            executor.Backward(other, batch);
            Evaluate(loss);
            executor.Loss(loss, batch, computeGradients: true);
            executor.Backward(loss, batch);
            var analytic = executor.ParameterGradients.ToArray();

            var values = graph.ParameterValues;
            for (int i = 0; i < values.Length; i++)
            {
                double fd = GradientCheck.Difference(values, i, () => Evaluate(loss));
                GradientCheck.AssertClose(fd, analytic[i], $"{(loss == loss1 ? "loss1" : "loss2")} d/d parameter {i}");
            }

            var otherHead = graph.Parameters.Where(p => p.Name.StartsWith(loss == loss1 ? "head2" : "head1", StringComparison.Ordinal));
            foreach (var p in otherHead)
                Assert.All(analytic.AsSpan(p.Offset, p.Length).ToArray(), g => Assert.Equal(0f, g));
        }
    }

    [Fact]
    public void A_batch_smaller_than_the_capacity_reuses_the_plan_and_matches_a_fresh_executor()
    {
        var (graph, x, labels, loss) = SmallConvNet(dropout: false);
        var big = new GraphExecutor(graph, new ReferenceKernels(), seed: 1);
        var rng = new Random(2);
        var input = Enumerable.Range(0, 5 * 36).Select(_ => Draw.Uniform(rng)).ToArray();
        var y = new[] { 0, 1, 2, 1, 0 };

        (double Loss, float[] Output, float[] Grads) Run(GraphExecutor e, int batch)
        {
            input.AsSpan(0, batch * 36).CopyTo(e.InputBuffer(x, batch));
            y.AsSpan(0, batch).CopyTo(e.IntInputBuffer(labels, batch));
            e.Forward(batch, training: true);
            double value = e.Loss(loss, batch, computeGradients: true);
            e.Backward(loss, batch);
            return (value, e.Output(loss.Prediction, batch).ToArray(), e.ParameterGradients.ToArray());
        }

        Run(big, 5);
        Assert.Equal(5, big.Capacity);
        long bytes = big.PlannedBytes;
        var small = Run(big, 3);
        Assert.Equal(5, big.Capacity);
        Assert.Equal(bytes, big.PlannedBytes);

        var fresh = new GraphExecutor(graph, new ReferenceKernels(), seed: 1);
        var expected = Run(fresh, 3);
        Assert.Equal(3, fresh.Capacity);
        Assert.Equal(expected.Loss, small.Loss);
        Assert.Equal(expected.Output, small.Output);
        Assert.Equal(expected.Grads, small.Grads);

        // Growing plans again; shrinking never does.
        big.EnsureCapacity(8);
        Assert.Equal(8, big.Capacity);
        big.EnsureCapacity(2);
        Assert.Equal(8, big.Capacity);
        Assert.Throws<ArgumentOutOfRangeException>(() => big.EnsureCapacity(0));
    }

    [Fact]
    public void A_training_step_allocates_nothing_after_warm_up()
    {
        var (graph, x, labels, loss) = SmallConvNet(dropout: true);
        var executor = new GraphExecutor(graph, new ReferenceKernels(), seed: 1);
        var optimizer = new Adam();
        const int batch = 4;
        var rng = new Random(3);
        var input = Enumerable.Range(0, batch * 36).Select(_ => Draw.Uniform(rng)).ToArray();
        input.CopyTo(executor.InputBuffer(x, batch));
        new[] { 0, 1, 2, 1 }.CopyTo(executor.IntInputBuffer(labels, batch));
        for (int i = 0; i < 3; i++) executor.TrainStep(loss, optimizer, batch);

        long before = GC.GetAllocatedBytesForCurrentThread();
        double sum = 0;
        for (int i = 0; i < 5; i++) sum += executor.TrainStep(loss, optimizer, batch);
        executor.Forward(batch, training: false);
        sum += executor.Loss(loss, batch, computeGradients: false);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.True(double.IsFinite(sum));
        Assert.Equal(0L, allocated);
    }

    [Fact]
    public void The_same_seed_gives_identical_parameters_and_losses_over_several_steps()
    {
        (float[] Parameters, double[] Losses) Train(int seed)
        {
            var (graph, x, labels, loss) = SmallConvNet(dropout: true);
            var executor = new GraphExecutor(graph, new ReferenceKernels(), seed);
            var optimizer = new Adam(0.01f);
            var rng = new Random(11); // the data stays the same across seeds
            var losses = new double[4];
            for (int step = 0; step < losses.Length; step++)
            {
                var input = executor.InputBuffer(x, 3);
                for (int i = 0; i < input.Length; i++) input[i] = Draw.Uniform(rng);
                var y = executor.IntInputBuffer(labels, 3);
                for (int i = 0; i < y.Length; i++) y[i] = rng.Next(3);
                losses[step] = executor.TrainStep(loss, optimizer, 3);
            }

            return (graph.ParameterValues.ToArray(), losses);
        }

        var a = Train(5);
        var b = Train(5);
        Assert.Equal(a.Parameters, b.Parameters);
        Assert.Equal(a.Losses, b.Losses);
        var c = Train(6);
        Assert.NotEqual(a.Parameters, c.Parameters);
    }

    [Fact]
    public void Training_steps_reduce_the_loss_on_a_fixed_batch()
    {
        var (graph, x, labels, loss) = SmallConvNet(dropout: false);
        var executor = new GraphExecutor(graph, new ReferenceKernels(), seed: 2);
        var rng = new Random(1);
        var input = executor.InputBuffer(x, 4);
        for (int i = 0; i < input.Length; i++) input[i] = Draw.Uniform(rng);
        new[] { 0, 1, 2, 0 }.CopyTo(executor.IntInputBuffer(labels, 4));
        var optimizer = new Sgd(0.1f);
        double first = executor.TrainStep(loss, optimizer, 4);
        double last = first;
        for (int i = 0; i < 20; i++) last = executor.TrainStep(loss, optimizer, 4);
        Assert.True(last < first * 0.5, $"loss went from {first} to {last}");
        Assert.Equal(21, optimizer.Iterations);
    }

    [Fact]
    public void Inputs_of_the_wrong_kind_are_rejected()
    {
        var (graph, x, labels, _) = SmallConvNet(dropout: false);
        var executor = new GraphExecutor(graph, new ReferenceKernels());
        Assert.Throws<ArgumentException>(() => executor.InputBuffer(labels, 1));
        Assert.Throws<ArgumentException>(() => executor.IntInputBuffer(x, 1));
        Assert.Throws<InvalidOperationException>(() => graph.Input("late", 3));
    }

    /// <summary>input (6, 6, 1) -> conv 3x3 x4 -> relu -> max pool 2 -> flatten -> dense 8 -> relu -> [dropout] -> dense 3 -> softmax.</summary>
    internal static (Graph Graph, Node X, Node Labels, Loss Loss) SmallConvNet(bool dropout)
    {
        var graph = new Graph();
        var x = graph.Input("x", 6, 6, 1);
        var c = graph.Activation("relu1", graph.Conv2D("conv", x, 4, 3, 3), ActivationKind.Relu);
        var p = graph.MaxPooling2D("pool", c, 2, 2, 2, 2);
        var h = graph.Activation("relu2", graph.Dense("dense", graph.Flatten("flat", p), 8), ActivationKind.Relu);
        if (dropout) h = graph.Dropout("drop", h, 0.25f);
        var probabilities = graph.Softmax("softmax", graph.Dense("out", h, 3));
        var labels = graph.IntInput("labels");
        var loss = graph.AddLoss(LossKind.SparseCategoricalCrossentropy, probabilities, labels, fromLogits: false);
        return (graph, x, labels, loss);
    }
}
