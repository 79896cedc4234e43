using MlNetCnn.Kernels;

namespace MlNetCnn.Kernels.Tests;

public class ReferencePointwiseTests
{
    private readonly ReferenceKernels _k = new();

    [Fact]
    public void Bias_add_and_bias_grad()
    {
        float[] x = [1, 2, 3, 4, 5, 6];
        _k.BiasAdd(2, 3, [10, 20, 30], x);
        Assert.Equal([11f, 22f, 33f, 14f, 25f, 36f], x);
        var db = new float[3];
        _k.BiasGrad(2, 3, [1, 2, 3, 4, 5, 6], db);
        Assert.Equal([5f, 7f, 9f], db);
    }

    [Fact]
    public void Activations_and_their_derivatives_in_terms_of_the_output()
    {
        float[] x = [-2, 0, 3];
        var y = new float[3];
        _k.Activation(ActivationKind.Relu, 3, x, y);
        Assert.Equal([0f, 0f, 3f], y);
        var dx = new float[3];
        _k.ActivationBackward(ActivationKind.Relu, 3, y, [1, 1, 1], dx);
        Assert.Equal([0f, 0f, 1f], dx);

        _k.Activation(ActivationKind.Sigmoid, 3, x, y);
        Assert.Equal(1 / (1 + Math.Exp(2)), y[0], 6);
        Assert.Equal(0.5f, y[1]);
        _k.ActivationBackward(ActivationKind.Sigmoid, 3, y, [2, 2, 2], dx);
        Assert.Equal(2 * 0.25f, dx[1]);

        _k.Activation(ActivationKind.Tanh, 3, x, y);
        Assert.Equal(Math.Tanh(3), y[2], 6);
        _k.ActivationBackward(ActivationKind.Tanh, 3, y, [1, 1, 1], dx);
        Assert.Equal(1 - Math.Tanh(3) * Math.Tanh(3), dx[2], 6);

        _k.Activation(ActivationKind.Linear, 3, x, y);
        Assert.Equal(x, y);
    }

    [Fact]
    public void Softmax_in_place_and_its_backward()
    {
        float[] x = [1, 2, 3, 1000, 1000, 1000];
        _k.Softmax(2, 3, x, x);
        double z = Math.Exp(1) + Math.Exp(2) + Math.Exp(3);
        Assert.Equal(Math.Exp(1) / z, x[0], 6);
        Assert.Equal(Math.Exp(3) / z, x[2], 6);
        Assert.Equal(1 / 3.0, x[4], 6);

        // dx = y * (dy - sum(dy*y)); with dy = onehot(0): dx0 = y0(1-y0), dx1 = -y0*y1.
        var dx = new float[6];
        _k.SoftmaxBackward(2, 3, x, [1, 0, 0, 0, 0, 0], dx);
        Assert.Equal(x[0] * (1 - x[0]), dx[0], 6);
        Assert.Equal(-x[0] * x[1], dx[1], 6);
        Assert.Equal(0f, dx[4]);
    }

    [Fact]
    public void Softmax_cross_entropy_is_finite_and_exact_for_logits_near_1e4()
    {
        float[] logits = [1e4f, -1e4f, 0f, -1e4f, 1e4f, 1e4f - 2f];
        var p = new float[6];
        var grad = new float[6];
        double loss = _k.SoftmaxCrossEntropySparse(2, 3, logits, [1, 2], p, grad, 0.5f);
        // Row 0: the label's logit is 2e4 below the max: loss = 2e4 (exactly, up to exp(-1e4) terms).
        // Row 1: logsumexp = 1e4 + log(1 + e^-2); loss = 2 + log(1 + e^-2).
        double expected = 2e4 + 2 + Math.Log(1 + Math.Exp(-2));
        Assert.True(double.IsFinite(loss));
        Assert.Equal(expected, loss, 6);
        Assert.Equal([1f, 0f, 0f], p[..3]);
        double p2 = 1 / (1 + Math.Exp(2));
        Assert.Equal(1 - p2, p[4], 6);
        Assert.Equal(p2, p[5], 6);
        Assert.Equal(0.5f, grad[0]);
        Assert.Equal(-0.5f, grad[1]);
        Assert.Equal(0.5 * (p2 - 1), grad[5], 6);
        Assert.All(grad, v => Assert.True(float.IsFinite(v)));
    }

