using MlNetCnn.Kernels;
using MlNetCnn.Engine.Ops;

namespace MlNetCnn.Engine;

/// <summary>
/// A define-then-run graph of ops with static per-sample shapes and a symbolic batch dimension (NHWC, float32).
/// Build it with the layer methods, then run it with a <see cref="GraphExecutor"/>. All parameters live in one
/// arena (<see cref="ParameterValues"/>), allocated and initialized when the graph is sealed.
/// </summary>
public sealed partial class Graph
{
    private readonly List<Node> _nodes = new();
    private readonly List<Op> _ops = new();
    private readonly List<Parameter> _parameters = new();
    private readonly List<Loss> _losses = new();
    private float[]? _parameterValues;
    private int _trainableCount;

    /// <summary>Every node in creation (topological) order.</summary>
    public IReadOnlyList<Node> Nodes => _nodes;

    /// <summary>Every parameter; after sealing, trainable ones come first in the arena.</summary>
    public IReadOnlyList<Parameter> Parameters => _parameters;

    /// <summary>The losses attached with <see cref="AddLoss"/>.</summary>
    public IReadOnlyList<Loss> Losses => _losses;

    internal IReadOnlyList<Op> Ops => _ops;

    /// <summary>True once the parameter arena exists; the graph can no longer grow.</summary>
    public bool IsSealed => _parameterValues is not null;

    /// <summary>The number of parameter values.</summary>
    public int ParameterCount => IsSealed ? _parameterValues!.Length : _parameters.Sum(p => p.Length);

    /// <summary>The number of trainable parameter values; they occupy the start of the arena.</summary>
    public int TrainableParameterCount => IsSealed ? _trainableCount : _parameters.Where(p => p.Trainable).Sum(p => p.Length);

    /// <summary>All parameter values (seals the graph on first access with the given seed, see <see cref="Seal"/>).</summary>
    public float[] ParameterValues => _parameterValues ?? throw new InvalidOperationException("The graph is not sealed yet; call Seal(seed) first.");

    /// <summary>A float input with the given per-sample shape, e.g. (28, 28, 1).</summary>
    public Node Input(string name, params int[] sampleShape)
    {
        EnsureOpen();
        if (sampleShape.Length == 0 || sampleShape.Any(d => d <= 0))
            throw new ShapeException(name, $"an input shape needs positive dimensions, got {Tensor.FormatShape(sampleShape)}.");
        return AddNode(name, NodeKind.Input, (int[])sampleShape.Clone(), null);
    }

    /// <summary>An integer input with one value per sample (class labels).</summary>
    public Node IntInput(string name)
    {
        EnsureOpen();
        return AddNode(name, NodeKind.IntInput, new[] { 1 }, null);
    }

    /// <summary>The values of one parameter (a view into the arena).</summary>
    public Span<float> Values(Parameter parameter) => ParameterValues.AsSpan(parameter.Offset, parameter.Length);

    /// <summary>
    /// Allocates the parameter arena (trainable parameters first) and fills it with each parameter's initializer,
    /// drawing from one <see cref="Random"/> seeded with <paramref name="seed"/> in parameter creation order.
    /// Calling it again does nothing.
    /// </summary>
    public void Seal(int seed)
    {
        if (IsSealed) return;
        long total = 0;
        foreach (var p in _parameters.Where(p => p.Trainable).Concat(_parameters.Where(p => !p.Trainable)))
        {
            p.Offset = checked((int)total);
            total += p.Length;
        }
        if (total > Array.MaxLength) throw new InvalidOperationException($"The model has {total} parameters, more than one array can hold.");
        var values = new float[total];
        var random = new Random(seed);
        foreach (var p in _parameters)
            Initializers.Fill(p.Initializer, values.AsSpan(p.Offset, p.Length), p.FanIn, p.FanOut, random);
        _trainableCount = _parameters.Where(p => p.Trainable).Sum(p => p.Length);
        _parameterValues = values;
    }

    /// <summary>
    /// Attaches a loss. <paramref name="target"/> must be an integer input for the sparse loss, or a float input of the
    /// prediction's shape for the categorical one; the prediction must be one vector of class scores per sample.
    /// </summary>
    public Loss AddLoss(LossKind kind, Node prediction, Node target, bool fromLogits)
    {
        EnsureOpen();
        CheckOwned(prediction);
        CheckOwned(target);
        if (prediction.SampleShape.Length != 1)
            throw new ShapeException(prediction.Name, $"a cross-entropy loss needs one vector of class scores per sample, got {ShapeException.Format(prediction.SampleShape)}.");
        if (kind == LossKind.SparseCategoricalCrossentropy && target.Kind != NodeKind.IntInput)
            throw new ArgumentException($"Sparse categorical cross-entropy needs integer labels, but '{target.Name}' is a float node.", nameof(target));
        if (kind == LossKind.CategoricalCrossentropy && (target.Kind == NodeKind.IntInput || target.SampleSize != prediction.SampleSize))
            throw new ShapeException(target.Name, $"categorical cross-entropy needs one-hot targets of shape {ShapeException.Format(prediction.SampleShape)}, got {ShapeException.Format(target.SampleShape)}.");
        bool fused = !fromLogits && prediction.Producer is ActivationOp { Function: ActivationOp.SoftmaxFunction };
        var logits = fused ? prediction.Producer!.Inputs[0] : prediction;
        var loss = new Loss(kind, prediction, target, fromLogits, logits, fused);
        logits.ExtraReaders++;
        _losses.Add(loss);
        return loss;
    }

    internal Node AddOp(Op op)
    {
        EnsureOpen();
        foreach (var input in op.Inputs) CheckOwned(input);
        int[] shape;
        try
        {
            shape = op.InferShape();
        }
        catch (ShapeException)
        {
            // The layer method created the op's parameters just before; a layer that does not fit leaves none behind.
            foreach (var p in op.Parameters)
                if (p.Owner is null) _parameters.Remove(p);
            throw;
        }

        var output = AddNode(op.Name, NodeKind.Computed, shape, op);
        op.Output = output;
        output.RequiresGrad = op.Parameters.Any(p => p.Trainable) || op.Inputs.Any(i => i.RequiresGrad);
        foreach (var input in op.Inputs) input.Consumers.Add(op);
        foreach (var p in op.Parameters)
        {
            if (p.Owner is not null) throw new InvalidOperationException($"Parameter '{p.Name}' is already used by '{p.Owner.Name}'; sharing weights between ops is not supported.");
            p.Owner = op;
        }
        _ops.Add(op);
        return output;
    }

    internal Parameter AddParameter(string name, int[] shape, Initializer initializer, int fanIn, int fanOut, bool trainable = true)
    {
        EnsureOpen();
        var p = new Parameter(name, shape, initializer, trainable, fanIn, fanOut);
        _parameters.Add(p);
        return p;
    }

    private Node AddNode(string name, NodeKind kind, int[] shape, Op? producer)
    {
        var node = new Node(this, _nodes.Count, name, kind, shape, producer);
        _nodes.Add(node);
        return node;
    }

    private void CheckOwned(Node node)
    {
        if (!ReferenceEquals(node.Graph, this)) throw new ArgumentException($"Node '{node.Name}' belongs to another graph.");
    }

    private void EnsureOpen()
    {
        if (IsSealed) throw new InvalidOperationException("The graph is sealed (its parameters exist); build a new graph to change the architecture.");
    }
}
