using MlNetCnn.Kernels;

namespace MlNetCnn.Kernels.Tests;

public class ReferencePoolTests
{
    private readonly ReferenceKernels _k = new();

    [Fact]
    public void Max_pool_picks_the_maximum_and_records_its_flat_index()
    {
        var g = TestData.Pool(1, 2, 4, 1, 2, 2, 2, 2, same: false);
        float[] input = [1, 5, 2, 0, 3, 4, 8, 7];
        var output = new float[2];
        var argmax = new int[2];
        _k.MaxPoolForward(g, input, output, argmax);
        Assert.Equal([5f, 8f], output);
        Assert.Equal([1, 6], argmax);
    }

    [Fact]
    public void Max_pool_ties_go_to_the_earliest_cell_in_row_major_order()
    {
        var g = TestData.Pool(1, 2, 2, 2, 2, 2, 2, 2, same: false);
        // Channel 0: all equal -> cell (0,0). Channel 1: max 3 at (0,1) and (1,0) -> (0,1).
        float[] input = [7, 1, 7, 3, 7, 3, 7, 2];
        var output = new float[2];
        var argmax = new int[2];
        _k.MaxPoolForward(g, input, output, argmax);
        Assert.Equal([7f, 3f], output);
        Assert.Equal([0, 3], argmax);
    }

    [Fact]
    public void Max_pool_propagates_NaN_wherever_it_sits_in_the_window()
    {
        var g = TestData.Pool(1, 2, 2, 1, 2, 2, 2, 2, same: false);
        for (int at = 0; at < 4; at++)
        {
            float[] input = [1, 9, 2, 3];
            input[at] = float.NaN;
            var output = new float[1];
            var argmax = new int[1];
            _k.MaxPoolForward(g, input, output, argmax);
            Assert.True(float.IsNaN(output[0]), $"NaN at cell {at} must reach the output");
            Assert.Equal(at, argmax[0]);
        }
    }

    [Fact]
    public void Max_pool_same_padding_never_picks_padding()
    {
        // 3x3 of negative values, 2x2 window, stride 2, 'same': padding 1 bottom/right, zeros must not win.
        var g = TestData.Pool(1, 3, 3, 1, 2, 2, 2, 2, same: true);
        Assert.Equal((2, 2, 0, 0), (g.OutHeight, g.OutWidth, g.PadTop, g.PadLeft));
        float[] input = [-1, -2, -3, -4, -5, -6, -7, -8, -9];
        var output = new float[4];
        var argmax = new int[4];
        _k.MaxPoolForward(g, input, output, argmax);
        Assert.Equal([-1f, -3f, -7f, -9f], output);
        Assert.Equal([0, 2, 6, 8], argmax);
    }

    [Fact]
    public void Max_pool_backward_routes_gradients_through_argmax_and_sums_overlaps()
    {
        // 1x3 input, window 1x2, stride 1: the middle cell wins both windows.
        var g = TestData.Pool(1, 1, 3, 1, 1, 2, 1, 1, same: false);
        float[] input = [1, 5, 2];
        var output = new float[2];
        var argmax = new int[2];
        _k.MaxPoolForward(g, input, output, argmax);
        float[] dx = [9, 9, 9];
        _k.MaxPoolBackward(g, [0.5f, 0.25f], argmax, dx);
        Assert.Equal([0f, 0.75f, 0f], dx);
    }

    [Fact]
    public void Average_pool_divides_by_in_bounds_cells_only()
    {
        var g = TestData.Pool(1, 3, 3, 1, 2, 2, 2, 2, same: true);
        float[] input = [1, 2, 3, 4, 5, 6, 7, 8, 9];
        var output = new float[4];
        _k.AvgPoolForward(g, input, output);
        Assert.Equal([3f, 4.5f, 7.5f, 9f], output);

        var dx = new float[9];
        _k.AvgPoolBackward(g, [4, 2, 2, 1], dx);
        Assert.Equal([1f, 1f, 1f, 1f, 1f, 1f, 1f, 1f, 1f], dx);
    }
}
