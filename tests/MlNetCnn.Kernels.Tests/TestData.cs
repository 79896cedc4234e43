using MlNetCnn.Kernels;

namespace MlNetCnn.Kernels.Tests;

/// <summary>Random tensors, independent naive formulas and tolerance checks shared by the kernel tests.</summary>
internal static class TestData
{
    public static float[] Random(Random rng, long length, float scale = 1f)
    {
        var data = new float[length];
        for (int i = 0; i < data.Length; i++)
        {
            data[i] = (float)(rng.NextDouble() * 2 - 1) * scale;
        }

        return data;
    }

    /// <summary>Geometry the way the engine computes it: 'valid' or Keras 'same' (odd extra padding bottom/right).</summary>
    public static Conv2DGeometry Conv(int n, int h, int w, int c, int kh, int kw, int f, int sh, int sw, bool same)
    {
        int oh, ow, padTop = 0, padLeft = 0;
        if (same)
        {
            oh = (h + sh - 1) / sh;
            ow = (w + sw - 1) / sw;
            padTop = Math.Max((oh - 1) * sh + kh - h, 0) / 2;
            padLeft = Math.Max((ow - 1) * sw + kw - w, 0) / 2;
        }
        else
        {
            oh = (h - kh) / sh + 1;
            ow = (w - kw) / sw + 1;
        }

        return new Conv2DGeometry(n, h, w, c, kh, kw, f, sh, sw, padTop, padLeft, oh, ow);
    }

    public static PoolGeometry Pool(int n, int h, int w, int c, int ph, int pw, int sh, int sw, bool same)
    {
        int oh, ow, padTop = 0, padLeft = 0;
        if (same)
        {
            oh = (h + sh - 1) / sh;
            ow = (w + sw - 1) / sw;
            padTop = Math.Max((oh - 1) * sh + ph - h, 0) / 2;
            padLeft = Math.Max((ow - 1) * sw + pw - w, 0) / 2;
        }
        else
        {
            oh = (h - ph) / sh + 1;
            ow = (w - pw) / sw + 1;
        }

        return new PoolGeometry(n, h, w, c, ph, pw, sh, sw, padTop, padLeft, oh, ow);
    }

    /// <summary>
    /// Convolution computed a second, independent way: copy the image into an explicitly zero-padded buffer
    /// (the padding below/right is whatever the last window needs), then run a 'valid' convolution on it.
    /// </summary>
    public static double[] NaiveConv(in Conv2DGeometry g, float[] input, float[] kernel, float[]? bias)
    {
        int ph = Math.Max((g.OutHeight - 1) * g.StrideH + g.KernelHeight, g.PadTop + g.InHeight);
        int pw = Math.Max((g.OutWidth - 1) * g.StrideW + g.KernelWidth, g.PadLeft + g.InWidth);
        int c = g.InChannels;
        var padded = new double[g.Batch, ph, pw, c];
        for (int n = 0; n < g.Batch; n++)
        {
            for (int y = 0; y < g.InHeight; y++)
            {
                for (int x = 0; x < g.InWidth; x++)
                {
                    for (int ci = 0; ci < c; ci++)
                    {
                        padded[n, y + g.PadTop, x + g.PadLeft, ci] = input[((n * g.InHeight + y) * g.InWidth + x) * c + ci];
                    }
                }
            }
        }

        var output = new double[g.OutputLength];
        int o = 0;
        for (int n = 0; n < g.Batch; n++)
        {
            for (int oy = 0; oy < g.OutHeight; oy++)
            {
                for (int ox = 0; ox < g.OutWidth; ox++)
                {
                    for (int f = 0; f < g.Filters; f++)
                    {
                        double sum = bias?[f] ?? 0;
                        for (int ky = 0; ky < g.KernelHeight; ky++)
                        {
                            for (int kx = 0; kx < g.KernelWidth; kx++)
                            {
                                for (int ci = 0; ci < c; ci++)
                                {
                                    sum += padded[n, oy * g.StrideH + ky, ox * g.StrideW + kx, ci]
                                        * kernel[((ky * g.KernelWidth + kx) * c + ci) * g.Filters + f];
                                }
                            }
                        }

                        output[o++] = sum;
                    }
                }
            }
        }

        return output;
    }

    public static double Dot(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        double sum = 0;
        for (int i = 0; i < a.Length; i++)
        {
            sum += (double)a[i] * b[i];
        }

        return sum;
    }

    public static double Dot(double[] a, ReadOnlySpan<float> b)
    {
        double sum = 0;
        for (int i = 0; i < a.Length; i++)
        {
            sum += a[i] * b[i];
        }

        return sum;
    }

    /// <summary>Asserts |actual - expected| &lt;= tolerance * max(1, |expected|) element by element.</summary>
    public static void AssertClose(ReadOnlySpan<double> expected, ReadOnlySpan<float> actual, double tolerance, string what)
    {
        for (int i = 0; i < expected.Length; i++)
        {
            double error = Math.Abs(actual[i] - expected[i]);
            if (!(error <= tolerance * Math.Max(1.0, Math.Abs(expected[i]))))
            {
                Assert.Fail($"{what}[{i}]: expected {expected[i]}, got {actual[i]} (error {error}).");
            }
        }
    }

    public static void AssertClose(ReadOnlySpan<float> expected, ReadOnlySpan<float> actual, double tolerance, string what)
    {
        var e = new double[expected.Length];
        for (int i = 0; i < e.Length; i++)
        {
            e[i] = expected[i];
        }

        AssertClose(e, actual, tolerance, what);
    }
}
