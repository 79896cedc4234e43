using MlNetCnn.Kernels;

namespace MlNetCnn.Engine.Tests;

/// <summary>
/// First steps of each optimizer against Keras's update rules, evaluated here in double with the same float
/// constants (so the only difference is float32 rounding in the kernel: 1e-6 on weights of order 1).
/// </summary>
public class OptimizerTests
{
    private const double Tolerance = 1e-6;
    private static readonly ReferenceKernels Kernels = new();
    private static readonly float[] Start = [0.5f, -1.5f, 2f, 0f];
    private static readonly float[] G1 = [0.1f, -0.4f, 3f, 1e-3f];
    private static readonly float[] G2 = [-0.2f, -0.4f, 0.5f, 2e-3f];

    [Fact]
    public void Adam_two_steps_match_Keras()
    {
        var adam = new Adam();
        var w = (float[])Start.Clone();
        adam.Apply(w, G1, Kernels);
        adam.Apply(w, G2, Kernels);
        Assert.Equal(2, adam.Iterations);

        for (int i = 0; i < w.Length; i++)
        {
            // Keras: m += (g - m)(1 - b1); v += (g^2 - v)(1 - b2); w -= lr sqrt(1 - b2^t) / (1 - b1^t) m / (sqrt(v) + eps).
            double b1 = 0.9f, b2 = 0.999f, lr = 0.001f, eps = 1e-7f;
            double m = 0, v = 0, expected = Start[i];
            foreach (var (g, t) in new[] { ((double)G1[i], 1), (G2[i], 2) })
            {
                m += (g - m) * (1 - b1);
                v += (g * g - v) * (1 - b2);
                expected -= lr * Math.Sqrt(1 - Math.Pow(b2, t)) / (1 - Math.Pow(b1, t)) * m / (Math.Sqrt(v) + eps);
            }

            Assert.Equal(expected, w[i], Tolerance);
        }
    }

    [Fact]
    public void Adam_first_step_moves_each_weight_by_about_the_learning_rate()
    {
        // At t = 1, m / sqrt(v) = sign(g) after bias correction: every weight moves by lr against its gradient.
        var adam = new Adam(learningRate: 0.01f);
        var w = (float[])Start.Clone();
        adam.Apply(w, G1, Kernels);
        for (int i = 0; i < w.Length; i++) Assert.Equal(Start[i] - 0.01 * Math.Sign(G1[i]), w[i], 1e-4);
    }

    [Theory]
    [InlineData(0f, false)]
    [InlineData(0.9f, false)]
    [InlineData(0.9f, true)]
    public void Sgd_two_steps_match_Keras(float momentum, bool nesterov)
    {
        var sgd = new Sgd(0.1f, momentum, nesterov);
        var w = (float[])Start.Clone();
        sgd.Apply(w, G1, Kernels);
        sgd.Apply(w, G2, Kernels);

        for (int i = 0; i < w.Length; i++)
        {
            // Keras: velocity = momentum * velocity - lr g; w += nesterov ? momentum * velocity - lr g : velocity
            // (momentum 0: w -= lr g).
            double lr = 0.1f, mu = momentum, velocity = 0, expected = Start[i];
            foreach (double g in new double[] { G1[i], G2[i] })
            {
                velocity = mu * velocity - lr * g;
                expected += nesterov ? mu * velocity - lr * g : velocity;
            }

            Assert.Equal(expected, w[i], Tolerance);
        }
    }

    [Fact]
    public void RmsProp_two_steps_match_Keras_for_ordinary_gradients()
    {
        // Gradients of order 0.1 and more: sqrt(v + eps) and sqrt(v) + eps then agree to 1e-9 on the step.
        float[] g1 = [0.1f, -0.4f, 3f, 0.25f], g2 = [-0.2f, -0.4f, 0.5f, 1f];
        var rms = new RmsProp();
        var w = (float[])Start.Clone();
        rms.Apply(w, g1, Kernels);
        rms.Apply(w, g2, Kernels);
        for (int i = 0; i < w.Length; i++) Assert.Equal(KerasRmsProp(Start[i], g1[i], g2[i]), w[i], Tolerance);
    }

