using MlNetCnn.Kernels;

namespace MlNetCnn.Kernels.Tests;

public class ReferenceOptimizerTests
{
    private readonly ReferenceKernels _k = new();

    [Fact]
    public void Adam_first_step_moves_each_weight_by_about_lr_against_the_gradient_sign()
    {
        const float lr = 0.001f, b1 = 0.9f, b2 = 0.999f, eps = 1e-7f;
        float lrT = lr * MathF.Sqrt(1 - b2) / (1 - b1); // t = 1
        float[] w = [1f, -2f];
        float[] g = [0.5f, -4f];
        float[] m = new float[2], v = new float[2];
        _k.AdamUpdate(2, w, g, m, v, lrT, b1, b2, eps);
        // m = 0.1 g, v = 0.001 g^2; step = lrT * 0.1|g| / (sqrt(0.001)|g| + eps) ~= lr.
        Assert.Equal(0.05f, m[0], 6);
        Assert.Equal(-0.4f, m[1], 6);
        Assert.Equal((1 - b2) * 0.25f, v[0]); // 1 - 0.999f is 0.00099998713 in float
        Assert.Equal((1 - b2) * 16f, v[1]);
        double step0 = lrT * 0.05 / (Math.Sqrt(0.00025) + eps);
        Assert.Equal(1 - step0, w[0], 6);
        Assert.Equal(1 - 0.001, w[0], 5);
        Assert.Equal(-2 + 0.001, w[1], 5);
    }

    [Fact]
    public void Adam_second_step_uses_the_running_moments()
    {
        float[] w = [0f], m = [0.1f], v = [0.01f];
        _k.AdamUpdate(1, w, [1f], m, v, 0.5f, 0.5f, 0.5f, 0f);
        // m = 0.05 + 0.5 = 0.55; v = 0.005 + 0.5 = 0.505; w = -0.5 * 0.55 / sqrt(0.505).
        Assert.Equal(0.55f, m[0], 6);
        Assert.Equal(0.505f, v[0], 6);
        Assert.Equal(-0.5 * 0.55 / Math.Sqrt(0.505), w[0], 6);
    }

    [Fact]
    public void Sgd_plain_momentum_and_nesterov()
    {
        float[] w = [1f];
        _k.SgdUpdate(1, w, [2f], [], 0.1f, 0f, false);
        Assert.Equal(0.8f, w[0], 6);

        float[] w2 = [1f], vel = [0.5f];
        _k.SgdUpdate(1, w2, [2f], vel, 0.1f, 0.9f, false);
        // vel = 0.9*0.5 - 0.2 = 0.25; w = 1.25.
        Assert.Equal(0.25f, vel[0], 6);
        Assert.Equal(1.25f, w2[0], 6);

        float[] w3 = [1f], vel3 = [0.5f];
        _k.SgdUpdate(1, w3, [2f], vel3, 0.1f, 0.9f, true);
        // vel = 0.25; w += 0.9*0.25 - 0.2 = 0.025.
        Assert.Equal(0.25f, vel3[0], 6);
        Assert.Equal(1.025f, w3[0], 6);
    }

    [Fact]
    public void RmsProp_one_step()
    {
        float[] w = [1f], ms = [0f];
        _k.RmsPropUpdate(1, w, [3f], ms, 0.01f, 0.9f, 1e-7f);
        // ms = 0.1 * 9 = 0.9; w = 1 - 0.01 * 3 / sqrt(0.9 + 1e-7).
        Assert.Equal(0.9f, ms[0], 6);
        Assert.Equal(1 - 0.03 / Math.Sqrt(0.9 + 1e-7), w[0], 6);
    }

    [Fact]
    public void RmsProp_keeps_epsilon_inside_the_square_root_as_keras()
    {
        float[] w = [1f], ms = [0f];
        _k.RmsPropUpdate(1, w, [1e-4f], ms, 0.001f, 0.9f, 1e-7f);
        // ms = 1e-9; step = 0.001 * 1e-4 / sqrt(1e-9 + 1e-7) ~ 9.95e-4 (it would be 2.4e-3 with epsilon outside).
        Assert.Equal(1 - 0.001 * 1e-4 / Math.Sqrt(1e-9 + 1e-7), w[0], 7);
    }
}
