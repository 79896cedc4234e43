using MlNetCnn.Engine;
using MlNetCnn.Keras.Layers;

namespace MlNetCnn.Keras;

/// <summary>
/// A Sequential model mapped onto an engine graph: the input node, one binding per layer (output node and
/// parameters), and, once compiled, the target node and the loss.
/// </summary>
internal sealed class ModelGraph
{
    private ModelGraph(Graph graph, Node input, Node output, Dictionary<Layer, LayerBinding> bindings, Node? target, Loss? loss)
    {
        Graph = graph;
        Input = input;
        Output = output;
        Bindings = bindings;
        Target = target;
        Loss = loss;
    }

    public Graph Graph { get; }

    public Node Input { get; }

    public Node Output { get; }

    public Dictionary<Layer, LayerBinding> Bindings { get; }

    /// <summary>Integer labels (sparse loss) or one-hot rows (categorical loss); null before Compile.</summary>
    public Node? Target { get; }

    public Loss? Loss { get; }

    /// <summary>
    /// Builds the graph: input, then each layer's ops in order, then (when compiled) the target and the loss. Shape
    /// errors surface as <see cref="ShapeException"/> naming the layer; an output that is not one vector per sample
    /// cannot take a cross-entropy loss.
    /// </summary>
    public static ModelGraph Build(string inputName, int[] inputShape, IReadOnlyList<Layer> layers, CompileSettings? compile)
    {
        long inputSize = 1;
        foreach (int d in inputShape)
        {
            inputSize *= d;
            if (d <= 0 || inputSize > int.MaxValue)
                throw new ShapeException(inputName, $"the input shape {Shape.FormatBatch(inputShape)} is not valid: dimensions must be positive and one sample must hold at most {int.MaxValue} values.");
        }
        var graph = new Graph();
        var input = graph.Input(inputName, inputShape);
        var x = input;
        var bindings = new Dictionary<Layer, LayerBinding>(ReferenceEqualityComparer.Instance);
        foreach (var layer in layers)
        {
            int before = graph.Parameters.Count;
            x = layer.BuildNodes(graph, x);
            var parameters = graph.Parameters.Skip(before).ToArray();
            bindings.Add(layer, new LayerBinding(x, parameters));
        }

        Node? target = null;
        Loss? loss = null;
        if (compile is not null)
        {
            if (x.SampleShape.Length != 1)
                throw new ShapeException(layers.Count > 0 ? layers[^1].Name : inputName,
                    $"{compile.Loss.Name} needs one vector of class scores per sample, but the model's output is {ShapeException.Format(x.SampleShape)}; add a Flatten and a Dense layer.");
            target = compile.Loss.IsSparse ? graph.IntInput("labels") : graph.Input("targets", x.SampleShape);
            loss = graph.AddLoss(compile.Loss.Kind, x, target, compile.Loss.FromLogits);
        }
        return new ModelGraph(graph, input, x, bindings, target, loss);
    }

    /// <summary>Copies the values of every parameter of <paramref name="source"/> with the same name and shape.</summary>
    public void CopyWeightsFrom(ModelGraph source)
    {
        var byName = source.Graph.Parameters.ToDictionary(p => p.Name, StringComparer.Ordinal);
        foreach (var p in Graph.Parameters)
        {
            if (byName.TryGetValue(p.Name, out var old) && old.Shape.AsSpan().SequenceEqual(p.Shape))
                source.Graph.Values(old).CopyTo(Graph.Values(p));
        }
    }
}

/// <summary>What <c>Compile</c> set: the optimizer, the loss and the metric names as given.</summary>
internal sealed record CompileSettings(Optimizer Optimizer, LossFunction Loss, string[] Metrics)
{
    /// <summary>The key of the accuracy metric in logs and history ("accuracy", "acc" ...), or null when not requested.</summary>
    public string? AccuracyKey => Metrics.Length > 0 ? Metrics[0] : null;
}
