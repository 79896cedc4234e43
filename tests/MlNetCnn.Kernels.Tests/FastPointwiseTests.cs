using MlNetCnn.Kernels;

namespace MlNetCnn.Kernels.Tests;

public class FastPointwiseTests
{
    private const double Tolerance = 1e-5;
    private readonly ReferenceKernels _reference = new();

    /// <summary>Every vector tail length 0..70, and lengths long enough to run on several threads.</summary>
    public static IEnumerable<int> Lengths => Enumerable.Range(0, 71).Concat([1000, 40_000, 100_003]);

    [Theory]
    [MemberData(nameof(FastTestSupport.Configurations), MemberType = typeof(FastTestSupport))]
    public void Activations_and_their_backward_match_for_every_length(int threads, int bits)
    {
        using var fast = FastTestSupport.Create(threads, bits);
        foreach (int length in Lengths)
        {
            var rng = new Random(length);
            var x = TestData.Random(rng, length, 6f);
            if (length > 3)
            {
                x[length / 2] = float.NaN;
            }

            var dy = TestData.Random(rng, length);
            foreach (var kind in Enum.GetValues<ActivationKind>())
            {
                var expected = new float[length];
                _reference.Activation(kind, length, x, expected);
                var actual = (float[])x.Clone();
                fast.Activation(kind, length, actual, actual); // in place
                // TensorPrimitives' tanh loses relative (not absolute) accuracy near 0: compare near-zero results
                // against a floor of 0.05 (an absolute error of about 1e-6).
                var floor = expected.Select(e => Math.Max(Math.Abs(e), 0.05f)).ToArray();
                FastTestSupport.AssertClose(expected, actual, floor, $"{kind} (length {length})");

                var dxExpected = new float[length];
                _reference.ActivationBackward(kind, length, expected, dy, dxExpected);
                var dxActual = (float[])dy.Clone();
                fast.ActivationBackward(kind, length, expected, dxActual, dxActual); // dx aliases dy
                FastTestSupport.AssertClose(dxExpected, dxActual, Tolerance, $"{kind} backward (length {length})");
            }
        }
    }

    [Theory]
    [MemberData(nameof(FastTestSupport.Configurations), MemberType = typeof(FastTestSupport))]
    public void Element_wise_arithmetic_and_optimizers_match_for_every_length(int threads, int bits)
    {
        using var fast = FastTestSupport.Create(threads, bits);
        foreach (int length in Lengths)
        {
            var rng = new Random(length + 5);
            var a = TestData.Random(rng, length);
            var b = TestData.Random(rng, length);
            var expected = new float[length];
            var actual = new float[length];
            _reference.Multiply(length, a, b, expected);
            fast.Multiply(length, a, b, actual);
            FastTestSupport.AssertClose(expected, actual, 0, "multiply");

            expected = (float[])b.Clone();
            actual = (float[])b.Clone();
            _reference.AddInPlace(length, a, expected);
            fast.AddInPlace(length, a, actual);
            FastTestSupport.AssertClose(expected, actual, 0, "add");

            CheckOptimizers(fast, rng, length);
        }
    }

    [Theory]
    [MemberData(nameof(FastTestSupport.Configurations), MemberType = typeof(FastTestSupport))]
    public void Bias_softmax_and_losses_match(int threads, int bits)
    {
        using var fast = FastTestSupport.Create(threads, bits);
        foreach (var (rows, cols) in new[] { (1, 1), (3, 10), (32, 10), (7, 17), (5, 70), (4000, 64), (2, 128) })
        {
            var rng = new Random(rows * 100 + cols);
            var x = TestData.Random(rng, rows * cols, 5f);
            var bias = TestData.Random(rng, cols);
            var expected = (float[])x.Clone();
            var actual = (float[])x.Clone();
            _reference.BiasAdd(rows, cols, bias, expected);
            fast.BiasAdd(rows, cols, bias, actual);
            FastTestSupport.AssertClose(expected, actual, 0, "bias add");

            var db = new float[cols];
            var dbMagnitude = new float[cols];
            var dbActual = FastTestSupport.Filled(cols, float.NaN);
            _reference.BiasGrad(rows, cols, x, db);
            _reference.BiasGrad(rows, cols, FastTestSupport.Abs(x), dbMagnitude);
            fast.BiasGrad(rows, cols, x, dbActual);
            FastTestSupport.AssertClose(db, dbActual, dbMagnitude, "bias gradient");

            var p = new float[rows * cols];
            var pActual = (float[])x.Clone();
            _reference.Softmax(rows, cols, x, p);
            fast.Softmax(rows, cols, pActual, pActual);
            FastTestSupport.AssertClose(p, pActual, 1e-5, "softmax");

            // Logits near +-1e4 in some rows: finite loss, same probabilities and gradient.
            var logits = (float[])x.Clone();
            logits[0] = 1e4f;
            logits[^1] = -1e4f;
            var labels = Enumerable.Range(0, rows).Select(r => rng.Next(cols)).ToArray();
            var grad = new float[rows * cols];
            var gradActual = new float[rows * cols];
            double loss = _reference.SoftmaxCrossEntropySparse(rows, cols, logits, labels, p, grad, 1f / rows);
            double lossActual = fast.SoftmaxCrossEntropySparse(rows, cols, logits, labels, pActual, gradActual, 1f / rows);
            Assert.True(double.IsFinite(lossActual));
            Assert.Equal(loss, lossActual, Math.Max(Math.Abs(loss), 1) * 1e-5);
            FastTestSupport.AssertClose(p, pActual, 1e-5, "probabilities");
            FastTestSupport.AssertClose(grad, gradActual, FastTestSupport.Filled(grad.Length, 1f / rows), "logit gradient");
        }
    }