    [Fact]
    public void RmsProp_small_gradients_match_Keras_epsilon_inside_the_square_root()
    {
        float[] g1 = [1e-4f, -3e-4f, 1e-3f, 5e-5f], g2 = [2e-4f, -1e-4f, 1e-3f, 0f];
        var rms = new RmsProp();
        var w = (float[])Start.Clone();
        rms.Apply(w, g1, Kernels);
        rms.Apply(w, g2, Kernels);
        for (int i = 0; i < w.Length; i++) Assert.Equal(KerasRmsProp(Start[i], g1[i], g2[i]), w[i], 1e-7);
    }

    [Fact]
    public void Defaults_are_Keras_defaults()
    {
        var adam = new Adam();
        Assert.Equal((0.001f, 0.9f, 0.999f, 1e-7f, "adam"), (adam.LearningRate, adam.Beta1, adam.Beta2, adam.Epsilon, adam.Name));
        var sgd = new Sgd();
        Assert.Equal((0.01f, 0f, false, "sgd"), (sgd.LearningRate, sgd.Momentum, sgd.Nesterov, sgd.Name));
        var rms = new RmsProp();
        Assert.Equal((0.001f, 0.9f, 1e-7f, "rmsprop"), (rms.LearningRate, rms.Rho, rms.Epsilon, rms.Name));
        Assert.Equal(0, adam.Iterations);

        Assert.IsType<Adam>(Optimizer.FromName("Adam"));
        Assert.IsType<Sgd>(Optimizer.FromName("sgd"));
        Assert.IsType<RmsProp>(Optimizer.FromName("RMSprop"));
        var unknown = Assert.Throws<ArgumentException>(() => Optimizer.FromName("adagrad"));
        Assert.Contains("adagrad", unknown.Message);
    }

    [Theory]
    [InlineData(0f)]
    [InlineData(-0.01f)]
    [InlineData(float.NaN)]
    [InlineData(float.PositiveInfinity)]
    public void A_learning_rate_that_is_not_positive_and_finite_is_rejected_on_the_step(float learningRate)
    {
        foreach (var optimizer in new Optimizer[] { new Adam(learningRate), new Sgd(learningRate, 0.5f), new RmsProp(learningRate) })
        {
            var w = (float[])Start.Clone();
            var error = Assert.Throws<InvalidOperationException>(() => optimizer.Apply(w, G1, Kernels));
            Assert.Contains("learning rate", error.Message);
            Assert.Equal(Start, w);
            Assert.Equal(0, optimizer.Iterations);

            // Fixing it (a schedule may set it between steps) makes the next step work.
            optimizer.LearningRate = 0.05f;
            optimizer.Apply(w, G1, Kernels);
            Assert.Equal(1, optimizer.Iterations);
        }
    }

    [Fact]
    public void A_learning_rate_changed_between_steps_is_used_by_the_next_step()
    {
        var sgd = new Sgd(0.1f);
        var w = (float[])Start.Clone();
        sgd.Apply(w, G1, Kernels);
        sgd.LearningRate = 0.5f;
        sgd.Apply(w, G2, Kernels);
        for (int i = 0; i < w.Length; i++) Assert.Equal(Start[i] - 0.1 * G1[i] - 0.5 * G2[i], w[i], Tolerance);
    }

    [Fact]
    public void Invalid_hyperparameters_and_lengths_are_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new Adam(beta1: 1f));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Adam(beta2: -0.1f));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Adam(epsilon: 0f));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Sgd(momentum: 1f));
        Assert.Throws<ArgumentOutOfRangeException>(() => new RmsProp(rho: float.NaN));
        Assert.Throws<ArgumentOutOfRangeException>(() => new RmsProp(epsilon: -1f));
        Assert.Throws<ArgumentException>(() => new Adam().Apply(new float[3], new float[4], Kernels));
    }

    private static double KerasRmsProp(float start, float g1, float g2)
    {
        // Keras: v = rho v + (1 - rho) g^2; w -= lr g / sqrt(v + eps).
        double rho = 0.9f, lr = 0.001f, eps = 1e-7f, v = 0, w = start;
        foreach (double g in new double[] { g1, g2 })
        {
            v = rho * v + (1 - rho) * g * g;
            w -= lr * g / Math.Sqrt(v + eps);
        }

        return w;
    }
}
