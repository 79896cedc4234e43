using MlNetCnn.Trainers;

namespace MlNetCnn.Vision.Tests;

public class LearningRateSchedulerTests
{
    private static float Rate(LearningRateScheduler s, int epoch, int batch, int batchesPerEpoch = 10)
        => s.GetLearningRate(new TrainState { CurrentEpoch = epoch, CurrentBatchIndex = batch, BatchSize = 32, BatchesPerEpoch = batchesPerEpoch });

    [Fact]
    public void Exponential_decay_defaults_are_ml_nets()
    {
        var s = new ExponentialLRDecay();
        Assert.Equal(0.01f, s.LearningRate);
        Assert.Equal(2f, s.NumEpochsPerDecay);
        Assert.Equal(0.94f, s.DecayRate);
        Assert.True(s.Staircase);
    }

    [Fact]
    public void Exponential_decay_steps_every_period_with_staircase_and_glides_without()
    {
        var stairs = new ExponentialLRDecay(learningRate: 0.1f, numEpochsPerDecay: 2, decayRate: 0.5f);
        Assert.Equal(0.1f, Rate(stairs, 0, 0));
        Assert.Equal(0.1f, Rate(stairs, 1, 9));
        Assert.Equal(20, stairs.DecaySteps);
        Assert.Equal(19, stairs.GlobalStep);
        Assert.Equal(0.05f, Rate(stairs, 2, 0));
        Assert.Equal(0.025f, Rate(stairs, 4, 3));

        var smooth = new ExponentialLRDecay(learningRate: 0.1f, numEpochsPerDecay: 2, decayRate: 0.5f, staircase: false);
        Assert.Equal(0.1f * (float)Math.Pow(0.5f, 0.5f), Rate(smooth, 1, 0));
    }

    [Fact]
    public void Polynomial_decay_reaches_the_end_rate_and_stays_or_cycles()
    {
        var linear = new PolynomialLRDecay(learningRate: 0.1f, numEpochsPerDecay: 1, endLearningRate: 0.01f);
        Assert.Equal(0.1f, Rate(linear, 0, 0));
        Assert.Equal((0.1f - 0.01f) * 0.5f + 0.01f, Rate(linear, 0, 5), 6);
        Assert.Equal(0.01f, Rate(linear, 1, 0), 6);
        Assert.Equal(0.01f, Rate(linear, 3, 7), 6);

        var squared = new PolynomialLRDecay(learningRate: 1f, numEpochsPerDecay: 1, endLearningRate: 0f, power: 2f);
        Assert.Equal(0.25f, Rate(squared, 0, 5), 6);

        var cycle = new PolynomialLRDecay(learningRate: 0.1f, numEpochsPerDecay: 1, endLearningRate: 0f, cycle: true);
        // Step 15 of a doubled period of 20 batches: 0.1 * (1 - 15 / 20).
        Assert.Equal(0.1f * 0.25f, Rate(cycle, 1, 5), 6);
        Assert.Equal(20, cycle.DecaySteps);
    }
}
