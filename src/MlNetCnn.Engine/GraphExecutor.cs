using System.Diagnostics;
using MlNetCnn.Kernels;

namespace MlNetCnn.Engine;

/// <summary>
/// Runs a sealed <see cref="Graph"/>: feeds inputs, runs forward, computes a loss and its gradients by reverse-mode
/// autodiff, and applies an optimizer. Memory is planned once per batch capacity and reused, so a training step
/// allocates nothing. Not thread-safe; create one executor per thread (they share the graph's weights).
/// </summary>
public sealed class GraphExecutor
{
    private readonly Graph _graph;
    private readonly float[] _paramGrads;
    private readonly int _trainableCount;
    private readonly Random _random;
    private ExecutionPlan? _plan;
    private long[]? _forwardTicks, _backwardTicks;

    /// <summary>Creates an executor; seals the graph with <paramref name="seed"/> if it is not sealed yet.</summary>
    /// <param name="graph">The graph to run.</param>
    /// <param name="kernels">The kernels to run it with.</param>
    /// <param name="seed">Seeds dropout masks (and the parameter initialization when this call seals the graph).</param>
    public GraphExecutor(Graph graph, IKernels kernels, int seed = 0)
        : this(graph, kernels, seed, inferenceOnly: false)
    {
    }

    /// <summary>
    /// Creates an executor; with <paramref name="inferenceOnly"/> it plans no gradient memory at all (about half the
    /// memory of a training executor) and refuses <see cref="Backward"/> and <see cref="TrainStep"/>.
    /// </summary>
    /// <param name="graph">The graph to run.</param>
    /// <param name="kernels">The kernels to run it with.</param>
    /// <param name="seed">Seeds dropout masks (and the parameter initialization when this call seals the graph).</param>
    /// <param name="inferenceOnly">Plan for forward passes and losses without gradients only.</param>
    public GraphExecutor(Graph graph, IKernels kernels, int seed, bool inferenceOnly)
    {
        InferenceOnly = inferenceOnly;
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentNullException.ThrowIfNull(kernels);
        graph.Seal(seed);
        _graph = graph;
        Kernels = kernels;
        _paramGrads = inferenceOnly ? Array.Empty<float>() : new float[graph.ParameterValues.Length];
        _trainableCount = graph.TrainableParameterCount; // sealed: fixed from now on (and the property allocates)
        _random = new Random(unchecked(seed * 31 + 17));
    }

    /// <summary>True when the executor plans no gradients (prediction only).</summary>
    public bool InferenceOnly { get; }

    /// <summary>The kernels in use.</summary>
    public IKernels Kernels { get; }

    /// <summary>The graph being run.</summary>
    public Graph Graph => _graph;

    /// <summary>The largest batch the current memory plan holds (0 before the first batch).</summary>
    public int Capacity => _plan?.Capacity ?? 0;

    /// <summary>Bytes held by the current plan's buffers plus the parameter gradients.</summary>
    public long PlannedBytes => (_plan?.Bytes ?? 0) + 4L * _paramGrads.Length;

    /// <summary>The gradients of all parameters from the last <see cref="Backward"/> (arena layout of the graph).</summary>
    public ReadOnlySpan<float> ParameterGradients => _paramGrads;

    /// <summary>Makes sure batches of up to <paramref name="batch"/> samples fit, planning memory again only when they do not.</summary>
    public void EnsureCapacity(int batch)
    {
        if (batch <= 0) throw new ArgumentOutOfRangeException(nameof(batch), batch, "The batch size must be positive.");
        if (_plan is null || _plan.Capacity < batch)
            _plan = new ExecutionPlan(_graph, Kernels, batch, _random, _paramGrads, InferenceOnly);
    }

    /// <summary>The buffer of a float input for a batch of <paramref name="batch"/> samples, to fill before <see cref="Forward"/>.</summary>
    public Span<float> InputBuffer(Node input, int batch)
    {
        if (input.Kind != NodeKind.Input) throw new ArgumentException($"'{input.Name}' is not a float input.", nameof(input));
        EnsureCapacity(batch);
        return _plan!.Value(input, batch);
    }

