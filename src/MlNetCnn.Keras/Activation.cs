using System.Diagnostics.CodeAnalysis;
using MlNetCnn.Kernels;

namespace MlNetCnn.Keras;

/// <summary>
/// An activation function, given by Keras name (a string converts implicitly: <c>activation: "relu"</c>) or as a
/// typed value from <see cref="Activations"/> (<c>activation: Activations.Relu</c>). Known names: "relu",
/// "sigmoid", "tanh", "softmax" and "linear" (the same as no activation); names are case-insensitive.
/// </summary>
/// <remarks>
/// relu(x) = max(x, 0); sigmoid(x) = 1 / (1 + exp(-x)); tanh(x); linear(x) = x; softmax over the last axis:
/// exp(x_i - max x) / sum_j exp(x_j - max x). An unknown name is reported by the layer that receives it, with the
/// layer's name.
/// </remarks>
public sealed class Activation : IEquatable<Activation>
{
    private static readonly string[] KnownNames = ["linear", "relu", "sigmoid", "tanh", "softmax"];

    private Activation(string name)
    {
        Name = name;
    }

    /// <summary>The Keras name in lower case, e.g. "relu".</summary>
    public string Name { get; }

    /// <summary>True for the five names this library implements.</summary>
    public bool IsKnown => KnownNames.Contains(Name);

    /// <summary>True for softmax (over the last axis); false for the element-wise functions.</summary>
    public bool IsSoftmax => Name == "softmax";

    /// <summary>True for "linear", which computes nothing.</summary>
    public bool IsLinear => Name == "linear";

    /// <summary>The element-wise kind for the engine (not defined for softmax).</summary>
    internal ActivationKind Kind => Name switch
    {
        "linear" => ActivationKind.Linear,
        "relu" => ActivationKind.Relu,
        "sigmoid" => ActivationKind.Sigmoid,
        "tanh" => ActivationKind.Tanh,
        _ => throw new InvalidOperationException($"'{Name}' is not an element-wise activation."),
    };

    /// <summary>The activation with the given Keras name (null stays null); unknown names are rejected when a layer receives them.</summary>
    [return: NotNullIfNotNull(nameof(name))]
    public static implicit operator Activation?(string? name) => name is null ? null : FromName(name);

    /// <summary>An activation by Keras name (not yet validated; see <see cref="IsKnown"/>).</summary>
    public static Activation FromName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        string key = name.Trim().ToLowerInvariant();
        return key switch
        {
            "linear" => Activations.Linear,
            "relu" => Activations.Relu,
            "sigmoid" => Activations.Sigmoid,
            "tanh" => Activations.Tanh,
            "softmax" => Activations.Softmax,
            _ => new Activation(name),
        };
    }

    /// <summary>
    /// Checks an activation argument for the layer <paramref name="layerName"/>: null and "linear" give null (no
    /// activation op); an unknown name throws.
    /// </summary>
    internal static Activation? Resolve(Activation? activation, string layerName)
    {
        if (activation is null) return null;
        if (!activation.IsKnown)
            throw new ArgumentException($"Layer '{layerName}': unknown activation '{activation.Name}'; expected one of {string.Join(", ", KnownNames)} (or null).", nameof(activation));
        return activation.IsLinear ? null : activation;
    }

    internal static Activation Create(string canonicalName) => new(canonicalName);

    /// <inheritdoc/>
    public bool Equals(Activation? other) => other is not null && other.Name == Name;

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as Activation);

    /// <inheritdoc/>
    public override int GetHashCode() => Name.GetHashCode(StringComparison.Ordinal);

    /// <summary>The Keras name.</summary>
    public override string ToString() => Name;
}

/// <summary>The activation functions as typed values (Keras's <c>keras.activations</c>).</summary>
public static class Activations
{
    /// <summary>y = x (no activation).</summary>
    public static Activation Linear { get; } = Activation.Create("linear");

    /// <summary>y = max(x, 0).</summary>
    public static Activation Relu { get; } = Activation.Create("relu");

    /// <summary>y = 1 / (1 + exp(-x)).</summary>
    public static Activation Sigmoid { get; } = Activation.Create("sigmoid");

    /// <summary>y = tanh(x).</summary>
    public static Activation Tanh { get; } = Activation.Create("tanh");

    /// <summary>Softmax over the last axis, computed stably (the row maximum is subtracted first).</summary>
    public static Activation Softmax { get; } = Activation.Create("softmax");

    /// <summary>The activation with the given Keras name (see <see cref="Activation"/>).</summary>
    public static Activation Get(string name) => Activation.FromName(name);
}
