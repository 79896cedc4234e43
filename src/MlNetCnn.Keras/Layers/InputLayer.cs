using System.Text.Json;
using MlNetCnn.Engine;

namespace MlNetCnn.Keras.Layers;

/// <summary>
/// Declares the model's per-sample input shape (Keras's <c>InputLayer</c> / <c>keras.Input(shape=...)</c>). It must be
/// the first layer; it is not listed in <see cref="Sequential.Layers"/> nor in the summary, as in Keras.
/// </summary>
public sealed class InputLayer : Layer
{
    /// <summary>Creates the layer.</summary>
    /// <param name="inputShape">The shape of one sample without the batch dimension, e.g. (28, 28, 1).</param>
    /// <param name="name">The layer's name; default "input_1", "input_2" ... (Keras counts inputs from 1).</param>
    public InputLayer(Shape inputShape, string? name = null)
        : base(name, "input", inputShape, zeroBasedName: false)
    {
        if (inputShape.Rank == 0) throw new ArgumentException($"Layer '{Name}': the input shape must have at least one dimension.", nameof(inputShape));
        InputShape = inputShape;
    }

    /// <summary>The per-sample input shape.</summary>
    public Shape InputShape { get; }

    internal override Node BuildNodes(Graph graph, Node input) =>
        throw new InvalidOperationException("An InputLayer adds no op; the model turns it into the graph's input.");

    internal override void WriteConfig(Utf8JsonWriter writer)
    {
        writer.WriteStartArray("input_shape");
        foreach (int d in InputShape.Dimensions) writer.WriteNumberValue(d);
        writer.WriteEndArray();
    }
}