    /// <summary>
    /// Optimizer results are float in both implementations but may round differently (fused multiply-adds), so each
    /// is compared relative to the magnitude of the terms that produce it (they can cancel).
    /// </summary>
    private void CheckOptimizers(FastKernels fast, Random rng, int length)
    {
        var w = TestData.Random(rng, length);
        var g = TestData.Random(rng, length);
        var m = TestData.Random(rng, length, 0.1f);
        var v = TestData.Random(rng, length, 0.01f).Select(MathF.Abs).ToArray();
        float[] w1 = (float[])w.Clone(), m1 = (float[])m.Clone(), v1 = (float[])v.Clone();
        float[] w2 = (float[])w.Clone(), m2 = (float[])m.Clone(), v2 = (float[])v.Clone();
        _reference.AdamUpdate(length, w1, g, m1, v1, 0.003f, 0.9f, 0.999f, 1e-7f);
        fast.AdamUpdate(length, w2, g, m2, v2, 0.003f, 0.9f, 0.999f, 1e-7f);
        FastTestSupport.AssertClose(m1, m2, Magnitude(length, i => 0.9f * Math.Abs(m[i]) + 0.1f * Math.Abs(g[i])), "adam m");
        FastTestSupport.AssertClose(v1, v2, v1, "adam v");
        FastTestSupport.AssertClose(w1, w2, Magnitude(length, i => Math.Abs(w[i]) + Math.Abs(w1[i] - w[i])), "adam w");

        foreach (var (momentum, nesterov) in new[] { (0f, false), (0.9f, false), (0.9f, true) })
        {
            w1 = (float[])w.Clone();
            w2 = (float[])w.Clone();
            m1 = (float[])m.Clone();
            m2 = (float[])m.Clone();
            _reference.SgdUpdate(length, w1, g, momentum == 0 ? [] : m1, 0.01f, momentum, nesterov);
            fast.SgdUpdate(length, w2, g, momentum == 0 ? [] : m2, 0.01f, momentum, nesterov);
            var stepMagnitude = Magnitude(length, i => Math.Abs(momentum * m[i]) + 0.01f * Math.Abs(g[i]));
            FastTestSupport.AssertClose(m1, m2, stepMagnitude, "sgd velocity");
            FastTestSupport.AssertClose(w1, w2, Magnitude(length, i => Math.Abs(w[i]) + 2 * stepMagnitude[i]), "sgd w");
        }

        w1 = (float[])w.Clone();
        w2 = (float[])w.Clone();
        v1 = (float[])v.Clone();
        v2 = (float[])v.Clone();
        _reference.RmsPropUpdate(length, w1, g, v1, 0.001f, 0.9f, 1e-7f);
        fast.RmsPropUpdate(length, w2, g, v2, 0.001f, 0.9f, 1e-7f);
        FastTestSupport.AssertClose(v1, v2, v1, "rmsprop ms");
        FastTestSupport.AssertClose(w1, w2, Magnitude(length, i => Math.Abs(w[i]) + Math.Abs(w1[i] - w[i])), "rmsprop w");
    }

    private static float[] Magnitude(int length, Func<int, float> term) => Enumerable.Range(0, length).Select(term).ToArray();
}
