using MlNetCnn.Engine;

namespace MlNetCnn.Keras;

/// <summary>
/// A loss for <c>Sequential.Compile</c>: a
/// Keras name converts implicitly ("sparse_categorical_crossentropy", "categorical_crossentropy"), or use
/// <see cref="SparseCategoricalCrossentropy"/> / <see cref="CategoricalCrossentropy"/> to set <see cref="FromLogits"/>.
/// </summary>
/// <remarks>
/// The loss of a batch is the mean over its samples of -log p[label] (sparse) or -sum_c t_c log p_c (categorical).
/// With <see cref="FromLogits"/> the model output is taken as logits and p = softmax(output). Without it the output
/// is taken as probabilities; when the last layer is a softmax, the engine computes the loss from the softmax's input
/// with a fused, numerically stable softmax cross-entropy (Keras does the same), so the value equals
/// -log softmax(z)[label] exactly even when a probability underflows. Otherwise probabilities are clamped to
/// [1e-7, 1 - 1e-7] before the logarithm, as Keras does.
/// </remarks>
public abstract class LossFunction
{
    private protected LossFunction(bool fromLogits)
    {
        FromLogits = fromLogits;
    }

    /// <summary>The Keras name, e.g. "sparse_categorical_crossentropy".</summary>
    public abstract string Name { get; }

    /// <summary>Whether the model output holds logits (true) or probabilities (false, the default).</summary>
    public bool FromLogits { get; }

    /// <summary>The engine's loss kind.</summary>
    public abstract LossKind Kind { get; }

    /// <summary>True when targets are class indices (sparse), false when they are one-hot rows.</summary>
    public bool IsSparse => Kind == LossKind.SparseCategoricalCrossentropy;

    /// <summary>A loss by Keras name (see <see cref="FromName"/>).</summary>
    public static implicit operator LossFunction(string name) => FromName(name);

    /// <summary>Parses "sparse_categorical_crossentropy" or "categorical_crossentropy" (case-insensitive).</summary>
    /// <exception cref="ArgumentException">Any other name; the message lists the known ones.</exception>
    public static LossFunction FromName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return name.Trim().ToLowerInvariant() switch
        {
            "sparse_categorical_crossentropy" or "sparsecategoricalcrossentropy" => new SparseCategoricalCrossentropy(),
            "categorical_crossentropy" or "categoricalcrossentropy" => new CategoricalCrossentropy(),
            _ => throw new ArgumentException($"Unknown loss '{name}'; expected sparse_categorical_crossentropy or categorical_crossentropy.", nameof(name)),
        };
    }

    /// <summary>The Keras name.</summary>
    public override string ToString() => Name;
}

/// <summary>Cross-entropy against integer class labels (Keras's <c>SparseCategoricalCrossentropy</c>).</summary>
/// <param name="fromLogits">Whether the model output holds logits rather than probabilities.</param>
public sealed class SparseCategoricalCrossentropy(bool fromLogits = false) : LossFunction(fromLogits)
{
    /// <inheritdoc/>
    public override string Name => "sparse_categorical_crossentropy";

    /// <inheritdoc/>
    public override LossKind Kind => LossKind.SparseCategoricalCrossentropy;
}

/// <summary>Cross-entropy against one-hot (or soft) target rows (Keras's <c>CategoricalCrossentropy</c>).</summary>
/// <param name="fromLogits">Whether the model output holds logits rather than probabilities.</param>
public sealed class CategoricalCrossentropy(bool fromLogits = false) : LossFunction(fromLogits)
{
    /// <inheritdoc/>
    public override string Name => "categorical_crossentropy";

    /// <inheritdoc/>
    public override LossKind Kind => LossKind.CategoricalCrossentropy;
}
