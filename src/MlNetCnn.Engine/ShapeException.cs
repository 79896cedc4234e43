namespace MlNetCnn.Engine;

/// <summary>A tensor shape that does not fit an op or layer; the message names the layer and the shapes.</summary>
public sealed class ShapeException : InvalidOperationException
{
    /// <summary>Creates the exception for the layer (or op) <paramref name="layerName"/>.</summary>
    public ShapeException(string layerName, string message) : base($"Layer '{layerName}': {message}")
    {
        LayerName = layerName;
    }

    /// <summary>The name of the layer or op whose shapes do not fit.</summary>
    public string LayerName { get; }

    /// <summary>Formats a per-sample shape the way Keras prints it, with the batch first: (None, 26, 26, 64).</summary>
    public static string Format(ReadOnlySpan<int> sampleShape)
    {
        var parts = new string[sampleShape.Length + 1];
        parts[0] = "None";
        for (int i = 0; i < sampleShape.Length; i++) parts[i + 1] = sampleShape[i].ToString(System.Globalization.CultureInfo.InvariantCulture);
        return "(" + string.Join(", ", parts) + ")";
    }
}