    /// <summary>The buffer of an integer input (labels) for a batch, to fill before computing a loss.</summary>
    public Span<int> IntInputBuffer(Node input, int batch)
    {
        if (input.Kind != NodeKind.IntInput) throw new ArgumentException($"'{input.Name}' is not an integer input.", nameof(input));
        EnsureCapacity(batch);
        return _plan!.IntValue(input, batch);
    }

    /// <summary>The values of any node after <see cref="Forward"/> for the same batch size.</summary>
    public ReadOnlySpan<float> Output(Node node, int batch)
    {
        EnsureCapacity(batch);
        return _plan!.Value(node, batch);
    }

    /// <summary>Runs every op forward. In training mode dropout is active.</summary>
    public void Forward(int batch, bool training)
    {
        EnsureCapacity(batch);
        var ctx = _plan!.Context;
        ctx.Batch = batch;
        ctx.Training = training;
        var ops = _graph.Ops;
        for (int i = 0; i < ops.Count; i++)
        {
            ctx.Op = ops[i];
            long t0 = _forwardTicks is null ? 0 : Stopwatch.GetTimestamp();
            ops[i].Forward(ctx);
            if (_forwardTicks is not null) _forwardTicks[i] += Stopwatch.GetTimestamp() - t0;
        }
    }

    /// <summary>
    /// The mean loss over the batch after <see cref="Forward"/>; with <paramref name="computeGradients"/> it also seeds the
    /// gradient of the loss's logits (scaled by 1 / batch), ready for <see cref="Backward"/>.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">A label is outside [0, classes); the message names the row.</exception>
    public double Loss(Loss loss, int batch, bool computeGradients)
    {
        if (computeGradients && InferenceOnly)
            throw new InvalidOperationException("This executor was created for inference only; create a training executor to compute gradients.");
        EnsureCapacity(batch);
        var plan = _plan!;
        int classes = loss.Classes;
        float scale = 1f / batch;
        var prediction = plan.Value(loss.Prediction, batch);
        double sum;
        if (loss.Kind == LossKind.SparseCategoricalCrossentropy)
        {
            var labels = plan.IntValue(loss.Target, batch);
            for (int i = 0; i < labels.Length; i++)
                if ((uint)labels[i] >= (uint)classes)
                    throw new ArgumentOutOfRangeException(nameof(batch), $"Label {labels[i]} in row {i} of the batch is outside [0, {classes}) for '{loss.Prediction.Name}'.");
            if (loss.IsFused || loss.FromLogits)
            {
                var probs = loss.IsFused ? prediction : plan.Workspace[..(batch * classes)];
                var grad = computeGradients ? plan.Grad(loss.Logits, batch) : default;
                sum = Kernels.SoftmaxCrossEntropySparse(batch, classes, plan.Value(loss.Logits, batch), labels, probs, grad, scale);
            }
            else
            {
                var grad = computeGradients ? plan.Grad(loss.Prediction, batch) : default;
                sum = Kernels.CrossEntropySparse(batch, classes, prediction, labels, grad, scale, Engine.Loss.Epsilon);
            }
        }
        else
        {
            var targets = plan.Value(loss.Target, batch);
            if (loss.IsFused || loss.FromLogits)
            {
                var probs = loss.IsFused ? prediction : plan.Workspace[..(batch * classes)];
                var grad = computeGradients ? plan.Grad(loss.Logits, batch) : default;
                sum = Kernels.SoftmaxCrossEntropyDense(batch, classes, plan.Value(loss.Logits, batch), targets, probs, grad, scale);
            }
            else
            {
                var grad = computeGradients ? plan.Grad(loss.Prediction, batch) : default;
                sum = Kernels.CrossEntropyDense(batch, classes, prediction, targets, grad, scale, Engine.Loss.Epsilon);
            }
        }
        return sum / batch;
    }

