using System.Diagnostics;
using MlNetCnn.Kernels;

namespace MlNetCnn.Benchmarks;

/// <summary>An <see cref="IKernels"/> decorator that adds up the wall time spent in each kernel, by a label.</summary>
internal sealed class ProfilingKernels(IKernels inner) : IKernels
{
    private readonly Dictionary<string, (double Seconds, long Calls)> _totals = [];

    public string Name => inner.Name + "+profile";

    public void Reset() => _totals.Clear();

    public void Print(int steps)
    {
        double total = _totals.Values.Sum(v => v.Seconds);
        foreach (var (label, (seconds, calls)) in _totals.OrderByDescending(kv => kv.Value.Seconds))
        {
            Console.WriteLine($"    {label,-34} {seconds / steps * 1e3,8:F3} ms/step {100 * seconds / total,6:F1}%  ({calls / steps} calls)");
        }
    }

    public void Gemm(bool transA, bool transB, int m, int n, int k, float alpha, ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb, float beta, Span<float> c, int ldc)
    {
        long t = Stopwatch.GetTimestamp();
        inner.Gemm(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
        Add($"Gemm {(transA ? "T" : "N")}{(transB ? "T" : "N")} {m}x{n}x{k}", t);
    }

    public long Conv2DWorkspaceSize(in Conv2DGeometry g) => inner.Conv2DWorkspaceSize(g);

    public void Conv2DForward(in Conv2DGeometry g, ReadOnlySpan<float> input, ReadOnlySpan<float> kernel, ReadOnlySpan<float> bias, Span<float> output, Span<float> workspace)
    {
        long t = Stopwatch.GetTimestamp();
        inner.Conv2DForward(g, input, kernel, bias, output, workspace);
        Add($"Conv2DForward C={g.InChannels}", t);
    }

    public void Conv2DBackwardData(in Conv2DGeometry g, ReadOnlySpan<float> outputGrad, ReadOnlySpan<float> kernel, Span<float> inputGrad, Span<float> workspace)
    {
        long t = Stopwatch.GetTimestamp();
        inner.Conv2DBackwardData(g, outputGrad, kernel, inputGrad, workspace);
        Add($"Conv2DBackwardData C={g.InChannels}", t);
    }

    public void Conv2DBackwardFilter(in Conv2DGeometry g, ReadOnlySpan<float> input, ReadOnlySpan<float> outputGrad, Span<float> kernelGrad, Span<float> biasGrad, Span<float> workspace)
    {
        long t = Stopwatch.GetTimestamp();
        inner.Conv2DBackwardFilter(g, input, outputGrad, kernelGrad, biasGrad, workspace);
        Add($"Conv2DBackwardFilter C={g.InChannels}", t);
    }

    public void MaxPoolForward(in PoolGeometry g, ReadOnlySpan<float> input, Span<float> output, Span<int> argmax)
    {
        long t = Stopwatch.GetTimestamp();
        inner.MaxPoolForward(g, input, output, argmax);
        Add($"MaxPoolForward {g.InHeight}x{g.InWidth}", t);
    }

    public void MaxPoolBackward(in PoolGeometry g, ReadOnlySpan<float> outputGrad, ReadOnlySpan<int> argmax, Span<float> inputGrad)
    {
        long t = Stopwatch.GetTimestamp();
        inner.MaxPoolBackward(g, outputGrad, argmax, inputGrad);
        Add($"MaxPoolBackward {g.InHeight}x{g.InWidth}", t);
    }

    public void AvgPoolForward(in PoolGeometry g, ReadOnlySpan<float> input, Span<float> output) => inner.AvgPoolForward(g, input, output);

    public void AvgPoolBackward(in PoolGeometry g, ReadOnlySpan<float> outputGrad, Span<float> inputGrad) => inner.AvgPoolBackward(g, outputGrad, inputGrad);

    public void BiasAdd(int rows, int cols, ReadOnlySpan<float> bias, Span<float> x)
    {
        long t = Stopwatch.GetTimestamp();
        inner.BiasAdd(rows, cols, bias, x);
        Add("BiasAdd", t);
    }

    public void BiasGrad(int rows, int cols, ReadOnlySpan<float> dy, Span<float> biasGrad)
    {
        long t = Stopwatch.GetTimestamp();
        inner.BiasGrad(rows, cols, dy, biasGrad);
        Add("BiasGrad", t);
    }

    public void Activation(ActivationKind kind, int length, ReadOnlySpan<float> x, Span<float> y)
    {
        long t = Stopwatch.GetTimestamp();
        inner.Activation(kind, length, x, y);
        Add($"Activation {kind} {length / _batch}/image", t);
    }

    public void ActivationBackward(ActivationKind kind, int length, ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dx)
    {
        long t = Stopwatch.GetTimestamp();
        inner.ActivationBackward(kind, length, y, dy, dx);
        Add($"ActivationBackward {kind} {length / _batch}/image", t);
    }

    public void Softmax(int rows, int cols, ReadOnlySpan<float> x, Span<float> y) => inner.Softmax(rows, cols, x, y);

    public void SoftmaxBackward(int rows, int cols, ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dx) => inner.SoftmaxBackward(rows, cols, y, dy, dx);

    public double SoftmaxCrossEntropySparse(int rows, int cols, ReadOnlySpan<float> logits, ReadOnlySpan<int> labels, Span<float> probabilities, Span<float> logitsGrad, float gradScale)
    {
        long t = Stopwatch.GetTimestamp();
        double loss = inner.SoftmaxCrossEntropySparse(rows, cols, logits, labels, probabilities, logitsGrad, gradScale);
        Add("SoftmaxCrossEntropySparse", t);
        return loss;
    }

    public double SoftmaxCrossEntropyDense(int rows, int cols, ReadOnlySpan<float> logits, ReadOnlySpan<float> targets, Span<float> probabilities, Span<float> logitsGrad, float gradScale)
        => inner.SoftmaxCrossEntropyDense(rows, cols, logits, targets, probabilities, logitsGrad, gradScale);

    public double CrossEntropySparse(int rows, int cols, ReadOnlySpan<float> probabilities, ReadOnlySpan<int> labels, Span<float> probabilitiesGrad, float gradScale, float epsilon)
        => inner.CrossEntropySparse(rows, cols, probabilities, labels, probabilitiesGrad, gradScale, epsilon);

    public double CrossEntropyDense(int rows, int cols, ReadOnlySpan<float> probabilities, ReadOnlySpan<float> targets, Span<float> probabilitiesGrad, float gradScale, float epsilon)
        => inner.CrossEntropyDense(rows, cols, probabilities, targets, probabilitiesGrad, gradScale, epsilon);

    public int CountCorrectSparse(int rows, int cols, ReadOnlySpan<float> scores, ReadOnlySpan<int> labels) => inner.CountCorrectSparse(rows, cols, scores, labels);

    public int CountCorrectDense(int rows, int cols, ReadOnlySpan<float> scores, ReadOnlySpan<float> targets) => inner.CountCorrectDense(rows, cols, scores, targets);

    public void Multiply(int length, ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> y) => inner.Multiply(length, a, b, y);

    public void AddInPlace(int length, ReadOnlySpan<float> x, Span<float> y) => inner.AddInPlace(length, x, y);

    public void AdamUpdate(int length, Span<float> weights, ReadOnlySpan<float> grads, Span<float> m, Span<float> v, float lrT, float beta1, float beta2, float epsilon)
    {
        long t = Stopwatch.GetTimestamp();
        inner.AdamUpdate(length, weights, grads, m, v, lrT, beta1, beta2, epsilon);
        Add("AdamUpdate (all parameters)", t);
    }

    public void SgdUpdate(int length, Span<float> weights, ReadOnlySpan<float> grads, Span<float> velocity, float learningRate, float momentum, bool nesterov)
        => inner.SgdUpdate(length, weights, grads, velocity, learningRate, momentum, nesterov);

    public void RmsPropUpdate(int length, Span<float> weights, ReadOnlySpan<float> grads, Span<float> meanSquare, float learningRate, float rho, float epsilon)
        => inner.RmsPropUpdate(length, weights, grads, meanSquare, learningRate, rho, epsilon);

    private int _batch = 1;

    public int Batch
    {
        set => _batch = value;
    }

    private void Add(string label, long start)
    {
        double seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
        _totals[label] = _totals.TryGetValue(label, out var v) ? (v.Seconds + seconds, v.Calls + 1) : (seconds, 1);
    }
}
