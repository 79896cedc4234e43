namespace MlNetCnn.Engine;

/// <summary>Loss functions, with Keras's names.</summary>
public enum LossKind
{
    /// <summary>Cross-entropy against integer class labels (Keras "sparse_categorical_crossentropy").</summary>
    SparseCategoricalCrossentropy,
    /// <summary>Cross-entropy against one-hot (or soft) target rows (Keras "categorical_crossentropy").</summary>
    CategoricalCrossentropy,
}

/// <summary>
/// A loss attached to a graph: mean over the batch of the per-sample cross-entropy between a prediction node
/// (probabilities, or logits when <see cref="FromLogits"/>) and a target node.
/// </summary>
/// <remarks>
/// When the prediction is the output of a softmax and <see cref="FromLogits"/> is false, the loss is computed from
/// the softmax's input (the logits) with a fused, stable softmax cross-entropy, as Keras does: the loss stays exact
/// and the gradient stays p - onehot even when a probability underflows to 0. Otherwise probabilities are clamped
/// to [1e-7, 1 - 1e-7] (Keras's epsilon) before the logarithm.
/// </remarks>
public sealed class Loss
{
    /// <summary>Keras's epsilon, the clamp applied to probabilities before the logarithm.</summary>
    public const float Epsilon = 1e-7f;

    internal Loss(LossKind kind, Node prediction, Node target, bool fromLogits, Node logits, bool fused)
    {
        Kind = kind;
        Prediction = prediction;
        Target = target;
        FromLogits = fromLogits;
        Logits = logits;
        IsFused = fused;
    }

    /// <summary>Sparse or categorical cross-entropy.</summary>
    public LossKind Kind { get; }

    /// <summary>The model output the loss judges (probabilities, or logits when <see cref="FromLogits"/>).</summary>
    public Node Prediction { get; }

    /// <summary>Integer labels (sparse) or target rows (categorical).</summary>
    public Node Target { get; }

    /// <summary>Whether <see cref="Prediction"/> holds logits rather than probabilities.</summary>
    public bool FromLogits { get; }

    /// <summary>The node the loss differentiates: the softmax's input when fused, else <see cref="Prediction"/>.</summary>
    public Node Logits { get; }

    /// <summary>True when the loss runs a fused softmax cross-entropy on <see cref="Logits"/>.</summary>
    public bool IsFused { get; }

    /// <summary>The number of classes (the prediction's last dimension).</summary>
    public int Classes => Prediction.SampleSize;
}
