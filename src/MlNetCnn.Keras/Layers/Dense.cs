using System.Text.Json;
using MlNetCnn.Engine;

namespace MlNetCnn.Keras.Layers;

/// <summary>
/// A fully connected layer (Keras's <c>Dense</c>): y = activation(x W + b) over the last axis of the input, with W of
/// shape (inputs, units) and b of shape (units): inputs*units + units parameters (1600*128 + 128 = 204,928 in the
/// course's network).
/// </summary>
public sealed class Dense : Layer
{
    /// <summary>Creates the layer.</summary>
    /// <param name="units">The number of outputs; positive.</param>
    /// <param name="activation">The activation: a name ("relu", "sigmoid", "tanh", "softmax", "linear") or an
    /// <see cref="Keras.Activation"/>; null means none.</param>
    /// <param name="useBias">Whether the layer adds a bias.</param>
    /// <param name="kernelInitializer">The kernel's initializer (default "glorot_uniform").</param>
    /// <param name="biasInitializer">The bias's initializer (default "zeros").</param>
    /// <param name="inputShape">The per-sample input shape when this is the model's first layer, e.g. 784.</param>
    /// <param name="name">The layer's name; default Keras's automatic "dense", "dense_1" ...</param>
    /// <exception cref="ArgumentException">An argument is out of range or unknown; the message names the layer.</exception>
    public Dense(int units, Activation? activation = null, bool useBias = true, string kernelInitializer = "glorot_uniform",
        string biasInitializer = "zeros", Shape? inputShape = null, string? name = null)
        : base(name, "dense", inputShape)
    {
        if (units <= 0) throw new ArgumentOutOfRangeException(nameof(units), units, $"Layer '{Name}': units must be positive.");
        Units = units;
        Activation = Keras.Activation.Resolve(activation, Name);
        UseBias = useBias;
        KernelInitializer = ParseInitializer(kernelInitializer, nameof(kernelInitializer));
        BiasInitializer = ParseInitializer(biasInitializer, nameof(biasInitializer));
    }

    /// <summary>The number of outputs.</summary>
    public int Units { get; }

    /// <summary>The activation, or null for none (linear).</summary>
    public Activation? Activation { get; }

    /// <summary>Whether a bias is added.</summary>
    public bool UseBias { get; }

    /// <summary>How the kernel starts.</summary>
    public Initializer KernelInitializer { get; }

    /// <summary>How the bias starts.</summary>
    public Initializer BiasInitializer { get; }

    internal override Node BuildNodes(Graph graph, Node input)
    {
        var y = graph.Dense(Name, input, Units, UseBias, KernelInitializer, BiasInitializer);
        return ApplyActivation(graph, y, Activation);
    }

    internal override void WriteConfig(Utf8JsonWriter writer)
    {
        writer.WriteNumber("units", Units);
        writer.WriteString("activation", Activation?.Name ?? "linear");
        writer.WriteBoolean("use_bias", UseBias);
        writer.WriteString("kernel_initializer", InitializerName(KernelInitializer));
        writer.WriteString("bias_initializer", InitializerName(BiasInitializer));
    }
}
