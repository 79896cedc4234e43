using MlNetCnn.Kernels;

namespace MlNetCnn.Engine.Tests;

public class PoolGradientTests
{
    // input h, w, c; pool ph, pw; strides; padding; expected output h, w.
    public static TheoryData<int, int, int, int, int, int, int, Padding, int, int> Cases => new()
    {
        { 4, 4, 2, 2, 2, 2, 2, Padding.Valid, 2, 2 },
        { 11, 11, 1, 2, 2, 2, 2, Padding.Valid, 5, 5 },   // odd size: the last row and column are never read
        { 7, 7, 1, 3, 3, 2, 2, Padding.Valid, 3, 3 },     // overlapping windows, stride != pool size
        { 5, 5, 2, 3, 3, 2, 2, Padding.Same, 3, 3 },      // same: one padded row/column on each side
        { 4, 4, 1, 2, 2, 1, 1, Padding.Same, 4, 4 },      // same, stride 1: the odd padding goes bottom/right
        { 5, 6, 2, 3, 2, 1, 2, Padding.Valid, 3, 3 },     // non-square
        { 5, 5, 1, 2, 2, 2, 2, Padding.Same, 3, 3 },      // same, odd input: windows at the edge are partial
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void MaxPooling2D_gradients_match_finite_differences(int h, int w, int c, int ph, int pw, int sh, int sw, Padding padding, int oh, int ow)
    {
        var net = PoolNet(h, w, c, ph, pw, sh, sw, padding, isMax: true, oh, ow);
        net.WithData(2, Draw.Distinct(2 * h * w * c, seed: h * 31 + w));
        GradientCheck.AssertGradients(net);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void AveragePooling2D_gradients_match_finite_differences(int h, int w, int c, int ph, int pw, int sh, int sw, Padding padding, int oh, int ow)
    {
        var net = PoolNet(h, w, c, ph, pw, sh, sw, padding, isMax: false, oh, ow);
        net.WithData(2);
        GradientCheck.AssertGradients(net);
    }

    [Fact]
    public void Cells_no_window_reads_get_zero_gradient()
    {
        var net = PoolNet(11, 11, 1, 2, 2, 2, 2, Padding.Valid, isMax: false, 5, 5);
        net.WithData(1);
        var grad = net.InputGradients();
        for (int i = 0; i < 11; i++)
        {
            Assert.Equal(0f, grad[10 * 11 + i]); // last row
            Assert.Equal(0f, grad[i * 11 + 10]); // last column
        }

        Assert.NotEqual(0f, grad[0]);
    }

    [Fact]
    public void Same_padding_is_ignored_by_max_and_not_counted_by_average()
    {
        // 3x3 input, 2x2 windows, stride 2, same: out 2x2, padding 0 before and 1 after (TensorFlow's split).
        var graph = new Graph();
        var x = graph.Input("x", 3, 3, 1);
        var max = graph.MaxPooling2D("max", x, 2, 2, 2, 2, Padding.Same);
        var avg = graph.AveragePooling2D("avg", x, 2, 2, 2, 2, Padding.Same);
        var executor = new GraphExecutor(graph, new ReferenceKernels());
        float[] input = [-1f, -2f, -3f, -4f, -5f, -6f, -7f, -8f, -9f];
        input.CopyTo(executor.InputBuffer(x, 1));
        executor.Forward(1, training: false);

        // Max never picks a padded zero, even when every real cell is negative.
        Assert.Equal(new[] { -1f, -3f, -7f, -9f }, executor.Output(max, 1).ToArray());
        // Average divides by the number of in-bounds cells: 4, 2, 2 and 1.
        Assert.Equal(new[] { -3f, -4.5f, -7.5f, -9f }, executor.Output(avg, 1).ToArray());
    }

    [Fact]
    public void Tied_maxima_send_the_whole_gradient_to_the_first_cell_in_row_major_order()
    {
        // One 4x4x2 sample, 2x2 windows with stride 2. Ties (channel, window: tied cells in row-major order):
        // c0 top-left: (0,1) and (1,0); c0 bottom-right: all four cells; c1 top-right: (0,3) and (1,3).
        const int h = 4, w = 4, c = 2;
        var net = PoolNet(h, w, c, 2, 2, 2, 2, Padding.Valid, isMax: true, 2, 2);
        var x = Draw.Distinct(h * w * c, seed: 3).Select(v => v - 1f).ToArray(); // all below 0.3
        int At(int y, int xx, int ch) => (y * w + xx) * c + ch;
        int[][] ties =
        [
            [At(0, 1, 0), At(1, 0, 0)],
            [At(2, 2, 0), At(2, 3, 0), At(3, 2, 0), At(3, 3, 0)],
            [At(0, 3, 1), At(1, 3, 1)],
        ];
        foreach (var tie in ties)
            foreach (int i in tie) x[i] = 0.75f;
        net.WithData(1, x);

        var grad = net.InputGradients();
        foreach (var tie in ties)
        {
            // The convention: the first tied cell in row-major window order takes it all.
            Assert.NotEqual(0f, grad[tie[0]]);
            foreach (int i in tie.Skip(1)) Assert.Equal(0f, grad[i]);

            // Moving all tied cells together is differentiable: the sum over the tie equals that finite difference.
            double fd = GradientCheck.Difference(net.Inputs, tie, () => net.Evaluate(1));
            GradientCheck.AssertClose(fd, tie.Sum(i => (double)grad[i]), $"tie at {tie[0]}");
        }

        // Every other cell of those windows gets nothing (they are not maxima).
        int[] losers = [At(0, 0, 0), At(1, 1, 0), At(0, 2, 1), At(1, 2, 1)];
        foreach (int i in losers) Assert.Equal(0f, grad[i]);
    }

    private static TestNet PoolNet(int h, int w, int c, int ph, int pw, int sh, int sw, Padding padding, bool isMax, int oh, int ow)
    {
        var net = new TestNet(new[] { h, w, c });
        var y = isMax
            ? net.Graph.MaxPooling2D("pool", net.Z, ph, pw, sh, sw, padding)
            : net.Graph.AveragePooling2D("pool", net.Z, ph, pw, sh, sw, padding);
        Assert.Equal(new[] { oh, ow, c }, y.SampleShape);
        net.SparseLoss(net.Graph.Dense("head", net.Graph.Flatten("flat", y), 3), fromLogits: true);
        return net.Start();
    }
}
