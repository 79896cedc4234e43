using System.Text.Json;
using MlNetCnn.Engine;

namespace MlNetCnn.Keras.Layers;

/// <summary>
/// The shared part of <see cref="MaxPooling2D"/> and <see cref="AveragePooling2D"/>: a window of <see cref="PoolSize"/>
/// slides over each channel with <see cref="Strides"/> (by default the pool size, so windows do not overlap).
/// </summary>
/// <remarks>
/// Output size per spatial dimension for input n, window f and stride s: "valid" gives floor((n - f) / s) + 1
/// (13 from 26 and 5 from 11 with 2x2 windows), "same" gives floor((n - 1) / s) + 1. No parameters.
/// </remarks>
public abstract class Pooling2D : Layer
{
    private protected Pooling2D(Size2D? poolSize, Size2D? strides, string padding, string? name, string prefix)
        : base(name, prefix)
    {
        PoolSize = poolSize ?? (2, 2);
        RequirePositive(PoolSize, nameof(poolSize));
        Strides = strides ?? PoolSize;
        RequirePositive(Strides, nameof(strides));
        Padding = ParsePadding(padding);
    }

    /// <summary>The window (height, width).</summary>
    public Size2D PoolSize { get; }

    /// <summary>The step (vertical, horizontal).</summary>
    public Size2D Strides { get; }

    /// <summary>Valid or same padding.</summary>
    public Padding Padding { get; }

    internal override void WriteConfig(Utf8JsonWriter writer)
    {
        WriteSize(writer, "pool_size", PoolSize);
        WriteSize(writer, "strides", Strides);
        writer.WriteString("padding", PaddingName(Padding));
    }
}

/// <summary>Max pooling (Keras's <c>MaxPooling2D</c>): each output is the largest value in its window.</summary>
public sealed class MaxPooling2D : Pooling2D
{
    /// <summary>Creates the layer; <c>new MaxPooling2D(2, 2)</c> is the course's 2x2 pooling with stride 2.</summary>
    /// <param name="poolSize">The window (height, width); default (2, 2).</param>
    /// <param name="strides">The step; default the pool size.</param>
    /// <param name="padding">"valid" (the default) or "same".</param>
    /// <param name="name">The layer's name; default "max_pooling2d", "max_pooling2d_1" ...</param>
    public MaxPooling2D(Size2D? poolSize = null, Size2D? strides = null, string padding = "valid", string? name = null)
        : base(poolSize, strides, padding, name, "max_pooling2d")
    {
    }

    internal override Node BuildNodes(Graph graph, Node input) =>
        graph.MaxPooling2D(Name, input, PoolSize.Height, PoolSize.Width, Strides.Height, Strides.Width, Padding);
}

/// <summary>Average pooling (Keras's <c>AveragePooling2D</c>): each output is the mean of the in-bounds cells of its window.</summary>
public sealed class AveragePooling2D : Pooling2D
{
    /// <summary>Creates the layer.</summary>
    /// <param name="poolSize">The window (height, width); default (2, 2).</param>
    /// <param name="strides">The step; default the pool size.</param>
    /// <param name="padding">"valid" (the default) or "same".</param>
    /// <param name="name">The layer's name; default "average_pooling2d", "average_pooling2d_1" ...</param>
    public AveragePooling2D(Size2D? poolSize = null, Size2D? strides = null, string padding = "valid", string? name = null)
        : base(poolSize, strides, padding, name, "average_pooling2d")
    {
    }

    internal override Node BuildNodes(Graph graph, Node input) =>
        graph.AveragePooling2D(Name, input, PoolSize.Height, PoolSize.Width, Strides.Height, Strides.Width, Padding);
}
