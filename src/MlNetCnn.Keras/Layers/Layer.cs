using System.Text.Json;
using MlNetCnn.Engine;

namespace MlNetCnn.Keras.Layers;

/// <summary>
/// A layer of a <see cref="Sequential"/> model. Layers are configured when constructed and built (mapped onto engine
/// graph nodes) when the model knows its input shape; only then do <see cref="OutputShape"/>, <see cref="CountParams"/>
/// and the weights exist. A layer belongs to at most one model.
/// </summary>
public abstract class Layer
{
    private protected Layer(string? name, string namePrefix, Shape? inputShape = null, bool zeroBasedName = true)
    {
        if (name is not null && string.IsNullOrWhiteSpace(name))
            throw new ArgumentException("A layer name must not be empty or blank.", nameof(name));
        Name = name ?? KerasNames.Next(namePrefix, zeroBasedName);
        InputShapeArgument = inputShape;
    }

    /// <summary>The layer's name: the one given, or Keras's automatic name ("conv2d", "conv2d_1", "dense" ...).</summary>
    public string Name { get; }

    /// <summary>The Keras class name shown by <see cref="Sequential.Summary(int, IReadOnlyList{double}?)"/>, e.g. "Conv2D".</summary>
    public virtual string ClassName => GetType().Name;

    /// <summary>The model this layer was added to, if any.</summary>
    public Sequential? Model { get; internal set; }

    /// <summary>True once the model has built the layer (its input shape is known).</summary>
    public bool IsBuilt => Model?.TryGetBinding(this) is not null;

    /// <summary>
    /// The per-sample output shape, without the batch dimension (Keras prints it with a leading None:
    /// (None, 26, 26, 64) is the shape (26, 26, 64) here).
    /// </summary>
    /// <exception cref="InvalidOperationException">The layer is not built yet.</exception>
    public IReadOnlyList<int> OutputShape => Array.AsReadOnly((int[])Binding.Output.SampleShape.Clone());

    /// <summary>The number of weights (kernel plus bias values); 0 for layers without weights.</summary>
    /// <exception cref="InvalidOperationException">The layer is not built yet.</exception>
    public long CountParams() => Binding.Parameters.Sum(p => (long)p.Length);

    /// <summary>
    /// Copies of the layer's weights in Keras order and shapes: a Conv2D gives its kernel (kh, kw, inChannels, filters)
    /// then its bias (filters); a Dense gives its kernel (inputs, units) then its bias (units). Layers without weights
    /// give an empty list. Reading the weights creates (initializes) them if the model has none yet.
    /// </summary>
    /// <exception cref="InvalidOperationException">The layer is not built yet.</exception>
    public IReadOnlyList<Tensor> GetWeights()
    {
        var binding = Binding;
        return Model!.CopyWeights(binding.Parameters);
    }

    /// <summary>Replaces the layer's weights; the list must match <see cref="GetWeights"/> in count and shapes.</summary>
    /// <exception cref="ArgumentException">The count or a shape differs; the message names the layer and the weight.</exception>
    public void SetWeights(IReadOnlyList<Tensor> weights)
    {
        ArgumentNullException.ThrowIfNull(weights);
        var binding = Binding;
        if (weights.Count != binding.Parameters.Length)
            throw new ArgumentException($"Layer '{Name}' has {binding.Parameters.Length} weight tensors but {weights.Count} were given.", nameof(weights));
        Model!.AssignWeights(binding.Parameters, weights);
    }

    /// <summary>The name and class, e.g. "conv2d (Conv2D)".</summary>
    public override string ToString() => $"{Name} ({ClassName})";

    /// <summary>The shape given with <c>inputShape</c>, used when this is the model's first layer.</summary>
    internal Shape? InputShapeArgument { get; }

    /// <summary>Adds this layer's nodes to <paramref name="graph"/> after <paramref name="input"/>; returns the output node.</summary>
    internal abstract Node BuildNodes(Graph graph, Node input);

    /// <summary>Writes the layer's configuration (the JSON object's members after "name").</summary>
    internal abstract void WriteConfig(Utf8JsonWriter writer);

    private LayerBinding Binding => Model?.TryGetBinding(this)
        ?? throw new InvalidOperationException($"Layer '{Name}' is not built yet: its model does not know its input shape. Give inputShape to the first layer, start the model with an InputLayer, or call Build(inputShape) or Fit.");

    /// <summary>Parses "valid" or "same" (case-insensitive, as Keras) for this layer.</summary>
    private protected Padding ParsePadding(string padding)
    {
        ArgumentNullException.ThrowIfNull(padding);
        return padding.Trim().ToLowerInvariant() switch
        {
            "valid" => Padding.Valid,
            "same" => Padding.Same,
            _ => throw new ArgumentException($"Layer '{Name}': padding must be \"valid\" or \"same\", got \"{padding}\".", nameof(padding)),
        };
    }

    /// <summary>Checks that a (height, width) argument is positive, naming this layer.</summary>
    private protected void RequirePositive(Size2D size, string argument)
    {
        if (!size.IsPositive)
            throw new ArgumentOutOfRangeException(argument, size, $"Layer '{Name}': {argument} must be positive in both dimensions, got {size}.");
    }

    /// <summary>Parses a Keras initializer name for this layer.</summary>
    private protected Initializer ParseInitializer(string name, string argument)
    {
        ArgumentNullException.ThrowIfNull(name, argument);
        try
        {
            return Initializers.Parse(name);
        }
        catch (ArgumentException e)
        {
            throw new ArgumentException($"Layer '{Name}': {e.Message}", argument, e);
        }
    }

    /// <summary>Adds the activation op (if any) after <paramref name="x"/>.</summary>
    private protected Node ApplyActivation(Graph graph, Node x, Activation? activation)
    {
        if (activation is null) return x;
        return activation.IsSoftmax
            ? graph.Softmax(Name, x)
            : graph.Activation(Name, x, activation.Kind);
    }

    internal static string PaddingName(Padding padding) => padding == Padding.Same ? "same" : "valid";

    internal static string InitializerName(Initializer initializer) => initializer switch
    {
        Initializer.Zeros => "zeros",
        Initializer.Ones => "ones",
        Initializer.GlorotUniform => "glorot_uniform",
        Initializer.GlorotNormal => "glorot_normal",
        Initializer.HeUniform => "he_uniform",
        Initializer.HeNormal => "he_normal",
        _ => throw new ArgumentOutOfRangeException(nameof(initializer), initializer, null),
    };

    internal static void WriteSize(Utf8JsonWriter writer, string property, Size2D size)
    {
        writer.WriteStartArray(property);
        writer.WriteNumberValue(size.Height);
        writer.WriteNumberValue(size.Width);
        writer.WriteEndArray();
    }
}

/// <summary>What building a layer produced: its output node and its parameters in Keras order.</summary>
internal sealed record LayerBinding(Node Output, Parameter[] Parameters);
