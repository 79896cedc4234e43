using MlNetCnn.Kernels;

namespace MlNetCnn.Engine.Tests;

public class LossTests
{
    public enum Head
    {
        /// <summary>Dense logits, loss with fromLogits: true.</summary>
        Logits,
        /// <summary>Dense then Softmax, loss with fromLogits: false: the fused softmax cross-entropy.</summary>
        FusedSoftmax,
        /// <summary>Softmax then a Reshape (so not fused): clamp, log, then the softmax's own backward.</summary>
        UnfusedSoftmax,
        /// <summary>Sigmoid "probabilities": the clamp path with non-normalized predictions.</summary>
        Sigmoid,
    }

    [Theory]
    [InlineData(LossKind.SparseCategoricalCrossentropy, Head.Logits)]
    [InlineData(LossKind.SparseCategoricalCrossentropy, Head.FusedSoftmax)]
    [InlineData(LossKind.SparseCategoricalCrossentropy, Head.UnfusedSoftmax)]
    [InlineData(LossKind.SparseCategoricalCrossentropy, Head.Sigmoid)]
    [InlineData(LossKind.CategoricalCrossentropy, Head.Logits)]
    [InlineData(LossKind.CategoricalCrossentropy, Head.FusedSoftmax)]
    [InlineData(LossKind.CategoricalCrossentropy, Head.UnfusedSoftmax)]
    [InlineData(LossKind.CategoricalCrossentropy, Head.Sigmoid)]
    public void Cross_entropy_gradients_match_finite_differences(LossKind kind, Head head)
    {
        var net = new TestNet(new[] { 5 });
        var (prediction, fromLogits) = BuildHead(net.Graph, net.Graph.Dense("dense", net.Z, 4, biasInitializer: Initializer.GlorotUniform), head);
        var loss = kind == LossKind.SparseCategoricalCrossentropy ? net.SparseLoss(prediction, fromLogits) : net.CategoricalLoss(prediction, fromLogits);
        Assert.Equal(head == Head.FusedSoftmax, loss.IsFused);
        net.Start(seed: 3).WithData(3);
        GradientCheck.AssertGradients(net, batch: 3);
    }

    [Theory]
    [InlineData(LossKind.SparseCategoricalCrossentropy, Head.Logits)]
    [InlineData(LossKind.SparseCategoricalCrossentropy, Head.FusedSoftmax)]
    [InlineData(LossKind.SparseCategoricalCrossentropy, Head.UnfusedSoftmax)]
    [InlineData(LossKind.CategoricalCrossentropy, Head.Logits)]
    [InlineData(LossKind.CategoricalCrossentropy, Head.FusedSoftmax)]
    [InlineData(LossKind.CategoricalCrossentropy, Head.UnfusedSoftmax)]
    public void Loss_value_is_the_mean_of_logsumexp_minus_the_label_logit(LossKind kind, Head head)
    {
        float[] logits = [0.5f, -1.25f, 2f, 0.75f, 1.5f, -0.5f];
        int[] labels = [2, 1];
        var net = IdentityLogitsNet(kind, head, logits, labels);
        double expected = 0;
        for (int n = 0; n < 2; n++) expected += LogSumExp(logits.AsSpan(n * 3, 3)) - logits[n * 3 + labels[n]];
        Assert.Equal(expected / 2, net.Evaluate(2), 1e-6);
    }

    [Theory]
    [InlineData(LossKind.SparseCategoricalCrossentropy, Head.Logits)]
    [InlineData(LossKind.SparseCategoricalCrossentropy, Head.FusedSoftmax)]
    [InlineData(LossKind.CategoricalCrossentropy, Head.Logits)]
    [InlineData(LossKind.CategoricalCrossentropy, Head.FusedSoftmax)]
    public void Logits_near_1e4_give_a_finite_exact_loss_and_gradient_p_minus_onehot(LossKind kind, Head head)
    {
        float[] logits = [1e4f, -1e4f, 0.5f, 9999f];
        foreach (int label in new[] { 0, 1, 2, 3 })
        {
            var net = IdentityLogitsNet(kind, head, logits, new[] { label });
            double loss = net.Evaluate(1);
            double expected = LogSumExp(logits) - logits[label]; // 1e4 + log(1 + e^-1) - x_label, in double
            Assert.True(double.IsFinite(loss), $"label {label}: loss {loss}");
            Assert.Equal(expected, loss, Math.Max(1e-9, 1e-12 * expected));

            // dL/dlogits (the identity's bias gradient at batch 1) = softmax - onehot.
            var grad = net.InputGradients();
            double e = Math.Exp(-1);
            double[] p = [1 / (1 + e), 0, 0, e / (1 + e)];
            for (int k = 0; k < 4; k++)
                Assert.Equal(p[k] - (k == label ? 1 : 0), grad[k], 1e-6);
        }
    }

    [Fact]
    public void Probabilities_path_clamps_at_Keras_epsilon_and_its_gradient_is_flat_there()
    {
        // Softmax of huge logits underflows to exactly 0 for the label: the clamp keeps the loss at -log(1e-7).
        float[] logits = [1e4f, -1e4f, 0.5f];
        var net = IdentityLogitsNet(LossKind.SparseCategoricalCrossentropy, Head.UnfusedSoftmax, logits, new[] { 1 });
        Assert.False(net.Loss.IsFused);
        double loss = net.Evaluate(1);
        Assert.Equal(-Math.Log(Loss.Epsilon), loss, 1e-9);
        Assert.Equal(new float[3], net.InputGradients());
    }

