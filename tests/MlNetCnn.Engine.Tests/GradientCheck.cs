using System.Globalization;
using System.Text;

namespace MlNetCnn.Engine.Tests;

/// <summary>
/// Central finite differences of a <see cref="TestNet"/>'s mean loss, in double, against the executor's analytic
/// gradients.
/// </summary>
/// <remarks>
/// <para>
/// fd = (L(v + h) - L(v - h)) / (v⁺ - v⁻), where v⁺ and v⁻ are the float values actually stored (v ± h rounded to
/// float), so the rounding of the perturbation does not enter the quotient. h = 1e-2.
/// </para>
/// <para>
/// Tolerance: |analytic - fd| &lt;= <see cref="AbsoluteTolerance"/> + <see cref="RelativeTolerance"/> * max(|fd|, |analytic|).
/// Why these numbers: the forward pass is float32, so every stored activation carries a rounding error of about
/// 2^-24 = 6e-8 relative (the reference kernels accumulate in double and round once). On these O(1) nets that puts
/// an absolute noise of at most about 1e-6 on the loss, which the difference quotient divides by 2h = 2e-2: at most
/// about 5e-5. The truncation error of the central difference is h²/6 · |L'''| ≈ 1.7e-5 · |L'''|, with |L'''| = O(1)
/// for softmax cross-entropy of O(1) logits (inputs are chosen at least 5h away from ReLU kinks and max-pooling
/// ties, where L is smooth). The analytic gradient itself is float32 (1e-7 relative). So 2e-4 absolute is about
/// four times the worst expected error, and 2e-3 relative covers the truncation term for larger gradients. A real
/// backward bug (a missing term, a wrong index, a stale buffer) shows up as an error of the order of the gradient
/// itself, 1e-2 to 1, far above these bounds.
/// </para>
/// </remarks>
internal static class GradientCheck
{
    public const double Step = 1e-2;
    public const double AbsoluteTolerance = 2e-4;
    public const double RelativeTolerance = 2e-3;

    /// <summary>
    /// Checks the gradient of every parameter value (except the fixed identity kernel in front of the input) at
    /// <paramref name="batch"/>, then, when the net tracks them, the gradient of every input value of a one-sample batch.
    /// </summary>
    public static void AssertGradients(TestNet net, int batch = 2, bool training = true)
    {
        var failures = new List<string>();
        int checkedCount = CheckParameters(net, batch, training, failures);
        if (net.InputBias is not null) checkedCount += CheckInputs(net, training, failures);
        Assert.True(checkedCount > 0, "nothing was checked");
        if (failures.Count > 0)
        {
            var message = new StringBuilder($"{failures.Count} of {checkedCount} gradients differ from finite differences:\n");
            foreach (string f in failures.Take(12)) message.AppendLine(f);
            Assert.Fail(message.ToString());
        }
    }

    /// <summary>The central difference of the loss with respect to one float in <paramref name="values"/>.</summary>
    public static double Difference(Span<float> values, int index, Func<double> loss) => Difference(values, new[] { index }, loss);

    /// <summary>The central difference of the loss when all the given floats move together (d/dh of L(v + h·1_S)).</summary>
    public static double Difference(Span<float> values, int[] indices, Func<double> loss)
    {
        var original = new float[indices.Length];
        for (int k = 0; k < indices.Length; k++) original[k] = values[indices[k]];
        for (int k = 0; k < indices.Length; k++) values[indices[k]] = (float)(original[k] + Step);
        double up = loss();
        double delta = (double)values[indices[0]] - original[0];
        for (int k = 0; k < indices.Length; k++) values[indices[k]] = (float)(original[k] - Step);
        double down = loss();
        delta += original[0] - (double)values[indices[0]];
        for (int k = 0; k < indices.Length; k++) values[indices[k]] = original[k];
        return (up - down) / delta;
    }

    public static bool Close(double fd, double analytic) =>
        Math.Abs(analytic - fd) <= AbsoluteTolerance + RelativeTolerance * Math.Max(Math.Abs(fd), Math.Abs(analytic));

    public static void AssertClose(double fd, double analytic, string what)
    {
        if (!Close(fd, analytic)) Assert.Fail(Describe(what, fd, analytic));
    }

    private static int CheckParameters(TestNet net, int batch, bool training, List<string> failures)
    {
        var analytic = net.Gradients(batch, training);
        int count = 0;
        foreach (var p in net.Graph.Parameters)
        {
            if (ReferenceEquals(p, net.InputKernel)) continue;
            for (int i = 0; i < p.Length; i++)
            {
                double fd = Difference(net.Graph.ParameterValues, p.Offset + i, () => net.Evaluate(batch, training));
                double a = analytic[p.Offset + i];
                if (!Close(fd, a)) failures.Add(Describe($"{p.Name}[{i}] (batch {batch})", fd, a));
                count++;
            }
        }

        return count;
    }

    private static int CheckInputs(TestNet net, bool training, List<string> failures)
    {
        var analytic = net.InputGradients(training);
        int n = net.X.SampleSize;
        for (int j = 0; j < n; j++)
        {
            double fd = Difference(net.Inputs, j, () => net.Evaluate(1, training));
            if (!Close(fd, analytic[j])) failures.Add(Describe($"d loss / d x[{j}]", fd, analytic[j]));
        }

        return n;
    }

    private static string Describe(string what, double fd, double analytic) =>
        string.Create(CultureInfo.InvariantCulture, $"  {what}: analytic {analytic:G9}, finite difference {fd:G9}, error {Math.Abs(analytic - fd):G3}");
}

/// <summary>Input values chosen so that the loss is smooth within ± h of them.</summary>
internal static class Draw
{
    /// <summary>Uniform in [-1, 1].</summary>
    public static float Uniform(Random r) => (float)(r.NextDouble() * 2 - 1);

    /// <summary>|x| in [0.2, 1] with a random sign: at least 20 steps away from a ReLU kink.</summary>
    public static float AwayFromZero(Random r) => (float)((0.2 + 0.8 * r.NextDouble()) * (r.Next(2) == 0 ? -1 : 1));

    /// <summary>
    /// <paramref name="count"/> distinct values, pairwise at least 0.05 = 5h apart (a shuffled ladder around 0), so
    /// every max-pooling window has a unique maximum that stays the maximum under a perturbation of ± h.
    /// </summary>
    public static float[] Distinct(int count, int seed)
    {
        var rng = new Random(seed);
        var values = Enumerable.Range(0, count).Select(i => (float)(0.05 * (i - count / 2))).ToArray();
        rng.Shuffle(values);
        return values;
    }
}