    [Fact]
    public void Dense_softmax_cross_entropy_with_soft_targets_matches_its_formula()
    {
        float[] logits = [-1e4f, 0f, 1e4f];
        float[] targets = [0f, 0.25f, 0.75f];
        var p = new float[3];
        var grad = new float[3];
        double loss = _k.SoftmaxCrossEntropyDense(1, 3, logits, targets, p, grad, 1f);
        // logsumexp = 1e4 (the others underflow): loss = 0.25 * 1e4 + 0.75 * 0.
        Assert.Equal(2500, loss, 6);
        Assert.Equal([0f, -0.25f, 0.25f], grad);

        // One-hot targets give the same result as the sparse form.
        float[] x = [0.3f, -1.2f, 2f];
        var grad2 = new float[3];
        double dense = _k.SoftmaxCrossEntropyDense(1, 3, x, [0, 1, 0], p, grad2, 1f);
        double sparse = _k.SoftmaxCrossEntropySparse(1, 3, x, [1], p, grad, 1f);
        Assert.Equal(sparse, dense, 10);
        Assert.Equal(grad, grad2);
    }

    [Fact]
    public void Cross_entropy_on_probabilities_clamps_and_zeroes_the_gradient_where_clamped()
    {
        const float eps = 1e-7f;
        float[] probs = [0f, 1f, 0.5f, 0.5f, 0.25f, 0.75f];
        var grad = new float[6];
        double loss = _k.CrossEntropySparse(3, 2, probs, [0, 1, 0], grad, 2f, eps);
        // Row 0: p = 0 clamps to eps -> -log(eps); row 1: p = 0.5 -> log 2; row 2: p = 0.25 -> log 4.
        Assert.Equal(-Math.Log(eps) + Math.Log(2) + Math.Log(4), loss, 4);
        Assert.Equal([0f, 0f, 0f, -4f, -8f, 0f], grad);

        // p = 1 clamps to 1 - eps: loss -log(1 - eps) and no gradient.
        double top = _k.CrossEntropySparse(1, 2, [0f, 1f], [1], grad, 1f, eps);
        Assert.Equal(-Math.Log(1 - eps), top, 9);
        Assert.Equal(0f, grad[1]);

        var dense = new float[6];
        double denseLoss = _k.CrossEntropyDense(3, 2, probs, [1, 0, 0, 1, 1, 0], dense, 2f, eps);
        Assert.Equal(loss, denseLoss, 4);
        Assert.Equal([0f, 0f, 0f, -4f, -8f, 0f], dense);
        Assert.Throws<ArgumentOutOfRangeException>(() => _k.CrossEntropySparse(1, 2, probs, [2], grad, 1f, eps));
    }

    [Fact]
    public void Count_correct_uses_the_first_arg_max()
    {
        float[] scores = [0.1f, 0.7f, 0.2f, 0.5f, 0.5f, 0f];
        Assert.Equal(2, _k.CountCorrectSparse(2, 3, scores, [1, 0]));
        Assert.Equal(1, _k.CountCorrectSparse(2, 3, scores, [1, 1]));
        Assert.Equal(2, _k.CountCorrectDense(2, 3, scores, [0, 1, 0, 1, 0, 0]));
        Assert.Equal(1, _k.CountCorrectDense(2, 3, scores, [0, 1, 0, 0, 1, 0]));
    }

    [Fact]
    public void Multiply_and_add()
    {
        float[] a = [1, 2, 3];
        _k.Multiply(3, a, [4, 5, 6], a);
        Assert.Equal([4f, 10f, 18f], a);
        float[] y = [1, 1, 1, 1];
        _k.AddInPlace(3, [1, 2, 3, 100], y);
        Assert.Equal([2f, 3f, 4f, 1f], y);
    }
}
