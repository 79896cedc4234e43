using MlNetCnn.Kernels;

namespace MlNetCnn.Engine.Tests;

/// <summary>In-place execution, views and fan-out: buffers are shared only when that cannot change a result.</summary>
public class AliasingTests
{
    [Fact]
    public void Fan_out_into_two_branches_that_meet_again_accumulates_both_gradients()
    {
        // conv -> sigmoid and conv -> tanh (neither may run in place: the conv output has two readers) -> sum -> head.
        var net = new TestNet(new[] { 4, 4, 2 });
        var c = net.Graph.Conv2D("conv", net.Z, 3, 3, 3, padding: Padding.Same, biasInitializer: Initializer.GlorotUniform);
        var a = net.Graph.Activation("sigmoid", c, ActivationKind.Sigmoid);
        var b = net.Graph.Activation("tanh", c, ActivationKind.Tanh);
        var sum = SumOp.Add(net.Graph, "sum", a, b);
        net.SparseLoss(net.Graph.Dense("head", net.Graph.Flatten("flat", sum), 3), fromLogits: true);
        net.Start(seed: 2).WithData(2);

        net.Evaluate(2);
        var conv = net.Executor.Output(c, 2).ToArray();
        var total = net.Executor.Output(sum, 2);
        for (int i = 0; i < conv.Length; i++)
            Assert.Equal(1 / (1 + Math.Exp(-conv[i])) + Math.Tanh(conv[i]), total[i], 1e-6);
        GradientCheck.AssertGradients(net);
    }

    [Fact]
    public void A_node_used_twice_by_one_op_gets_twice_the_gradient()
    {
        var net = new TestNet(new[] { 3, 3, 2 });
        var c = net.Graph.Conv2D("conv", net.Z, 2, 2, 2, biasInitializer: Initializer.GlorotUniform);
        var twice = SumOp.Add(net.Graph, "twice", c, c);
        net.SparseLoss(net.Graph.Dense("head", net.Graph.Flatten("flat", twice), 3), fromLogits: true);
        net.Start().WithData(2);
        GradientCheck.AssertGradients(net);
    }

    [Fact]
    public void An_in_place_output_read_twice_accumulates_into_its_shared_gradient()
    {
        // dense -> tanh runs in place (tanh's gradient buffer is the bias add's), then tanh is read twice.
        var net = new TestNet(new[] { 5 });
        var t = net.Graph.Activation("tanh", net.Graph.Dense("dense", net.Z, 4, biasInitializer: Initializer.GlorotUniform), ActivationKind.Tanh);
        var s = SumOp.Add(net.Graph, "sum", net.Graph.Activation("sigmoid", t, ActivationKind.Sigmoid), t);
        net.CategoricalLoss(net.Graph.Dense("head", s, 3), fromLogits: true);
        net.Start(seed: 5).WithData(2);
        GradientCheck.AssertGradients(net);
    }

    [Fact]
    public void One_flatten_read_by_two_ops_accumulates_through_the_view()
    {
        // conv -> flatten (its gradient shares the conv's buffer) -> read by sigmoid and by the sum.
        var net = new TestNet(new[] { 3, 3, 2 });
        var c = net.Graph.Conv2D("conv", net.Z, 2, 2, 2, biasInitializer: Initializer.GlorotUniform);
        var f = net.Graph.Flatten("flat", c);
        var sum = SumOp.Add(net.Graph, "sum", net.Graph.Activation("sigmoid", f, ActivationKind.Sigmoid), f);
        net.SparseLoss(net.Graph.Dense("head", sum, 3), fromLogits: true);
        net.Start(seed: 3).WithData(2);
        GradientCheck.AssertGradients(net);
    }

    [Fact]
    public void Fan_out_through_views_of_the_same_node_accumulates()
    {
        // Two flattens of one conv output, one followed by an element-wise op: that op must not overwrite the
        // shared buffer the other flatten reads.
        var net = new TestNet(new[] { 3, 3, 2 });
        var c = net.Graph.Conv2D("conv", net.Z, 2, 2, 2, biasInitializer: Initializer.GlorotUniform);
        var f1 = net.Graph.Flatten("flat1", c);
        var f2 = net.Graph.Flatten("flat2", c);
        var s = net.Graph.Activation("sigmoid", f1, ActivationKind.Sigmoid);
        var sum = SumOp.Add(net.Graph, "sum", s, f2);
        net.SparseLoss(net.Graph.Dense("head", sum, 3), fromLogits: true);
        net.Start().WithData(2);

        net.Evaluate(2);
        var conv = net.Executor.Output(c, 2).ToArray();
        var total = net.Executor.Output(sum, 2);
        for (int i = 0; i < conv.Length; i++)
            Assert.Equal(1 / (1 + Math.Exp(-conv[i])) + conv[i], total[i], 1e-6);
        GradientCheck.AssertGradients(net);
    }

