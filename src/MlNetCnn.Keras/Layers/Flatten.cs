using System.Text.Json;
using MlNetCnn.Engine;

namespace MlNetCnn.Keras.Layers;

/// <summary>
/// Flattens each sample to one vector in row-major, channels-last order (Keras's <c>Flatten</c>): (5, 5, 64) becomes
/// 1600 values, so Dense weights line up with Keras's. No parameters.
/// </summary>
public sealed class Flatten : Layer
{
    /// <summary>Creates the layer.</summary>
    /// <param name="inputShape">The per-sample input shape when this is the model's first layer, e.g. (28, 28).</param>
    /// <param name="name">The layer's name; default "flatten", "flatten_1" ...</param>
    public Flatten(Shape? inputShape = null, string? name = null)
        : base(name, "flatten", inputShape)
    {
    }

    internal override Node BuildNodes(Graph graph, Node input) => graph.Flatten(Name, input);

    internal override void WriteConfig(Utf8JsonWriter writer)
    {
    }
}
