using System.Runtime.CompilerServices;
using System.Numerics.Tensors;
using System.Runtime.Intrinsics;
using MlNetCnn.Kernels.Fast;

namespace MlNetCnn.Kernels;

/// <summary>Element-wise, row-wise and optimizer kernels of the fast implementation.</summary>
public sealed unsafe partial class FastKernels
{
    /// <inheritdoc/>
    public void BiasAdd(int rows, int cols, ReadOnlySpan<float> bias, Span<float> x)
    {
        KernelChecks.Matrix(rows, cols);
        KernelChecks.Length(x.Length, (long)rows * cols, nameof(x));
        KernelChecks.Length(bias.Length, cols, nameof(bias));
        var b = bias[..cols];
        for (int r = 0; r < rows; r++)
        {
            var row = x.Slice(r * cols, cols);
            TensorPrimitives.Add(row, b, row);
        }
    }

    /// <inheritdoc/>
    /// <remarks>
    /// Rows are summed in float in row order; with many rows the rows are split into one contiguous block per thread
    /// and the block sums are added in thread order.
    /// </remarks>
    public void BiasGrad(int rows, int cols, ReadOnlySpan<float> dy, Span<float> biasGrad)
    {
        KernelChecks.Matrix(rows, cols);
        KernelChecks.Length(dy.Length, (long)rows * cols, nameof(dy));
        KernelChecks.Length(biasGrad.Length, cols, nameof(biasGrad));
        if (cols == 0)
        {
            return;
        }

        fixed (float* pd = dy, pg = biasGrad)
        {
            switch (_width)
            {
                case 512: ColumnSums<Vector512<float>, V512>.Run(_pool, _scratch, pd, rows, cols, pg); break;
                case 256: ColumnSums<Vector256<float>, V256>.Run(_pool, _scratch, pd, rows, cols, pg); break;
                default: ColumnSums<Vector128<float>, V128>.Run(_pool, _scratch, pd, rows, cols, pg); break;
            }
        }
    }

    /// <inheritdoc/>
    /// <remarks>Relu is max(x, 0) with NaN propagated; Sigmoid and Tanh use TensorPrimitives' float approximations.</remarks>
    public void Activation(ActivationKind kind, int length, ReadOnlySpan<float> x, Span<float> y)
    {
        KernelChecks.NonNegative(length, nameof(length));
        KernelChecks.Length(x.Length, length, nameof(x));
        KernelChecks.Length(y.Length, length, nameof(y));
        var op = kind switch
        {
            ActivationKind.Linear => PointwiseOp.Add,
            ActivationKind.Relu => PointwiseOp.Relu,
            ActivationKind.Sigmoid => PointwiseOp.Sigmoid,
            ActivationKind.Tanh => PointwiseOp.Tanh,
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown activation kind."),
        };
        if (op == PointwiseOp.Add)
        {
            x[..length].CopyTo(y);
            return;
        }

        fixed (float* px = x, py = y)
        {
            RunPointwise(op, length, px, py);
        }
    }

    /// <inheritdoc/>
    public void ActivationBackward(ActivationKind kind, int length, ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dx)
    {
        KernelChecks.NonNegative(length, nameof(length));
        KernelChecks.Length(y.Length, length, nameof(y));
        KernelChecks.Length(dy.Length, length, nameof(dy));
        KernelChecks.Length(dx.Length, length, nameof(dx));
        var op = kind switch
        {
            ActivationKind.Linear => PointwiseOp.Add,
            ActivationKind.Relu => PointwiseOp.ReluBackward,
            ActivationKind.Sigmoid => PointwiseOp.SigmoidBackward,
            ActivationKind.Tanh => PointwiseOp.TanhBackward,
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown activation kind."),
        };
        if (op == PointwiseOp.Add)
        {
            dy[..length].CopyTo(dx);
            return;
        }

        fixed (float* po = y, pdy = dy, pdx = dx)
        {
            RunPointwise(op, length, po, pdy, pdx);
        }
    }