    [Fact]
    public void An_element_wise_op_after_a_view_does_not_overwrite_a_value_another_branch_reads()
    {
        // conv -> flatten -> relu -> loss1 and conv -> flatten -> loss2 (public API only: two heads, two losses).
        var graph = new Graph();
        var x = graph.Input("x", 4, 4, 1);
        var c = graph.Conv2D("conv", x, 2, 3, 3);
        var head1 = graph.Dense("head1", graph.Activation("relu", graph.Flatten("flat1", c), ActivationKind.Relu), 3);
        var head2 = graph.Dense("head2", graph.Flatten("flat2", c), 3);
        var labels = graph.IntInput("labels");
        graph.AddLoss(LossKind.SparseCategoricalCrossentropy, head1, labels, true);
        var loss2 = graph.AddLoss(LossKind.SparseCategoricalCrossentropy, head2, labels, true);
        var executor = new GraphExecutor(graph, new ReferenceKernels(), seed: 4);
        var input = Draw.Distinct(16, seed: 1);
        input.CopyTo(executor.InputBuffer(x, 1));
        executor.IntInputBuffer(labels, 1)[0] = 1;
        executor.Forward(1, training: true);
        var conv = executor.Output(c, 1).ToArray();
        Assert.Contains(conv, v => v < 0); // so a relu in place would change something

        // head2 = flatten(conv) W2 + b2, computed here from the conv output of a graph with only that branch.
        var reference = new Graph();
        var rx = reference.Input("x", 4, 4, 1);
        var rc = reference.Conv2D("conv", rx, 2, 3, 3);
        var rExecutor = new GraphExecutor(reference, new ReferenceKernels(), seed: 4);
        graph.Values(graph.Parameters.Single(p => p.Name == "conv/kernel")).CopyTo(reference.Values(reference.Parameters[0]));
        input.CopyTo(rExecutor.InputBuffer(rx, 1));
        rExecutor.Forward(1, training: false);
        Assert.Equal(rExecutor.Output(rc, 1).ToArray(), conv);

        var w2 = graph.Values(graph.Parameters.Single(p => p.Name == "head2/kernel")).ToArray();
        var expected = new double[3];
        for (int i = 0; i < conv.Length; i++)
            for (int k = 0; k < 3; k++) expected[k] += conv[i] * (double)w2[i * 3 + k];
        var actual = executor.Output(head2, 1);
        for (int k = 0; k < 3; k++) Assert.Equal(expected[k], actual[k], 1e-5);
        Assert.True(double.IsFinite(executor.Loss(loss2, 1, false)));
    }

    [Fact]
    public void A_fed_input_is_never_overwritten_so_forward_is_repeatable()
    {
        // input -> flatten (a view of the input buffer) -> relu / dropout (element-wise, in place when allowed).
        var graph = new Graph();
        var x = graph.Input("x", 2, 2, 2);
        var relu = graph.Activation("relu", graph.Flatten("flat", x), ActivationKind.Relu);
        var dropped = graph.Dropout("drop", graph.Reshape("again", x, 8), 0.5f);
        var executor = new GraphExecutor(graph, new ReferenceKernels(), seed: 1);
        float[] input = [-1f, 2f, -3f, 4f, 5f, -6f, 7f, -8f];
        input.CopyTo(executor.InputBuffer(x, 1));
        executor.Forward(1, training: true);
        Assert.Equal(input, executor.Output(x, 1).ToArray());
        Assert.Equal(input.Select(v => Math.Max(v, 0f)), executor.Output(relu, 1).ToArray());
        var first = executor.Output(dropped, 1).ToArray();
        executor.Forward(1, training: false);
        Assert.Equal(input, executor.Output(dropped, 1).ToArray());
        Assert.Contains(first, v => v == 0f);
    }

    [Fact]
    public void An_element_wise_op_after_a_view_keeps_the_output_an_earlier_backward_needs()
    {
        // dense -> tanh -> reshape -> dropout: tanh's backward reads its own output, so dropout must not scale it in place.
        var net = new TestNet(new[] { 6 });
        var t = net.Graph.Activation("tanh", net.Graph.Dense("dense", net.Z, 6, biasInitializer: Initializer.GlorotUniform), ActivationKind.Tanh);
        var d = net.Graph.Dropout("drop", net.Graph.Reshape("shape", t, 2, 3), 0.5f);
        net.SparseLoss(net.Graph.Dense("head", net.Graph.Flatten("flat", d), 3), fromLogits: true);
        net.FreshExecutorPerRun = true;
        net.Start(seed: 6).WithData(2);
        GradientCheck.AssertGradients(net, training: true);
    }

    [Fact]
    public void In_place_chains_stay_correct()
    {
        // dense (matmul + bias add in place) -> dropout (in place) -> sigmoid (in place) -> dense -> softmax loss.
        var net = new TestNet(new[] { 5 });
        var h = net.Graph.Dense("dense", net.Z, 4, biasInitializer: Initializer.GlorotUniform);
        var s = net.Graph.Activation("sigmoid", net.Graph.Dropout("drop", h, 0.25f), ActivationKind.Sigmoid);
        net.SparseLoss(net.Graph.Softmax("softmax", net.Graph.Dense("head", s, 3)), fromLogits: false);
        net.FreshExecutorPerRun = true;
        net.Start(seed: 8).WithData(2);
        GradientCheck.AssertGradients(net, training: true);
    }
}
