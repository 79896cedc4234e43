namespace MlNetCnn.Engine;

/// <summary>What a graph node holds.</summary>
public enum NodeKind
{
    /// <summary>A float input fed by the caller (images, features, one-hot targets).</summary>
    Input,
    /// <summary>An integer input fed by the caller (class labels).</summary>
    IntInput,
    /// <summary>The output of an op.</summary>
    Computed,
}

/// <summary>
/// A symbolic tensor of a <see cref="Graph"/>: a per-sample shape behind a symbolic batch dimension.
/// Values live in buffers an executor plans once per batch capacity.
/// </summary>
public sealed class Node
{
    internal Node(Graph graph, int id, string name, NodeKind kind, int[] sampleShape, Op? producer)
    {
        Graph = graph;
        Id = id;
        Name = name;
        Kind = kind;
        SampleShape = sampleShape;
        Producer = producer;
        long size = 1;
        foreach (int d in sampleShape)
        {
            size *= d;
            if (size > int.MaxValue) break;
        }
        if (size > int.MaxValue) throw new ShapeException(name, $"the shape {ShapeException.Format(sampleShape)} is too large.");
        SampleSize = (int)size;
    }

    /// <summary>The graph this node belongs to.</summary>
    public Graph Graph { get; }

    /// <summary>Position in creation order (a topological order).</summary>
    public int Id { get; }

    /// <summary>The name (the producing layer's name for computed nodes).</summary>
    public string Name { get; }

    /// <summary>Input, integer input or computed.</summary>
    public NodeKind Kind { get; }

    /// <summary>The shape of one sample (without the batch dimension).</summary>
    public int[] SampleShape { get; }

    /// <summary>The number of values in one sample.</summary>
    public int SampleSize { get; }

    internal Op? Producer { get; }

    /// <summary>True when a gradient flows back into this node (it depends on a trainable parameter).</summary>
    public bool RequiresGrad { get; internal set; }

    internal List<Op> Consumers { get; } = new();

    /// <summary>Readers outside the op list (losses).</summary>
    internal int ExtraReaders { get; set; }

    /// <summary>Keras's notation, e.g. (None, 26, 26, 64).</summary>
    public override string ToString() => $"{Name} {ShapeException.Format(SampleShape)}";
}

/// <summary>A weight tensor of a graph (kernel or bias). Values live in the graph's parameter arena.</summary>
public sealed class Parameter
{
    internal Parameter(string name, int[] shape, Initializer initializer, bool trainable, int fanIn, int fanOut)
    {
        Name = name;
        Shape = shape;
        Initializer = initializer;
        Trainable = trainable;
        FanIn = fanIn;
        FanOut = fanOut;
        long n = 1;
        foreach (int d in shape)
        {
            n *= d;
            if (n > int.MaxValue) throw new ShapeException(name, $"the parameter shape {Tensor.FormatShape(shape)} is too large.");
        }
        Length = (int)n;
    }

    /// <summary>The name, e.g. "conv2d/kernel".</summary>
    public string Name { get; }

    /// <summary>The shape, e.g. (3, 3, 1, 64) for a convolution kernel.</summary>
    public int[] Shape { get; }

    /// <summary>The number of values.</summary>
    public int Length { get; }

    /// <summary>How the values start.</summary>
    public Initializer Initializer { get; }

    /// <summary>Whether optimizers update it.</summary>
    public bool Trainable { get; }

    /// <summary>Inputs feeding one output unit (for initializers).</summary>
    public int FanIn { get; }

    /// <summary>Outputs fed by one input unit (for initializers).</summary>
    public int FanOut { get; }

    /// <summary>Offset of the values in the graph's parameter arena.</summary>
    public int Offset { get; internal set; }

    internal Op? Owner { get; set; }
}
