using MlNetCnn.Kernels;

namespace MlNetCnn.Engine.Tests;

/// <summary>
/// A small graph under test, built through the public <see cref="Graph"/> API:
/// x (fed) -> [z = x W + b with W fixed to the identity] -> body -> loss.
/// </summary>
/// <remarks>
/// The identity Dense in front makes input gradients observable without reaching into the executor: z = x exactly
/// (x * 1 plus zeros, summed in double, then + 0), so dL/dx[j] = dL/dz[j] = dL/db[j] at batch 1. With
/// <c>trackInputGradient: false</c> the body reads the raw input (the usual first-layer situation).
/// </remarks>
internal sealed class TestNet
{
    private int[] _labels = Array.Empty<int>();
    private float[] _targets = Array.Empty<float>();

    public TestNet(int[] inputShape, bool trackInputGradient = true)
    {
        X = Graph.Input("x", inputShape);
        if (!trackInputGradient)
        {
            Z = X;
            return;
        }

        var flat = Graph.Flatten("x_flat", X);
        var lifted = Graph.Dense("x_id", flat, X.SampleSize);
        Z = Graph.Reshape("x_shaped", lifted, inputShape);
        InputKernel = Graph.Parameters.Single(p => p.Name == "x_id/kernel");
        InputBias = Graph.Parameters.Single(p => p.Name == "x_id/bias");
    }

    public Graph Graph { get; } = new();

    /// <summary>The fed input.</summary>
    public Node X { get; }

    /// <summary>What the body reads: x itself, or x passed through the identity Dense.</summary>
    public Node Z { get; }

    public Parameter? InputKernel { get; }

    /// <summary>Its gradient at batch 1 is the gradient of the loss with respect to the input values.</summary>
    public Parameter? InputBias { get; }

    public Loss Loss { get; private set; } = null!;

    public Node Target { get; private set; } = null!;

    public GraphExecutor Executor { get; private set; } = null!;

    public int Seed { get; private set; }

    /// <summary>When set, every run uses a new executor with the same seed (so dropout draws the same masks).</summary>
    public bool FreshExecutorPerRun { get; set; }

    /// <summary>The input values, batch-major; gradient checks perturb them in place.</summary>
    public float[] Inputs { get; set; } = Array.Empty<float>();

    public Loss SparseLoss(Node prediction, bool fromLogits)
    {
        Target = Graph.IntInput("labels");
        Loss = Graph.AddLoss(LossKind.SparseCategoricalCrossentropy, prediction, Target, fromLogits);
        return Loss;
    }

    public Loss CategoricalLoss(Node prediction, bool fromLogits)
    {
        Target = Graph.Input("targets", prediction.SampleSize);
        Loss = Graph.AddLoss(LossKind.CategoricalCrossentropy, prediction, Target, fromLogits);
        return Loss;
    }

    /// <summary>Seals the graph with <paramref name="seed"/>, creates the executor and fixes the identity kernel.</summary>
    public TestNet Start(int seed = 1)
    {
        Seed = seed;
        Executor = new GraphExecutor(Graph, new ReferenceKernels(), seed);
        if (InputKernel is not null)
        {
            var w = Graph.Values(InputKernel);
            w.Clear();
            int n = X.SampleSize;
            for (int i = 0; i < n; i++) w[i * n + i] = 1f;
        }

        return this;
    }

    /// <summary>Sets inputs and targets for up to <paramref name="batch"/> samples: random unless given.</summary>
    public TestNet WithData(int batch, float[]? inputs = null, int seed = 7, Func<Random, float>? draw = null)
    {
        var rng = new Random(seed);
        draw ??= r => (float)(r.NextDouble() * 2 - 1);
        Inputs = inputs ?? Enumerable.Range(0, batch * X.SampleSize).Select(_ => draw(rng)).ToArray();
        int classes = Loss.Classes;
        if (Loss.Kind == LossKind.SparseCategoricalCrossentropy)
        {
            _labels = Enumerable.Range(0, batch).Select(_ => rng.Next(classes)).ToArray();
        }
        else
        {
            // Soft targets that sum to 1 per row, so every class contributes to the gradient.
            _targets = new float[batch * classes];
            for (int n = 0; n < batch; n++)
            {
                double sum = 0;
                var row = new double[classes];
                for (int c = 0; c < classes; c++) sum += row[c] = 0.2 + rng.NextDouble();
                for (int c = 0; c < classes; c++) _targets[n * classes + c] = (float)(row[c] / sum);
            }
        }

        return this;
    }

    public TestNet WithLabels(params int[] labels)
    {
        _labels = labels;
        return this;
    }

    public TestNet WithTargets(params float[] targets)
    {
        _targets = targets;
        return this;
    }

    /// <summary>Copies inputs and targets of the first <paramref name="batch"/> samples into the executor.</summary>
    public void Feed(int batch)
    {
        if (FreshExecutorPerRun) Executor = new GraphExecutor(Graph, new ReferenceKernels(), Seed);
        Inputs.AsSpan(0, batch * X.SampleSize).CopyTo(Executor.InputBuffer(X, batch));
        if (Target.Kind == NodeKind.IntInput) _labels.AsSpan(0, batch).CopyTo(Executor.IntInputBuffer(Target, batch));
        else _targets.AsSpan(0, batch * Target.SampleSize).CopyTo(Executor.InputBuffer(Target, batch));
    }

    /// <summary>Feed, forward, mean loss.</summary>
    public double Evaluate(int batch, bool training = true)
    {
        Feed(batch);
        Executor.Forward(batch, training);
        return Executor.Loss(Loss, batch, computeGradients: false);
    }

    /// <summary>Feed, forward, loss, backward; returns a copy of every parameter gradient (arena layout).</summary>
    public float[] Gradients(int batch, bool training = true)
    {
        Feed(batch);
        Executor.Forward(batch, training);
        Executor.Loss(Loss, batch, computeGradients: true);
        Executor.Backward(Loss, batch);
        return Executor.ParameterGradients.ToArray();
    }

    /// <summary>The analytic gradient of the loss with respect to the inputs of a one-sample batch.</summary>
    public float[] InputGradients(bool training = true)
    {
        var bias = InputBias ?? throw new InvalidOperationException("The net does not track input gradients.");
        return Gradients(1, training).AsSpan(bias.Offset, bias.Length).ToArray();
    }

    public Span<float> Values(string parameterName) => Graph.Values(Graph.Parameters.Single(p => p.Name == parameterName));

    public Parameter Parameter(string parameterName) => Graph.Parameters.Single(p => p.Name == parameterName);
}