    /// <inheritdoc/>
    public void Softmax(int rows, int cols, ReadOnlySpan<float> x, Span<float> y)
    {
        KernelChecks.Matrix(rows, cols);
        KernelChecks.Length(x.Length, (long)rows * cols, nameof(x));
        KernelChecks.Length(y.Length, (long)rows * cols, nameof(y));
        for (int r = 0; r < rows && cols > 0; r++)
        {
            SoftmaxRow(x.Slice(r * cols, cols), y.Slice(r * cols, cols));
        }
    }

    /// <inheritdoc/>
    public void SoftmaxBackward(int rows, int cols, ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dx)
        => _reference.SoftmaxBackward(rows, cols, y, dy, dx);

    /// <inheritdoc/>
    /// <remarks>Per row: max, exp(x - max) and its float sum via TensorPrimitives; the loss is accumulated in double.</remarks>
    public double SoftmaxCrossEntropySparse(int rows, int cols, ReadOnlySpan<float> logits, ReadOnlySpan<int> labels,
        Span<float> probabilities, Span<float> logitsGrad, float gradScale)
    {
        KernelChecks.Matrix(rows, cols);
        KernelChecks.Length(logits.Length, (long)rows * cols, nameof(logits));
        KernelChecks.Length(labels.Length, rows, nameof(labels));
        KernelChecks.Length(probabilities.Length, (long)rows * cols, nameof(probabilities));
        if (!logitsGrad.IsEmpty)
        {
            KernelChecks.Length(logitsGrad.Length, (long)rows * cols, nameof(logitsGrad));
        }

        double loss = 0;
        for (int r = 0; r < rows; r++)
        {
            int label = labels[r];
            KernelChecks.Label(label, r, cols);
            var x = logits.Slice(r * cols, cols);
            var p = probabilities.Slice(r * cols, cols);
            float target = x[label];
            loss += SoftmaxRow(x, p) - target;
            if (!logitsGrad.IsEmpty)
            {
                var g = logitsGrad.Slice(r * cols, cols);
                float labelProbability = p[label];
                TensorPrimitives.Multiply(p, gradScale, g);
                g[label] = (labelProbability - 1f) * gradScale;
            }
        }

        return loss;
    }

    /// <inheritdoc/>
    public double SoftmaxCrossEntropyDense(int rows, int cols, ReadOnlySpan<float> logits, ReadOnlySpan<float> targets,
        Span<float> probabilities, Span<float> logitsGrad, float gradScale)
        => _reference.SoftmaxCrossEntropyDense(rows, cols, logits, targets, probabilities, logitsGrad, gradScale);

    /// <inheritdoc/>
    public double CrossEntropySparse(int rows, int cols, ReadOnlySpan<float> probabilities, ReadOnlySpan<int> labels,
        Span<float> probabilitiesGrad, float gradScale, float epsilon)
        => _reference.CrossEntropySparse(rows, cols, probabilities, labels, probabilitiesGrad, gradScale, epsilon);

    /// <inheritdoc/>
    public double CrossEntropyDense(int rows, int cols, ReadOnlySpan<float> probabilities, ReadOnlySpan<float> targets,
        Span<float> probabilitiesGrad, float gradScale, float epsilon)
        => _reference.CrossEntropyDense(rows, cols, probabilities, targets, probabilitiesGrad, gradScale, epsilon);

    /// <inheritdoc/>
    public int CountCorrectSparse(int rows, int cols, ReadOnlySpan<float> scores, ReadOnlySpan<int> labels)
        => _reference.CountCorrectSparse(rows, cols, scores, labels);

    /// <inheritdoc/>
    public int CountCorrectDense(int rows, int cols, ReadOnlySpan<float> scores, ReadOnlySpan<float> targets)
        => _reference.CountCorrectDense(rows, cols, scores, targets);

    /// <inheritdoc/>
    public void Multiply(int length, ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> y)
    {
        CheckVectors(length, a.Length, nameof(a), b.Length, nameof(b));
        KernelChecks.Length(y.Length, length, nameof(y));
        fixed (float* pa = a, pb = b, py = y)
        {
            RunPointwise(PointwiseOp.Multiply, length, pa, py, pb);
        }
    }

