using MlNetCnn.Kernels;

namespace MlNetCnn.Kernels.Tests;

public class ReferenceGemmTests
{
    private readonly ReferenceKernels _k = new();

    [Fact]
    public void Multiplies_a_hand_computed_2x3_by_3x2()
    {
        float[] a = [1, 2, 3, 4, 5, 6];
        float[] b = [7, 8, 9, 10, 11, 12];
        var c = new float[4];
        _k.Gemm(false, false, 2, 2, 3, 1f, a, 3, b, 2, 0f, c, 2);
        // [1 2 3; 4 5 6] * [7 8; 9 10; 11 12] = [58 64; 139 154]
        Assert.Equal([58f, 64f, 139f, 154f], c);
    }

    [Fact]
    public void Applies_alpha_and_beta()
    {
        float[] a = [1, 2];
        float[] b = [3, 4];
        float[] c = [10];
        _k.Gemm(false, false, 1, 1, 2, 2f, a, 2, b, 1, 0.5f, c, 1);
        // 2 * (1*3 + 2*4) + 0.5 * 10 = 27
        Assert.Equal(27f, c[0]);
    }

    [Fact]
    public void Beta_zero_ignores_NaN_in_C()
    {
        float[] a = [1, 2];
        float[] b = [3, 4];
        float[] c = [float.NaN, float.NaN];
        _k.Gemm(false, false, 1, 2, 1, 1f, a, 1, b, 2, 0f, c, 2);
        Assert.Equal([3f, 4f], c);
    }

    [Fact]
    public void K_zero_scales_C_by_beta()
    {
        float[] c = [2, 4];
        _k.Gemm(false, false, 1, 2, 0, 1f, [], 1, [], 2, 0.5f, c, 2);
        Assert.Equal([1f, 2f], c);
    }

    [Theory]
    [InlineData(false, false)]
    [InlineData(true, false)]
    [InlineData(false, true)]
    [InlineData(true, true)]
    public void Every_transpose_combination_matches_the_textbook_sum_with_padded_strides(bool transA, bool transB)
    {
        var rng = new Random(7);
        const int m = 5, n = 4, k = 3, pad = 2;
        // Logical matrices.
        var opA = TestData.Random(rng, m * k);
        var opB = TestData.Random(rng, k * n);
        int lda = (transA ? m : k) + pad, ldb = (transB ? k : n) + pad, ldc = n + pad;
        var a = new float[(transA ? k : m) * lda];
        var b = new float[(transB ? n : k) * ldb];
        for (int i = 0; i < m; i++)
        {
            for (int p = 0; p < k; p++)
            {
                a[transA ? p * lda + i : i * lda + p] = opA[i * k + p];
            }
        }

        for (int p = 0; p < k; p++)
        {
            for (int j = 0; j < n; j++)
            {
                b[transB ? j * ldb + p : p * ldb + j] = opB[p * n + j];
            }
        }

        var c = new float[m * ldc];
        Array.Fill(c, 99f);
        _k.Gemm(transA, transB, m, n, k, 1f, a, lda, b, ldb, 0f, c, ldc);
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < n; j++)
            {
                double expected = 0;
                for (int p = 0; p < k; p++)
                {
                    expected += (double)opA[i * k + p] * opB[p * n + j];
                }

                Assert.Equal(expected, c[i * ldc + j], 5);
            }

            for (int j = n; j < ldc; j++)
            {
                Assert.Equal(99f, c[i * ldc + j]); // the stride padding is untouched
            }
        }
    }

    [Fact]
    public void Rejects_too_short_spans_and_bad_strides()
    {
        var ex = Assert.Throws<ArgumentException>(() => _k.Gemm(false, false, 2, 2, 2, 1f, new float[3], 2, new float[4], 2, 0f, new float[4], 2));
        Assert.Contains("a has 3 elements", ex.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => _k.Gemm(false, false, 2, 2, 3, 1f, new float[6], 2, new float[6], 2, 0f, new float[4], 2));
    }
}