    /// <summary>The number of samples whose first arg-max of the prediction matches the target.</summary>
    public int CountCorrect(Loss loss, int batch)
    {
        EnsureCapacity(batch);
        var prediction = _plan!.Value(loss.Prediction, batch);
        return loss.Kind == LossKind.SparseCategoricalCrossentropy
            ? Kernels.CountCorrectSparse(batch, loss.Classes, prediction, _plan.IntValue(loss.Target, batch))
            : Kernels.CountCorrectDense(batch, loss.Classes, prediction, _plan.Value(loss.Target, batch));
    }

    /// <summary>Back-propagates the gradient seeded by <see cref="Loss"/> into every parameter gradient.</summary>
    public void Backward(Loss loss, int batch)
    {
        EnsureCapacity(batch);
        var plan = _plan!;
        var schedule = plan.Schedule(loss);
        plan.ActiveSchedule = schedule;
        var ctx = plan.Context;
        ctx.Batch = batch;
        foreach (var p in schedule.Unreached) _paramGrads.AsSpan(p.Offset, p.Length).Clear();
        try
        {
            foreach (var op in schedule.Ops)
            {
                ctx.Op = op;
                long t0 = _backwardTicks is null ? 0 : Stopwatch.GetTimestamp();
                op.Backward(ctx);
                for (int i = 0; i < op.Inputs.Length; i++)
                {
                    long scratch = schedule.ScratchOffset(op, i);
                    if (scratch < 0 || !op.Inputs[i].RequiresGrad) continue;
                    var node = op.Inputs[i];
                    Kernels.AddInPlace(node.SampleSize * batch, plan.ScratchGrad(scratch, node, batch), plan.Grad(node, batch));
                }
                if (_backwardTicks is not null) _backwardTicks[plan.OpIndex[op]] += Stopwatch.GetTimestamp() - t0;
            }
        }
        finally
        {
            plan.ActiveSchedule = null;
        }
    }

    /// <summary>One training step on a filled batch: forward (training), loss, backward, optimizer update. Returns the mean loss.</summary>
    public double TrainStep(Loss loss, Optimizer optimizer, int batch)
    {
        Forward(batch, training: true);
        double value = Loss(loss, batch, computeGradients: true);
        Backward(loss, batch);
        optimizer.Apply(_graph.ParameterValues.AsSpan(0, _trainableCount), _paramGrads.AsSpan(0, _trainableCount), Kernels);
        return value;
    }

    /// <summary>Starts (or resets) per-op timing of forward and backward; see <see cref="OpTimings"/>.</summary>
    public void EnableProfiling()
    {
        _forwardTicks = new long[_graph.Ops.Count];
        _backwardTicks = new long[_graph.Ops.Count];
    }

    /// <summary>Accumulated per-op times since <see cref="EnableProfiling"/>, in graph order.</summary>
    public IReadOnlyList<OpTiming> OpTimings()
    {
        if (_forwardTicks is null || _backwardTicks is null) return Array.Empty<OpTiming>();
        var ops = _graph.Ops;
        var list = new OpTiming[ops.Count];
        for (int i = 0; i < ops.Count; i++)
            list[i] = new OpTiming(ops[i].Name, ops[i].Kind,
                TimeSpan.FromSeconds(_forwardTicks[i] / (double)Stopwatch.Frequency),
                TimeSpan.FromSeconds(_backwardTicks[i] / (double)Stopwatch.Frequency),
                ops[i].ForwardFlopsPerSample);
        return list;
    }
}

/// <summary>Time spent in one op since profiling started.</summary>
/// <param name="Name">The op's (layer's) name.</param>
/// <param name="Kind">The op kind ("Conv2D", "MatMul", ...).</param>
/// <param name="Forward">Total forward time.</param>
/// <param name="Backward">Total backward time.</param>
/// <param name="ForwardFlopsPerSample">Forward floating-point operations per sample.</param>
public readonly record struct OpTiming(string Name, string Kind, TimeSpan Forward, TimeSpan Backward, long ForwardFlopsPerSample);
