using MlNetCnn.Engine;
using MlNetCnn.Kernels;

namespace MlNetCnn.Keras;

public sealed partial class Sequential
{
    private static readonly string[] KnownMetrics = ["accuracy", "acc", "sparse_categorical_accuracy", "categorical_accuracy"];

    private GraphExecutor? _trainExecutor;
    private GraphExecutor? _inferenceExecutor;
    private Random? _shuffleRandom;

    /// <summary>
    /// Configures training (Keras's <c>compile</c>) with an optimizer by name: "adam", "sgd" or "rmsprop", with Keras's
    /// default settings.
    /// </summary>
    /// <param name="optimizer">"adam", "sgd" or "rmsprop" (case-insensitive).</param>
    /// <param name="loss">"sparse_categorical_crossentropy" or "categorical_crossentropy" (a string converts), or a
    /// <see cref="LossFunction"/> such as <c>new SparseCategoricalCrossentropy(fromLogits: true)</c>.</param>
    /// <param name="metrics">Metric names; "accuracy" (or "acc", "sparse_categorical_accuracy", "categorical_accuracy")
    /// is the one supported: the fraction of samples whose first arg-max matches the label. The name given is the key
    /// in logs and history.</param>
    /// <param name="kernels">The kernels to run with; null keeps <see cref="Kernels"/>.</param>
    /// <param name="seed">Sets <see cref="Seed"/> when given.</param>
    /// <remarks>See <see cref="LossFunction"/>: with a softmax last layer and fromLogits false, the loss is computed by
    /// a fused, stable softmax cross-entropy from the softmax's input, as Keras does.</remarks>
    /// <exception cref="ArgumentException">An unknown optimizer, loss or metric name.</exception>
    /// <exception cref="ShapeException">The model's output is not one vector of class scores per sample.</exception>
    public void Compile(string optimizer, LossFunction loss, IEnumerable<string>? metrics = null, IKernels? kernels = null, int? seed = null)
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        Compile(Engine.Optimizer.FromName(optimizer), loss, metrics, kernels, seed);
    }

    /// <summary>Configures training with an optimizer instance, e.g. <c>new Adam(learningRate: 0.001f)</c>.</summary>
    /// <param name="optimizer">The optimizer; the model updates its state (use one optimizer per model).</param>
    /// <param name="loss">The loss, by name or as a <see cref="LossFunction"/>.</param>
    /// <param name="metrics">Metric names (see the string overload).</param>
    /// <param name="kernels">The kernels to run with; null keeps <see cref="Kernels"/>.</param>
    /// <param name="seed">Sets <see cref="Seed"/> when given.</param>
    /// <exception cref="ArgumentException">An unknown metric name, or a metric that does not fit the loss.</exception>
    /// <exception cref="ShapeException">The model's output is not one vector of class scores per sample.</exception>
    public void Compile(Optimizer optimizer, LossFunction loss, IEnumerable<string>? metrics = null, IKernels? kernels = null, int? seed = null)
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        ArgumentNullException.ThrowIfNull(loss);
        var names = new List<string>();
        foreach (string metric in metrics ?? Array.Empty<string>())
        {
            ArgumentNullException.ThrowIfNull(metric, nameof(metrics));
            string key = metric.Trim();
            if (!KnownMetrics.Contains(key.ToLowerInvariant()))
                throw new ArgumentException($"Unknown metric '{metric}'; expected {string.Join(", ", KnownMetrics)}.", nameof(metrics));
            key = key.ToLowerInvariant();
            if (key == "categorical_accuracy" && loss.IsSparse)
                throw new ArgumentException("categorical_accuracy needs one-hot targets but the loss is sparse_categorical_crossentropy; use \"accuracy\".", nameof(metrics));
            if (key == "sparse_categorical_accuracy" && !loss.IsSparse)
                throw new ArgumentException("sparse_categorical_accuracy needs class-index targets but the loss is categorical_crossentropy; use \"accuracy\".", nameof(metrics));
            if (!names.Contains(key)) names.Add(key);
        }

        var previous = _compile;
        _compile = new CompileSettings(optimizer, loss, names.ToArray());
        if (_inputShape is not null)
        {
            try
            {
                Rebuild();
            }
            catch
            {
                _compile = previous;
                throw;
            }
        }
        if (kernels is not null) _kernels = kernels;
        if (seed is not null)
        {
            Seed = seed;
            _shuffleRandom = null;
        }
        ResetExecutors();
    }

    /// <summary>The executor used by Fit, created on demand (weights created if needed).</summary>
    internal GraphExecutor TrainExecutor()
    {
        EnsureWeights();
        return _trainExecutor ??= new GraphExecutor(RequireBuilt().Graph, Kernels, EffectiveSeed());
    }

    /// <summary>The executor used by Evaluate, Predict and validation (always run in inference mode).</summary>
    internal GraphExecutor InferenceExecutor()
    {
        EnsureWeights();
        return _inferenceExecutor ??= new GraphExecutor(RequireBuilt().Graph, Kernels, EffectiveSeed(), inferenceOnly: true);
    }

    internal Random ShuffleRandom() => _shuffleRandom ??= new Random(unchecked(EffectiveSeed() * 7919 + 1));

    private void ResetExecutors()
    {
        _trainExecutor = null;
        _inferenceExecutor = null;
    }

    private CompileSettings RequireCompiled() => _compile
        ?? throw new InvalidOperationException($"You must compile model '{Name}' before training or evaluating it: call Compile(optimizer, loss, metrics).");
}
