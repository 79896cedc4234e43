using MlNetCnn.Kernels;

namespace MlNetCnn.Engine;

/// <summary>
/// Memory for running a sealed graph on batches of up to <see cref="Capacity"/> samples: one arena each for values,
/// gradients, integer data, op state and scratch, planned once; a batch smaller than the capacity uses the leading
/// part of each region. In-place ops (element-wise activations, bias add, dropout) and views (reshape, flatten) share
/// their input's buffer when that is safe, for values and for gradients.
/// </summary>
internal sealed class ExecutionPlan
{
    private readonly Graph _graph;
    private readonly float[] _values, _grads, _state, _workspace, _paramGrads;
    private readonly int[] _ints, _intState;
    private readonly long[] _valueOffset, _gradOffset;
    private readonly long[] _stateOffset, _intStateOffset;
    private readonly Dictionary<Loss, BackwardSchedule> _schedules = new();
    private BackwardSchedule? _active;

    public ExecutionPlan(Graph graph, IKernels kernels, int capacity, Random random, float[] paramGrads, bool inferenceOnly = false)
    {
        InferenceOnly = inferenceOnly;
        _graph = graph;
        Kernels = kernels;
        Capacity = capacity;
        Random = random;
        _paramGrads = paramGrads;
        var nodes = graph.Nodes;
        int n = nodes.Count;
        var valueRoot = new int[n];
        var gradRoot = new int[n];
        for (int i = 0; i < n; i++) { valueRoot[i] = i; gradRoot[i] = i; }
        foreach (var op in graph.Ops)
        {
            if (op.Inputs.Length == 0) continue;
            var x = op.Inputs[0];
            bool single = x.Consumers.Count == 1 && x.ExtraReaders == 0;
            if (op.IsView)
            {
                valueRoot[op.Output.Id] = valueRoot[x.Id];
                if (single) gradRoot[op.Output.Id] = gradRoot[x.Id];
            }
            else if (op.CanRunInPlace && CanOverwrite(x))
            {
                valueRoot[op.Output.Id] = valueRoot[x.Id];
                gradRoot[op.Output.Id] = gradRoot[x.Id];
            }
        }

        _valueOffset = new long[n];
        _gradOffset = new long[n];
        long floats = 0, ints = 0, grads = 0;
        for (int i = 0; i < n; i++)
        {
            var node = nodes[i];
            long size = (long)node.SampleSize * capacity;
            if (node.Kind == NodeKind.IntInput) { _valueOffset[i] = ints; ints += size; }
            else if (valueRoot[i] == i) { _valueOffset[i] = floats; floats += size; }
            else _valueOffset[i] = _valueOffset[valueRoot[i]];
            if (!node.RequiresGrad || inferenceOnly) _gradOffset[i] = -1;
            else if (gradRoot[i] == i) { _gradOffset[i] = grads; grads += size; }
            else _gradOffset[i] = _gradOffset[gradRoot[i]];
        }

        // Backward schedules (one per loss) and the scratch regions fan-out needs.
        foreach (var loss in inferenceOnly ? Enumerable.Empty<Loss>() : graph.Losses)
        {
            var schedule = BackwardSchedule.Build(graph, loss, capacity, ref grads);
            _schedules[loss] = schedule;
        }

        var ops = graph.Ops;
        _stateOffset = new long[ops.Count];
        _intStateOffset = new long[ops.Count];
        long state = 0, intState = 0, workspace = 0;
        for (int i = 0; i < ops.Count; i++)
        {
            _stateOffset[i] = state;
            state += (long)ops[i].StateSizePerSample * capacity;
            _intStateOffset[i] = intState;
            intState += (long)ops[i].IntStateSizePerSample * capacity;
            workspace = Math.Max(workspace, ops[i].WorkspaceSize(capacity, kernels));
        }
        foreach (var loss in graph.Losses) workspace = Math.Max(workspace, (long)loss.Classes * capacity);
        foreach (long total in new[] { floats, grads, ints, state, intState, workspace })
            if (total > Array.MaxLength)
                throw new InvalidOperationException($"A batch of {capacity} samples needs more memory than one array can hold; use a smaller batch size.");
        _values = new float[floats];
        _grads = new float[grads];
        _ints = new int[ints];
        _state = new float[state];
        _intState = new int[intState];
        _workspace = new float[workspace];
        OpIndex = new Dictionary<Op, int>(ops.Count);
        for (int i = 0; i < ops.Count; i++) OpIndex[ops[i]] = i;
        Context = new OpContext(this);
    }

