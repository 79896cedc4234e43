using MlNetCnn.Engine;
using MlNetCnn.Keras.Layers;

namespace MlNetCnn.Vision;

/// <summary>
/// Copies the configuration of Keras layers into new, unattached layers, so that the same
/// <see cref="CnnTrainer.Options.Layers"/> can build a fresh network for every <c>Fit</c>.
/// </summary>
internal static class LayerCloner
{
    /// <summary>Returns a new layer with <paramref name="layer"/>'s configuration and name (no weights).</summary>
    /// <exception cref="ArgumentException">The layer kind is not one the trainer knows.</exception>
    public static Layer Clone(Layer layer) => layer switch
    {
        Conv2D c => new Conv2D(c.Filters, c.KernelSize, c.Strides, PaddingName(c.Padding), c.Activation, c.UseBias,
            InitializerName(c.KernelInitializer), InitializerName(c.BiasInitializer), name: c.Name),
        Dense d => new Dense(d.Units, d.Activation, d.UseBias, InitializerName(d.KernelInitializer), InitializerName(d.BiasInitializer), name: d.Name),
        MaxPooling2D p => new MaxPooling2D(p.PoolSize, p.Strides, PaddingName(p.Padding), p.Name),
        AveragePooling2D p => new AveragePooling2D(p.PoolSize, p.Strides, PaddingName(p.Padding), p.Name),
        Flatten f => new Flatten(name: f.Name),
        Dropout d => new Dropout(d.Rate, d.Name),
        _ => throw new ArgumentException($"Layer '{layer.Name}' ({layer.ClassName}) is not supported by the CNN trainer; use Conv2D, MaxPooling2D, AveragePooling2D, Flatten, Dense or Dropout.", nameof(layer)),
    };

    private static string PaddingName(Padding padding) => padding == Padding.Same ? "same" : "valid";

    private static string InitializerName(Initializer initializer) => initializer switch
    {
        Initializer.Zeros => "zeros",
        Initializer.Ones => "ones",
        Initializer.GlorotUniform => "glorot_uniform",
        Initializer.GlorotNormal => "glorot_normal",
        Initializer.HeUniform => "he_uniform",
        _ => "he_normal",
    };
}
