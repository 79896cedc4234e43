using System.Text.Json;
using MlNetCnn.Engine;

namespace MlNetCnn.Keras.Layers;

/// <summary>
/// A 2-D convolution over NHWC images (Keras's <c>Conv2D</c>): <c>filters</c> kernels of <c>kernelSize</c> slide over
/// the input with <c>strides</c>, each producing one output channel, then the bias is added and the activation applied.
/// </summary>
/// <remarks>
/// Output size per spatial dimension for input size n, kernel f and stride s: "valid" padding gives
/// floor((n - f) / s) + 1 (the course's (n + 2p - f) / s + 1 with p = 0); "same" gives ceil(n / s) =
/// floor((n - 1) / s) + 1, padding with zeros (the odd extra row or column at the bottom or right, as TensorFlow does).
/// The kernel has shape (kh, kw, inputChannels, filters) and the bias (filters): kh*kw*c*f + f parameters, e.g.
/// 3*3*1*64 + 64 = 640 for the course's first layer. A kernel larger than its (padded) input is refused when the
/// model is built, with an error naming the layer and both shapes.
/// </remarks>
public sealed class Conv2D : Layer
{
    /// <summary>Creates the layer.</summary>
    /// <param name="filters">The number of kernels (output channels); positive.</param>
    /// <param name="kernelSize">The kernel (height, width); an int means a square kernel.</param>
    /// <param name="strides">The step (vertical, horizontal); default (1, 1).</param>
    /// <param name="padding">"valid" (no padding, the default) or "same".</param>
    /// <param name="activation">The activation: a name ("relu", "sigmoid", "tanh", "softmax", "linear") or an
    /// <see cref="Keras.Activation"/>; null means none.</param>
    /// <param name="useBias">Whether the layer adds a bias per filter.</param>
    /// <param name="kernelInitializer">The kernel's initializer ("glorot_uniform", "glorot_normal", "he_uniform", "he_normal", "zeros", "ones").</param>
    /// <param name="biasInitializer">The bias's initializer (default "zeros").</param>
    /// <param name="inputShape">The per-sample input shape (height, width, channels) when this is the model's first layer.</param>
    /// <param name="name">The layer's name; default Keras's automatic "conv2d", "conv2d_1" ...</param>
    /// <exception cref="ArgumentException">An argument is out of range or unknown; the message names the layer.</exception>
    public Conv2D(int filters, Size2D kernelSize, Size2D? strides = null, string padding = "valid", Activation? activation = null,
        bool useBias = true, string kernelInitializer = "glorot_uniform", string biasInitializer = "zeros",
        Shape? inputShape = null, string? name = null)
        : base(name, "conv2d", inputShape)
    {
        if (filters <= 0) throw new ArgumentOutOfRangeException(nameof(filters), filters, $"Layer '{Name}': filters must be positive.");
        RequirePositive(kernelSize, nameof(kernelSize));
        Strides = strides ?? (1, 1);
        RequirePositive(Strides, nameof(strides));
        if (inputShape is { Rank: not 3 } s)
            throw new ArgumentException($"Layer '{Name}': inputShape must be (height, width, channels), got {s}.", nameof(inputShape));
        Filters = filters;
        KernelSize = kernelSize;
        Padding = ParsePadding(padding);
        Activation = Keras.Activation.Resolve(activation, Name);
        UseBias = useBias;
        KernelInitializer = ParseInitializer(kernelInitializer, nameof(kernelInitializer));
        BiasInitializer = ParseInitializer(biasInitializer, nameof(biasInitializer));
    }

    /// <summary>The number of kernels (output channels).</summary>
    public int Filters { get; }

    /// <summary>The kernel (height, width).</summary>
    public Size2D KernelSize { get; }

    /// <summary>The stride (vertical, horizontal).</summary>
    public Size2D Strides { get; }

    /// <summary>Valid or same padding.</summary>
    public Padding Padding { get; }

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
        var y = graph.Conv2D(Name, input, Filters, KernelSize.Height, KernelSize.Width, Strides.Height, Strides.Width,
            Padding, UseBias, KernelInitializer, BiasInitializer);
        return ApplyActivation(graph, y, Activation);
    }

    internal override void WriteConfig(Utf8JsonWriter writer)
    {
        writer.WriteNumber("filters", Filters);
        WriteSize(writer, "kernel_size", KernelSize);
        WriteSize(writer, "strides", Strides);
        writer.WriteString("padding", PaddingName(Padding));
        writer.WriteString("activation", Activation?.Name ?? "linear");
        writer.WriteBoolean("use_bias", UseBias);
        writer.WriteString("kernel_initializer", InitializerName(KernelInitializer));
        writer.WriteString("bias_initializer", InitializerName(BiasInitializer));
    }
}
