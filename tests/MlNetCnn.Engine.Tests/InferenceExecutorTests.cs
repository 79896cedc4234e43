using MlNetCnn.Engine;
using MlNetCnn.Kernels;

namespace MlNetCnn.Engine.Tests;

public sealed class InferenceExecutorTests
{
    private static (Graph Graph, Node Input, Node Labels, Node Output, Loss Loss) SmallCnn()
    {
        var g = new Graph();
        var x = g.Input("x", 9, 9, 2);
        var labels = g.IntInput("labels");
        var h = g.Conv2D("conv", x, 4, 3, 3);
        h = g.Activation("conv_relu", h, ActivationKind.Relu);
        h = g.MaxPooling2D("pool", h, 2, 2, 2, 2);
        h = g.Flatten("flatten", h);
        h = g.Dense("dense", h, 3);
        var y = g.Softmax("softmax", h);
        var loss = g.AddLoss(LossKind.SparseCategoricalCrossentropy, y, labels, fromLogits: false);
        g.Seal(5);
        return (g, x, labels, y, loss);
    }

    [Fact]
    public void Inference_only_executor_matches_the_training_executor_and_plans_less_memory()
    {
        var (g, x, labels, y, loss) = SmallCnn();
        var kernels = new ReferenceKernels();
        var train = new GraphExecutor(g, kernels, 1);
        var infer = new GraphExecutor(g, kernels, 1, inferenceOnly: true);
        var random = new Random(3);
        const int batch = 6;
        foreach (var executor in new[] { train, infer })
        {
            var input = executor.InputBuffer(x, batch);
            for (int i = 0; i < input.Length; i++) input[i] = (float)(random.NextDouble() - 0.5);
            random = new Random(3);
            var l = executor.IntInputBuffer(labels, batch);
            for (int i = 0; i < batch; i++) l[i] = i % 3;
            executor.Forward(batch, training: false);
        }
        Assert.Equal(train.Output(y, batch).ToArray(), infer.Output(y, batch).ToArray());
        Assert.Equal(train.Loss(loss, batch, computeGradients: false), infer.Loss(loss, batch, computeGradients: false));
        Assert.True(infer.PlannedBytes < train.PlannedBytes, $"inference {infer.PlannedBytes} B should be below training {train.PlannedBytes} B");
        Assert.True(infer.InferenceOnly);
    }

    [Fact]
    public void Inference_only_executor_refuses_gradients_with_a_clear_message()
    {
        var (g, x, _, _, loss) = SmallCnn();
        var infer = new GraphExecutor(g, new ReferenceKernels(), 1, inferenceOnly: true);
        infer.InputBuffer(x, 2).Fill(0.1f);
        infer.Forward(2, training: false);
        var ex = Assert.Throws<InvalidOperationException>(() => infer.Loss(loss, 2, computeGradients: true));
        Assert.Contains("inference only", ex.Message);
        Assert.Throws<InvalidOperationException>(() => infer.Backward(loss, 2));
        Assert.Throws<InvalidOperationException>(() => infer.TrainStep(loss, new Adam(), 2));
    }

    [Fact]
    public void Shapes_whose_size_overflows_are_refused_naming_the_layer()
    {
        var g = new Graph();
        var ex = Assert.Throws<ShapeException>(() => g.Input("huge", 65536, 65536, 65536, 65536));
        Assert.Contains("huge", ex.Message);
        Assert.Contains("too large", ex.Message);
    }
}
