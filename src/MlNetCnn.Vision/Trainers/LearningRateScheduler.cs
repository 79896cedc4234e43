namespace MlNetCnn.Trainers;

/// <summary>
/// Where training stands when a learning-rate scheduler is asked for the rate of the next batch.
/// </summary>
internal sealed class TrainState
{
    /// <summary>The 0-based index of the batch within its epoch.</summary>
    public int CurrentBatchIndex { get; init; }

    /// <summary>The 0-based epoch.</summary>
    public int CurrentEpoch { get; init; }

    /// <summary>The configured batch size.</summary>
    public int BatchSize { get; init; }

    /// <summary>The number of batches in one epoch (the last one may be partial).</summary>
    public int BatchesPerEpoch { get; init; }
}

/// <summary>
/// Computes the learning rate of each training batch (ML.NET's <c>LearningRateScheduler</c>). A scheduler replaces
/// the trainer's constant learning rate: its own initial rate is used.
/// </summary>
public abstract class LearningRateScheduler
{
    private protected LearningRateScheduler()
    {
    }

    /// <summary>The learning rate of the batch described by <paramref name="state"/>.</summary>
    internal abstract float GetLearningRate(TrainState state);
}

/// <summary>
/// Exponential decay (TensorFlow's <c>exponential_decay</c>, ML.NET's <c>ExponentialLRDecay</c>):
/// rate = LearningRate * DecayRate ^ (GlobalStep / DecaySteps).
/// </summary>
/// <remarks>
/// GlobalStep = epoch * batchesPerEpoch + batch (0-based); DecaySteps = floor(NumEpochsPerDecay * batchesPerEpoch),
/// at least 1. With <see cref="Staircase"/> the exponent is rounded down, so the rate drops in steps every
/// <see cref="NumEpochsPerDecay"/> epochs. <see cref="GlobalStep"/> and <see cref="DecaySteps"/> hold the values of
/// the last batch computed.
/// </remarks>
public sealed class ExponentialLRDecay : LearningRateScheduler
{
    /// <summary>Creates the schedule; the defaults are TensorFlow-Slim's, as in ML.NET.</summary>
    /// <param name="learningRate">The initial rate.</param>
    /// <param name="numEpochsPerDecay">Epochs per decay period.</param>
    /// <param name="decayRate">The factor applied per period.</param>
    /// <param name="staircase">Whether the rate decays in discrete steps.</param>
    public ExponentialLRDecay(float learningRate = 0.01f, float numEpochsPerDecay = 2.0f, float decayRate = 0.94f, bool staircase = true)
    {
        LearningRate = learningRate;
        NumEpochsPerDecay = numEpochsPerDecay;
        DecayRate = decayRate;
        Staircase = staircase;
    }

    /// <summary>The initial learning rate.</summary>
    public float LearningRate;

    /// <summary>The number of batches seen before the last computed batch.</summary>
    public int GlobalStep;

    /// <summary>The number of batches per decay period (last computed).</summary>
    public int DecaySteps;

    /// <summary>The factor applied per decay period.</summary>
    public float DecayRate;

    /// <summary>Whether the rate decays in discrete steps (the exponent is rounded down).</summary>
    public bool Staircase;

    /// <summary>The number of epochs per decay period.</summary>
    public float NumEpochsPerDecay;

    internal override float GetLearningRate(TrainState state)
    {
        DecaySteps = Math.Max(1, (int)(NumEpochsPerDecay * state.BatchesPerEpoch));
        GlobalStep = state.CurrentEpoch * state.BatchesPerEpoch + state.CurrentBatchIndex;
        float power = (float)GlobalStep / DecaySteps;
        if (Staircase)
        {
            power = MathF.Floor(power);
        }

        return LearningRate * (float)Math.Pow(DecayRate, power);
    }
}

/// <summary>
/// Polynomial decay (TensorFlow's <c>polynomial_decay</c>, ML.NET's <c>PolynomialLRDecay</c>): from
/// <see cref="LearningRate"/> to <see cref="EndLearningRate"/> over DecaySteps batches.
/// </summary>
/// <remarks>
/// rate = (LearningRate - EndLearningRate) * (1 - step / DecaySteps) ^ Power + EndLearningRate, with
/// DecaySteps = floor(NumEpochsPerDecay * batchesPerEpoch) (at least 1) and step = min(GlobalStep, DecaySteps), so the
/// rate stays at <see cref="EndLearningRate"/> afterwards. With <see cref="Cycle"/>, DecaySteps is instead multiplied
/// by ceil(GlobalStep / DecaySteps) (at least 1), restarting the decay each period.
/// </remarks>
public sealed class PolynomialLRDecay : LearningRateScheduler
{
    /// <summary>Creates the schedule with ML.NET's defaults.</summary>
    /// <param name="learningRate">The initial rate.</param>
    /// <param name="numEpochsPerDecay">Epochs over which the rate decays.</param>
    /// <param name="endLearningRate">The final rate.</param>
    /// <param name="power">The exponent of the polynomial (1 = linear).</param>
    /// <param name="cycle">Whether the decay restarts after each period.</param>
    public PolynomialLRDecay(float learningRate = 0.01f, float numEpochsPerDecay = 2.0f, float endLearningRate = 0.0001f, float power = 1.0f, bool cycle = false)
    {
        LearningRate = learningRate;
        NumEpochsPerDecay = numEpochsPerDecay;
        EndLearningRate = endLearningRate;
        Power = power;
        Cycle = cycle;
    }

    /// <summary>The initial learning rate.</summary>
    public float LearningRate;

    /// <summary>The number of epochs of one decay period.</summary>
    public float NumEpochsPerDecay;

    /// <summary>The final learning rate.</summary>
    public float EndLearningRate;

    /// <summary>The exponent of the polynomial.</summary>
    public float Power;

    /// <summary>Whether the decay restarts after each period.</summary>
    public bool Cycle;

    /// <summary>The number of batches seen before the last computed batch.</summary>
    public int GlobalStep;

    /// <summary>The number of batches of the decay period (last computed).</summary>
    public int DecaySteps;

    internal override float GetLearningRate(TrainState state)
    {
        int decaySteps = Math.Max(1, (int)(NumEpochsPerDecay * state.BatchesPerEpoch));
        GlobalStep = state.CurrentEpoch * state.BatchesPerEpoch + state.CurrentBatchIndex;
        float step = GlobalStep;
        if (Cycle)
        {
            decaySteps *= Math.Max(1, (int)Math.Ceiling((double)GlobalStep / decaySteps));
        }
        else
        {
            step = Math.Min(step, decaySteps);
        }

        DecaySteps = decaySteps;
        return (LearningRate - EndLearningRate) * (float)Math.Pow(1 - step / decaySteps, Power) + EndLearningRate;
    }
}