    [Fact]
    public void Softmax_output_with_fromLogits_false_is_fused_and_reads_the_softmax_input()
    {
        var graph = new Graph();
        var x = graph.Input("x", 4);
        var logits = graph.Dense("dense", x, 3);
        var probabilities = graph.Softmax("softmax", logits);
        var labels = graph.IntInput("labels");
        var fused = graph.AddLoss(LossKind.SparseCategoricalCrossentropy, probabilities, labels, fromLogits: false);
        var raw = graph.AddLoss(LossKind.SparseCategoricalCrossentropy, logits, labels, fromLogits: true);
        Assert.True(fused.IsFused);
        Assert.Same(logits, fused.Logits);
        Assert.False(raw.IsFused);
        Assert.Same(logits, raw.Logits);

        var executor = new GraphExecutor(graph, new ReferenceKernels(), seed: 1);
        new[] { 0.5f, -1f, 2f, 0.25f }.CopyTo(executor.InputBuffer(x, 1));
        executor.IntInputBuffer(labels, 1)[0] = 2;
        executor.Forward(1, training: false);
        Assert.Equal(executor.Loss(raw, 1, false), executor.Loss(fused, 1, false), 12);
    }

    [Fact]
    public void A_label_outside_the_classes_names_the_row()
    {
        var net = IdentityLogitsNet(LossKind.SparseCategoricalCrossentropy, Head.Logits, [0f, 1f, 2f, 3f, 4f, 5f], [1, 3]);
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => net.Evaluate(2));
        Assert.Contains("row 1", error.Message);
        Assert.Contains("3", error.Message);
    }

    [Fact]
    public void Loss_construction_errors_name_the_node_and_the_shapes()
    {
        var graph = new Graph();
        var x = graph.Input("x", 2, 3);
        var labels = graph.IntInput("labels");
        var rank2 = Assert.Throws<ShapeException>(() => graph.AddLoss(LossKind.SparseCategoricalCrossentropy, x, labels, true));
        Assert.Contains("(None, 2, 3)", rank2.Message);
        var v = graph.Input("v", 3);
        var targets = graph.Input("targets", 4);
        var mismatch = Assert.Throws<ShapeException>(() => graph.AddLoss(LossKind.CategoricalCrossentropy, v, targets, true));
        Assert.Equal("targets", mismatch.LayerName);
        Assert.Contains("(None, 3)", mismatch.Message);
        Assert.Contains("(None, 4)", mismatch.Message);
        Assert.Throws<ArgumentException>(() => graph.AddLoss(LossKind.SparseCategoricalCrossentropy, v, targets, true));
    }

    [Fact]
    public void CountCorrect_compares_the_first_arg_max_with_the_label_or_the_target_arg_max()
    {
        // Rows: arg-max 2 (label 2: correct), a tie between 0 and 1 (first wins: 0, label 1: wrong), arg-max 1 (label 1).
        float[] logits = [0.1f, 0.2f, 0.9f, 0.7f, 0.7f, 0.1f, -1f, 3f, 2f];
        int[] labels = [2, 1, 1];
        var sparse = IdentityLogitsNet(LossKind.SparseCategoricalCrossentropy, Head.Logits, logits, labels);
        sparse.Evaluate(3);
        Assert.Equal(2, sparse.Executor.CountCorrect(sparse.Loss, 3));
        var dense = IdentityLogitsNet(LossKind.CategoricalCrossentropy, Head.FusedSoftmax, logits, labels);
        dense.Evaluate(3);
        Assert.Equal(2, dense.Executor.CountCorrect(dense.Loss, 3));
    }

    private static (Node Prediction, bool FromLogits) BuildHead(Graph graph, Node logits, Head head) => head switch
    {
        Head.Logits => (logits, true),
        Head.FusedSoftmax => (graph.Softmax("softmax", logits), false),
        Head.UnfusedSoftmax => (graph.Reshape("probabilities", graph.Softmax("softmax", logits), logits.SampleShape), false),
        Head.Sigmoid => (graph.Activation("sigmoid", logits, ActivationKind.Sigmoid), false),
        _ => throw new ArgumentOutOfRangeException(nameof(head)),
    };

    /// <summary>Logits = the fed values exactly (identity Dense), so the loss's inputs are known to the bit.</summary>
    private static TestNet IdentityLogitsNet(LossKind kind, Head head, float[] logits, int[] labels)
    {
        int classes = logits.Length / labels.Length;
        var net = new TestNet(new[] { classes });
        var (prediction, fromLogits) = BuildHead(net.Graph, net.Z, head);
        if (kind == LossKind.SparseCategoricalCrossentropy)
        {
            net.SparseLoss(prediction, fromLogits);
            net.Start().WithData(labels.Length, logits).WithLabels(labels);
        }
        else
        {
            net.CategoricalLoss(prediction, fromLogits);
            var onehot = new float[logits.Length];
            for (int n = 0; n < labels.Length; n++) onehot[n * classes + labels[n]] = 1f;
            net.Start().WithData(labels.Length, logits).WithTargets(onehot);
        }

        return net;
    }

    private static double LogSumExp(ReadOnlySpan<float> row)
    {
        double max = double.NegativeInfinity;
        foreach (float v in row) max = Math.Max(max, v);
        double sum = 0;
        foreach (float v in row) sum += Math.Exp(v - max);
        return max + Math.Log(sum);
    }
}