    /// <summary>
    /// Whether the op that is <paramref name="x"/>'s only reader may overwrite its buffer. A view shares its input's
    /// buffer, so the question passes through views to the node that owns the buffer: every node on the way must have
    /// that one reader and no loss reading it, the owner must be computed (never a fed input), and the owner's
    /// producer must not need its output for backward.
    /// </summary>
    private static bool CanOverwrite(Node x)
    {
        while (true)
        {
            if (x.Kind != NodeKind.Computed || x.Consumers.Count != 1 || x.ExtraReaders != 0) return false;
            var producer = x.Producer!;
            if (!producer.IsView) return !producer.NeedsOutputForBackward;
            x = producer.Inputs[0];
        }
    }

    public IKernels Kernels { get; }

    public bool InferenceOnly { get; }

    public int Capacity { get; }

    public Random Random { get; }

    public OpContext Context { get; }

    public Dictionary<Op, int> OpIndex { get; }

    /// <summary>Bytes held by this plan's arenas.</summary>
    public long Bytes => 4L * (_values.Length + _grads.Length + _ints.Length + _state.Length + _intState.Length + _workspace.Length);

    public Span<float> Workspace => _workspace;

    public BackwardSchedule Schedule(Loss loss) => InferenceOnly
        ? throw new InvalidOperationException("This executor was created for inference only; create a training executor to compute gradients.") :
        _schedules.TryGetValue(loss, out var s) ? s : throw new InvalidOperationException("The loss was added after the executor was created.");

    public BackwardSchedule? ActiveSchedule { get => _active; set => _active = value; }

    public Span<float> Value(Node node, int batch)
    {
        if (node.Kind == NodeKind.IntInput) throw new InvalidOperationException($"'{node.Name}' holds integers.");
        return _values.AsSpan((int)_valueOffset[node.Id], node.SampleSize * batch);
    }

    public Span<int> IntValue(Node node, int batch)
    {
        if (node.Kind != NodeKind.IntInput) throw new InvalidOperationException($"'{node.Name}' holds floats.");
        return _ints.AsSpan((int)_valueOffset[node.Id], node.SampleSize * batch);
    }

    public Span<float> Grad(Node node, int batch)
    {
        long offset = _gradOffset[node.Id];
        if (offset < 0) throw new InvalidOperationException($"'{node.Name}' has no gradient.");
        return _grads.AsSpan((int)offset, node.SampleSize * batch);
    }

    public Span<float> GradForWrite(Op op, int input, int batch)
    {
        var node = op.Inputs[input];
        long scratch = _active?.ScratchOffset(op, input) ?? -1;
        return scratch >= 0 ? _grads.AsSpan((int)scratch, node.SampleSize * batch) : Grad(node, batch);
    }

    public Span<float> ScratchGrad(long offset, Node node, int batch) => _grads.AsSpan((int)offset, node.SampleSize * batch);

    public Span<float> ParamValue(Parameter p) => _graph.ParameterValues.AsSpan(p.Offset, p.Length);

    public Span<float> ParamGrad(Parameter p) => _paramGrads.AsSpan(p.Offset, p.Length);

    public Span<float> State(Op op, int batch) =>
        _state.AsSpan((int)_stateOffset[OpIndex[op]], op.StateSizePerSample * batch);

    public Span<int> IntState(Op op, int batch) =>
        _intState.AsSpan((int)_intStateOffset[OpIndex[op]], op.IntStateSizePerSample * batch);
}
