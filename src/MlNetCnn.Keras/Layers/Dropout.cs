using System.Globalization;
using System.Text.Json;
using MlNetCnn.Engine;

namespace MlNetCnn.Keras.Layers;

/// <summary>
/// Dropout (Keras's <c>Dropout</c>): in training each value is zeroed with probability <see cref="Rate"/> and the kept
/// ones are scaled by 1 / (1 - rate); in inference (Evaluate, Predict, validation) it passes values through unchanged.
/// No parameters.
/// </summary>
public sealed class Dropout : Layer
{
    /// <summary>Creates the layer.</summary>
    /// <param name="rate">The fraction of values dropped, in [0, 1).</param>
    /// <param name="name">The layer's name; default "dropout", "dropout_1" ...</param>
    /// <exception cref="ArgumentOutOfRangeException">The rate is outside [0, 1); the message names the layer.</exception>
    public Dropout(float rate, string? name = null)
        : base(name, "dropout")
    {
        if (!(rate >= 0f && rate < 1f))
            throw new ArgumentOutOfRangeException(nameof(rate), rate, $"Layer '{Name}': the dropout rate must be in [0, 1), got {rate.ToString(CultureInfo.InvariantCulture)}.");
        Rate = rate;
    }

    /// <summary>The fraction of values dropped in training.</summary>
    public float Rate { get; }

    internal override Node BuildNodes(Graph graph, Node input) => graph.Dropout(Name, input, Rate);

    internal override void WriteConfig(Utf8JsonWriter writer) => writer.WriteNumber("rate", Rate);
}
