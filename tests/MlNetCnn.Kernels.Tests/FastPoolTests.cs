using MlNetCnn.Kernels;

namespace MlNetCnn.Kernels.Tests;

public class FastPoolTests
{
    private readonly ReferenceKernels _reference = new();

    /// <summary>(batch, h, w, channels, poolH, poolW, strideH, strideW, same).</summary>
    public static TheoryData<int, int, int, int, int, int, int, int, bool> Shapes => new()
    {
        { 2, 26, 26, 64, 2, 2, 2, 2, false }, // the network's pools
        { 2, 11, 11, 64, 2, 2, 2, 2, false }, // odd size: the last row and column are dropped
        { 1, 7, 5, 3, 3, 3, 2, 2, true },
        { 3, 6, 7, 17, 2, 3, 1, 1, false }, // overlapping windows, a channel tail
        { 1, 9, 9, 70, 3, 3, 3, 3, true },
        { 2, 5, 4, 1, 2, 2, 1, 2, true },
        { 1, 4, 4, 33, 4, 4, 4, 4, false },
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Max_pooling_matches_the_reference_exactly_including_ties_and_NaN(int n, int h, int w, int c, int ph, int pw, int sh, int sw, bool same)
    {
        var g = TestData.Pool(n, h, w, c, ph, pw, sh, sw, same);
        var rng = new Random(h * 7 + c);
        // Few distinct values, so windows hold ties; a sprinkling of NaN.
        var x = new float[g.InputLength];
        for (int i = 0; i < x.Length; i++)
        {
            x[i] = rng.Next(50) == 0 ? float.NaN : rng.Next(-3, 4);
        }

        var dy = TestData.Random(rng, g.OutputLength);
        var expected = new float[g.OutputLength];
        var expectedArg = new int[g.OutputLength];
        var dxExpected = new float[g.InputLength];
        _reference.MaxPoolForward(g, x, expected, expectedArg);
        _reference.MaxPoolBackward(g, dy, expectedArg, dxExpected);
        foreach (var (threads, bits) in new[] { (1, 512), (2, 512), (2, 256), (3, 128) })
        {
            using var fast = FastTestSupport.Create(threads, bits);
            var actual = FastTestSupport.Filled(g.OutputLength, 7f);
            var actualArg = new int[g.OutputLength];
            fast.MaxPoolForward(g, x, actual, actualArg);
            Assert.Equal(expectedArg, actualArg);
            for (int i = 0; i < actual.Length; i++)
            {
                Assert.True(expected[i].Equals(actual[i]), $"output[{i}]: reference {expected[i]}, fast {actual[i]}");
            }

            var dxActual = FastTestSupport.Filled(g.InputLength, 7f);
            fast.MaxPoolBackward(g, dy, actualArg, dxActual);
            Assert.Equal(dxExpected, dxActual);
        }
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Average_pooling_matches_the_reference(int n, int h, int w, int c, int ph, int pw, int sh, int sw, bool same)
    {
        var g = TestData.Pool(n, h, w, c, ph, pw, sh, sw, same);
        var rng = new Random(h * 11 + c);
        var x = TestData.Random(rng, g.InputLength);
        var dy = TestData.Random(rng, g.OutputLength);
        var expected = new float[g.OutputLength];
        var magnitude = new float[g.OutputLength];
        var dxExpected = new float[g.InputLength];
        var dxMagnitude = new float[g.InputLength];
        _reference.AvgPoolForward(g, x, expected);
        _reference.AvgPoolForward(g, FastTestSupport.Abs(x), magnitude);
        _reference.AvgPoolBackward(g, dy, dxExpected);
        _reference.AvgPoolBackward(g, FastTestSupport.Abs(dy), dxMagnitude);
        foreach (var (threads, bits) in new[] { (1, 512), (2, 256), (2, 128) })
        {
            using var fast = FastTestSupport.Create(threads, bits);
            var actual = FastTestSupport.Filled(g.OutputLength, float.NaN);
            fast.AvgPoolForward(g, x, actual);
            FastTestSupport.AssertClose(expected, actual, magnitude, "average");
            var dxActual = FastTestSupport.Filled(g.InputLength, float.NaN);
            fast.AvgPoolBackward(g, dy, dxActual);
            FastTestSupport.AssertClose(dxExpected, dxActual, dxMagnitude, "average backward");
        }
    }

    [Fact]
    public void Max_pool_backward_with_overlapping_windows_rejects_an_argmax_outside_its_image()
    {
        var g = TestData.Pool(2, 2, 3, 1, 2, 2, 1, 1, same: false); // two 1x2 outputs per image, windows overlap
        using var fast = new FastKernels(1);
        var ex = Assert.Throws<ArgumentException>(() => fast.MaxPoolBackward(g, [1f, 1f, 1f, 1f], [0, 1, 0, 7], new float[12]));
        Assert.Contains("not in image 1", ex.Message);
    }
}
