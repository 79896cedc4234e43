using MlNetCnn.Kernels;

namespace MlNetCnn.Kernels.Tests;

/// <summary>
/// Shared pieces of the fast-vs-reference tests. Tolerance: a fast result r passes against the reference value e
/// when |r - e| &lt;= Relative * m + Absolute, where m is the same kernel applied to the absolute values of its
/// inputs (the magnitude of the terms summed): float accumulation of n terms errs by a few ulps of that magnitude.
/// </summary>
internal static class FastTestSupport
{
    public const double Relative = 2e-5;
    public const double Absolute = 1e-6;

    /// <summary>Thread counts and vector widths every comparison runs with.</summary>
    public static TheoryData<int, int> Configurations => new()
    {
        { 1, 512 },
        { 2, 512 },
        { 3, 512 },
        { 2, 256 },
        { 1, 128 },
        { 2, 128 },
    };

    public static FastKernels Create(int threads, int bits) => new(threads, bits);

    public static float[] Abs(float[] x) => x.Select(MathF.Abs).ToArray();

    public static float[] Filled(long length, float value)
    {
        var data = new float[length];
        Array.Fill(data, value);
        return data;
    }

    public static void AssertClose(ReadOnlySpan<float> expected, ReadOnlySpan<float> actual, ReadOnlySpan<float> magnitude, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            double error = Math.Abs((double)actual[i] - expected[i]);
            double allowed = Relative * Math.Abs(magnitude[i]) + Absolute;
            if (!(error <= allowed) && !(float.IsNaN(expected[i]) && float.IsNaN(actual[i])) && expected[i] != actual[i])
            {
                Assert.Fail($"{what}[{i}]: reference {expected[i]}, fast {actual[i]} (error {error:g3}, allowed {allowed:g3}).");
            }
        }
    }

    /// <summary>Relative comparison for results that are not sums (activations, optimizers, softmax).</summary>
    public static void AssertClose(ReadOnlySpan<float> expected, ReadOnlySpan<float> actual, double relative, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            double error = Math.Abs((double)actual[i] - expected[i]);
            bool bothNaN = float.IsNaN(expected[i]) && float.IsNaN(actual[i]);
            if (!bothNaN && expected[i] != actual[i] && !(error <= relative * Math.Max(Math.Abs(expected[i]), 1e-30) + 1e-30))
            {
                Assert.Fail($"{what}[{i}]: reference {expected[i]}, fast {actual[i]} (error {error:g3}).");
            }
        }
    }
}
