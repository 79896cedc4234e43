using MlNetCnn.Kernels;

namespace MlNetCnn.Engine;

/// <summary>
/// Updates weights from gradients. Holds its own state (moments, velocities), sized on the first step;
/// <see cref="Iterations"/> counts steps. The learning rate may change between steps (schedules).
/// </summary>
public abstract class Optimizer
{
    /// <summary>Creates an optimizer with the given learning rate.</summary>
    protected Optimizer(float learningRate)
    {
        LearningRate = learningRate;
    }

    /// <summary>The step size; validated on every step (must be finite and positive).</summary>
    public float LearningRate { get; set; }

    /// <summary>The number of updates applied so far.</summary>
    public long Iterations { get; protected set; }

    /// <summary>Keras's name, e.g. "adam".</summary>
    public abstract string Name { get; }

    /// <summary>Applies one update to <paramref name="weights"/> (trainable parameters) from <paramref name="gradients"/>.</summary>
    public void Apply(Span<float> weights, ReadOnlySpan<float> gradients, IKernels kernels)
    {
        if (weights.Length != gradients.Length) throw new ArgumentException("Weights and gradients differ in length.");
        if (!(LearningRate > 0f) || float.IsInfinity(LearningRate))
            throw new InvalidOperationException($"The learning rate must be a positive finite number, got {LearningRate}.");
        EnsureState(weights.Length);
        Iterations++;
        Update(weights, gradients, kernels);
    }

    /// <summary>Allocates per-weight state for <paramref name="length"/> weights (only when the size changes).</summary>
    protected abstract void EnsureState(int length);

    /// <summary>The update rule; <see cref="Iterations"/> is already the 1-based step number.</summary>
    protected abstract void Update(Span<float> weights, ReadOnlySpan<float> gradients, IKernels kernels);

    /// <summary>Parses a Keras optimizer name with default settings ("adam", "sgd", "rmsprop").</summary>
    public static Optimizer FromName(string name) => name.ToLowerInvariant() switch
    {
        "adam" => new Adam(),
        "sgd" => new Sgd(),
        "rmsprop" => new RmsProp(),
        _ => throw new ArgumentException($"Unknown optimizer '{name}'; expected adam, sgd or rmsprop.", nameof(name)),
    };
}

/// <summary>
/// Adam with Keras's defaults (learning rate 0.001, beta1 0.9, beta2 0.999, epsilon 1e-7):
/// m = b1 m + (1 - b1) g; v = b2 v + (1 - b2) g^2; w -= lr * sqrt(1 - b2^t) / (1 - b1^t) * m / (sqrt(v) + epsilon).
/// </summary>
public sealed class Adam : Optimizer
{
    private float[] _m = Array.Empty<float>(), _v = Array.Empty<float>();

    /// <summary>Creates Adam; the defaults are Keras's.</summary>
    public Adam(float learningRate = 0.001f, float beta1 = 0.9f, float beta2 = 0.999f, float epsilon = 1e-7f) : base(learningRate)
    {
        if (!(beta1 >= 0f && beta1 < 1f)) throw new ArgumentOutOfRangeException(nameof(beta1), beta1, "beta1 must be in [0, 1).");
        if (!(beta2 >= 0f && beta2 < 1f)) throw new ArgumentOutOfRangeException(nameof(beta2), beta2, "beta2 must be in [0, 1).");
        if (!(epsilon > 0f)) throw new ArgumentOutOfRangeException(nameof(epsilon), epsilon, "epsilon must be positive.");
        Beta1 = beta1;
        Beta2 = beta2;
        Epsilon = epsilon;
    }

    /// <summary>Decay of the first moment.</summary>
    public float Beta1 { get; }

    /// <summary>Decay of the second moment.</summary>
    public float Beta2 { get; }

    /// <summary>Added to sqrt(v) in the denominator.</summary>
    public float Epsilon { get; }

    /// <inheritdoc/>
    public override string Name => "adam";

    /// <inheritdoc/>
    protected override void EnsureState(int length)
    {
        if (_m.Length == length) return;
        _m = new float[length];
        _v = new float[length];
    }

    /// <inheritdoc/>
    protected override void Update(Span<float> weights, ReadOnlySpan<float> gradients, IKernels kernels)
    {
        double t = Iterations;
        float lrT = (float)(LearningRate * Math.Sqrt(1 - Math.Pow(Beta2, t)) / (1 - Math.Pow(Beta1, t)));
        kernels.AdamUpdate(weights.Length, weights, gradients, _m, _v, lrT, Beta1, Beta2, Epsilon);
    }
}

/// <summary>
/// Stochastic gradient descent with Keras's defaults (learning rate 0.01, no momentum): w -= lr g; with momentum
/// vel = momentum vel - lr g, w += vel (Nesterov: w += momentum vel - lr g).
/// </summary>
public sealed class Sgd : Optimizer
{
    private float[] _velocity = Array.Empty<float>();

    /// <summary>Creates SGD; the defaults are Keras's.</summary>
    public Sgd(float learningRate = 0.01f, float momentum = 0f, bool nesterov = false) : base(learningRate)
    {
        if (!(momentum >= 0f && momentum < 1f)) throw new ArgumentOutOfRangeException(nameof(momentum), momentum, "momentum must be in [0, 1).");
        Momentum = momentum;
        Nesterov = nesterov;
    }

    /// <summary>The momentum factor (0 for plain SGD).</summary>
    public float Momentum { get; }

    /// <summary>Whether Nesterov momentum is used.</summary>
    public bool Nesterov { get; }

    /// <inheritdoc/>
    public override string Name => "sgd";

    /// <inheritdoc/>
    protected override void EnsureState(int length)
    {
        if (_velocity.Length != length) _velocity = new float[length];
    }

    /// <inheritdoc/>
    protected override void Update(Span<float> weights, ReadOnlySpan<float> gradients, IKernels kernels) =>
        kernels.SgdUpdate(weights.Length, weights, gradients, _velocity, LearningRate, Momentum, Nesterov);
}

/// <summary>
/// RMSprop with Keras's defaults (learning rate 0.001, rho 0.9, epsilon 1e-7):
/// ms = rho ms + (1 - rho) g^2; w -= lr g / sqrt(ms + epsilon) (epsilon inside the root, as Keras does).
/// </summary>
public sealed class RmsProp : Optimizer
{
    private float[] _meanSquare = Array.Empty<float>();

    /// <summary>Creates RMSprop; the defaults are Keras's.</summary>
    public RmsProp(float learningRate = 0.001f, float rho = 0.9f, float epsilon = 1e-7f) : base(learningRate)
    {
        if (!(rho >= 0f && rho < 1f)) throw new ArgumentOutOfRangeException(nameof(rho), rho, "rho must be in [0, 1).");
        if (!(epsilon > 0f)) throw new ArgumentOutOfRangeException(nameof(epsilon), epsilon, "epsilon must be positive.");
        Rho = rho;
        Epsilon = epsilon;
    }

    /// <summary>Decay of the running mean of squared gradients.</summary>
    public float Rho { get; }

    /// <summary>Added to ms under the square root in the denominator.</summary>
    public float Epsilon { get; }

    /// <inheritdoc/>
    public override string Name => "rmsprop";

    /// <inheritdoc/>
    protected override void EnsureState(int length)
    {
        if (_meanSquare.Length != length) _meanSquare = new float[length];
    }

    /// <inheritdoc/>
    protected override void Update(Span<float> weights, ReadOnlySpan<float> gradients, IKernels kernels) =>
        kernels.RmsPropUpdate(weights.Length, weights, gradients, _meanSquare, LearningRate, Rho, Epsilon);
}