    /// <inheritdoc/>
    public void AddInPlace(int length, ReadOnlySpan<float> x, Span<float> y)
    {
        CheckVectors(length, x.Length, nameof(x), y.Length, nameof(y));
        fixed (float* px = x, py = y)
        {
            RunPointwise(PointwiseOp.Add, length, px, py);
        }
    }

    /// <inheritdoc/>
    public void AdamUpdate(int length, Span<float> weights, ReadOnlySpan<float> grads, Span<float> m, Span<float> v,
        float lrT, float beta1, float beta2, float epsilon)
    {
        CheckVectors(length, weights.Length, nameof(weights), grads.Length, nameof(grads));
        CheckVectors(length, m.Length, nameof(m), v.Length, nameof(v));
        fixed (float* pw = weights, pg = grads, pm = m, pv = v)
        {
            RunPointwise(PointwiseOp.Adam, length, pg, pw, pm, pv, lrT, beta1, beta2, epsilon);
        }
    }

    /// <inheritdoc/>
    /// <remarks>With <paramref name="momentum"/> = 0 the velocity is neither read nor written (it may be empty).</remarks>
    public void SgdUpdate(int length, Span<float> weights, ReadOnlySpan<float> grads, Span<float> velocity,
        float learningRate, float momentum, bool nesterov)
    {
        CheckVectors(length, weights.Length, nameof(weights), grads.Length, nameof(grads));
        if (momentum != 0f)
        {
            KernelChecks.Length(velocity.Length, length, nameof(velocity));
        }

        fixed (float* pw = weights, pg = grads, pv = velocity)
        {
            var op = momentum == 0f ? PointwiseOp.Sgd : nesterov ? PointwiseOp.SgdNesterov : PointwiseOp.SgdMomentum;
            RunPointwise(op, length, pg, pw, pv, null, learningRate, momentum);
        }
    }

    /// <inheritdoc/>
    public void RmsPropUpdate(int length, Span<float> weights, ReadOnlySpan<float> grads, Span<float> meanSquare,
        float learningRate, float rho, float epsilon)
    {
        CheckVectors(length, weights.Length, nameof(weights), grads.Length, nameof(grads));
        KernelChecks.Length(meanSquare.Length, length, nameof(meanSquare));
        fixed (float* pw = weights, pg = grads, pm = meanSquare)
        {
            RunPointwise(PointwiseOp.RmsProp, length, pg, pw, pm, null, learningRate, rho, epsilon);
        }
    }

    /// <summary>y = softmax(x) for one row; returns logsumexp(x) = max + log(sum exp(x - max)).</summary>
    private static double SoftmaxRow(ReadOnlySpan<float> x, Span<float> y)
    {
        float max = TensorPrimitives.Max(x);
        TensorPrimitives.Subtract(x, max, y);
        TensorPrimitives.Exp(y, y);
        float sum = TensorPrimitives.Sum(y);
        TensorPrimitives.Divide(y, sum, y);
        return max + Math.Log(sum);
    }

    private static void CheckVectors(int length, int firstLength, string firstName, int secondLength, string secondName)
    {
        KernelChecks.NonNegative(length, nameof(length));
        KernelChecks.Length(firstLength, length, firstName);
        KernelChecks.Length(secondLength, length, secondName);
    }

    private void RunPointwise(PointwiseOp op, long length, float* x, float* y, float* z = null, float* w = null,
        float s0 = 0, float s1 = 0, float s2 = 0, float s3 = 0)
    {
        switch (_width)
        {
            case 512: Pointwise<Vector512<float>, V512>.Run(_pool, op, length, x, y, z, w, s0, s1, s2, s3); break;
            case 256: Pointwise<Vector256<float>, V256>.Run(_pool, op, length, x, y, z, w, s0, s1, s2, s3); break;
            default: Pointwise<Vector128<float>, V128>.Run(_pool, op, length, x, y, z, w, s0, s1, s2, s3); break;
        }
    }
}
