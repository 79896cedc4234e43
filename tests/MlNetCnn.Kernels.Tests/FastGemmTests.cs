using MlNetCnn.Kernels;

namespace MlNetCnn.Kernels.Tests;

public class FastGemmTests
{
    private static readonly int[] Sizes = [1, 2, 3, 5, 6, 7, 13, 16, 17, 31, 33, 48, 63, 64, 65, 70];
    private readonly ReferenceKernels _reference = new();

    [Theory]
    [MemberData(nameof(FastTestSupport.Configurations), MemberType = typeof(FastTestSupport))]
    public void Every_transpose_combination_and_size_matches_the_reference(int threads, int bits)
    {
        using var fast = FastTestSupport.Create(threads, bits);
        var rng = new Random(threads * 1000 + bits);
        foreach (bool transA in new[] { false, true })
        {
            foreach (bool transB in new[] { false, true })
            {
                foreach (int m in Sizes)
                {
                    foreach (int n in Sizes)
                    {
                        int k = Sizes[rng.Next(Sizes.Length)];
                        Check(fast, rng, transA, transB, m, n, k, 1f, 0f, 0);
                    }
                }
            }
        }
    }

    [Theory]
    [MemberData(nameof(FastTestSupport.Configurations), MemberType = typeof(FastTestSupport))]
    public void Strides_alpha_beta_and_large_shapes_match_the_reference(int threads, int bits)
    {
        using var fast = FastTestSupport.Create(threads, bits);
        var rng = new Random(7 + threads);
        Check(fast, rng, false, false, 9, 21, 13, 0.5f, 2f, 5);
        Check(fast, rng, true, true, 17, 33, 70, -1.5f, 1f, 3);
        Check(fast, rng, true, false, 70, 70, 1, 1f, -0.25f, 1);
        Check(fast, rng, false, true, 1, 128, 1600, 1f, 0f, 0);
        Check(fast, rng, false, false, 32, 128, 1600, 1f, 0f, 0); // the dense layer, forward
        Check(fast, rng, true, false, 1600, 128, 32, 1f, 0f, 0); // its weight gradient
        Check(fast, rng, false, true, 32, 1600, 128, 1f, 0f, 0); // its input gradient
        Check(fast, rng, false, false, 200, 10, 300, 1f, 1f, 7);
        Check(fast, rng, false, false, 4, 5, 0, 1f, 0.5f, 1); // k = 0 scales C
        Check(fast, rng, false, false, 4, 5, 6, 0f, 2f, 0); // alpha = 0 scales C
    }

    [Fact]
    public void Beta_zero_ignores_NaN_in_C()
    {
        using var fast = new FastKernels(2);
        var a = TestData.Random(new Random(1), 6 * 8);
        var b = TestData.Random(new Random(2), 8 * 70);
        var c = FastTestSupport.Filled(6 * 70, float.NaN);
        fast.Gemm(false, false, 6, 70, 8, 1f, a, 8, b, 70, 0f, c, 70);
        Assert.All(c, v => Assert.False(float.IsNaN(v)));
    }

    private void Check(FastKernels fast, Random rng, bool transA, bool transB, int m, int n, int k, float alpha, float beta, int pad)
    {
        int lda = (transA ? m : k) + pad, ldb = (transB ? k : n) + pad, ldc = n + pad;
        var a = TestData.Random(rng, (long)(transA ? k : m) * lda + 1);
        var b = TestData.Random(rng, (long)(transB ? n : k) * ldb + 1);
        var c0 = TestData.Random(rng, (long)m * ldc);
        var expected = (float[])c0.Clone();
        var actual = (float[])c0.Clone();
        var magnitude = FastTestSupport.Abs(c0);
        _reference.Gemm(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, expected, ldc);
        _reference.Gemm(transA, transB, m, n, k, Math.Abs(alpha), FastTestSupport.Abs(a), lda, FastTestSupport.Abs(b), ldb, Math.Abs(beta), magnitude, ldc);
        fast.Gemm(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, actual, ldc);
        FastTestSupport.AssertClose(expected, actual, magnitude, $"C (transA={transA}, transB={transB}, m={m}, n={n}, k={k})");
    }
}
