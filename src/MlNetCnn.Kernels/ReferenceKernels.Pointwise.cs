namespace MlNetCnn.Kernels;

/// <summary>Element-wise and optimizer kernels of the reference implementation.</summary>
public sealed partial class ReferenceKernels
{
    /// <inheritdoc/>
    public void BiasAdd(int rows, int cols, ReadOnlySpan<float> bias, Span<float> x)
    {
        CheckMatrix(rows, cols, x.Length, nameof(x));
        KernelChecks.Length(bias.Length, cols, nameof(bias));
        for (int r = 0; r < rows; r++)
        {
            for (int c = 0; c < cols; c++)
            {
                x[r * cols + c] += bias[c];
            }
        }
    }

    /// <inheritdoc/>
    public void BiasGrad(int rows, int cols, ReadOnlySpan<float> dy, Span<float> biasGrad)
    {
        CheckMatrix(rows, cols, dy.Length, nameof(dy));
        KernelChecks.Length(biasGrad.Length, cols, nameof(biasGrad));
        for (int c = 0; c < cols; c++)
        {
            double sum = 0;
            for (int r = 0; r < rows; r++)
            {
                sum += dy[r * cols + c];
            }

            biasGrad[c] = (float)sum;
        }
    }

    /// <inheritdoc/>
    /// <remarks>Sigmoid is 1 / (1 + exp(-x)) (0 for x = -inf, 1 for +inf); Relu maps NaN to NaN.</remarks>
    public void Activation(ActivationKind kind, int length, ReadOnlySpan<float> x, Span<float> y)
    {
        CheckVectors(length, x.Length, nameof(x), y.Length, nameof(y));
        for (int i = 0; i < length; i++)
        {
            float v = x[i];
            y[i] = kind switch
            {
                ActivationKind.Linear => v,
                ActivationKind.Relu => v > 0f || float.IsNaN(v) ? v : 0f,
                ActivationKind.Sigmoid => (float)(1.0 / (1.0 + Math.Exp(-(double)v))),
                ActivationKind.Tanh => (float)Math.Tanh(v),
                _ => throw UnknownActivation(kind),
            };
        }
    }

    /// <inheritdoc/>
    /// <remarks>Linear: dx = dy. Relu: dx = dy where y &gt; 0, else 0. Sigmoid: dy*y*(1-y). Tanh: dy*(1-y^2).</remarks>
    public void ActivationBackward(ActivationKind kind, int length, ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dx)
    {
        CheckVectors(length, y.Length, nameof(y), dy.Length, nameof(dy));
        KernelChecks.Length(dx.Length, length, nameof(dx));
        for (int i = 0; i < length; i++)
        {
            float o = y[i], g = dy[i];
            dx[i] = kind switch
            {
                ActivationKind.Linear => g,
                ActivationKind.Relu => o > 0f ? g : 0f,
                ActivationKind.Sigmoid => g * o * (1f - o),
                ActivationKind.Tanh => g * (1f - o * o),
                _ => throw UnknownActivation(kind),
            };
        }
    }

    /// <inheritdoc/>
    public void Multiply(int length, ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> y)
    {
        CheckVectors(length, a.Length, nameof(a), b.Length, nameof(b));
        KernelChecks.Length(y.Length, length, nameof(y));
        for (int i = 0; i < length; i++)
        {
            y[i] = a[i] * b[i];
        }
    }

    /// <inheritdoc/>
    public void AddInPlace(int length, ReadOnlySpan<float> x, Span<float> y)
    {
        CheckVectors(length, x.Length, nameof(x), y.Length, nameof(y));
        for (int i = 0; i < length; i++)
        {
            y[i] += x[i];
        }
    }

    /// <inheritdoc/>
    public void AdamUpdate(int length, Span<float> weights, ReadOnlySpan<float> grads, Span<float> m, Span<float> v,
        float lrT, float beta1, float beta2, float epsilon)
    {
        CheckVectors(length, weights.Length, nameof(weights), grads.Length, nameof(grads));
        CheckVectors(length, m.Length, nameof(m), v.Length, nameof(v));
        for (int i = 0; i < length; i++)
        {
            float g = grads[i];
            m[i] = beta1 * m[i] + (1f - beta1) * g;
            v[i] = beta2 * v[i] + (1f - beta2) * g * g;
            weights[i] -= lrT * m[i] / (MathF.Sqrt(v[i]) + epsilon);
        }
    }

    /// <inheritdoc/>
    /// <remarks>With <paramref name="momentum"/> = 0 the velocity is neither read nor written (it may be empty).</remarks>
    public void SgdUpdate(int length, Span<float> weights, ReadOnlySpan<float> grads, Span<float> velocity,
        float learningRate, float momentum, bool nesterov)
    {
        CheckVectors(length, weights.Length, nameof(weights), grads.Length, nameof(grads));
        if (momentum == 0f)
        {
            for (int i = 0; i < length; i++)
            {
                weights[i] -= learningRate * grads[i];
            }

            return;
        }

        KernelChecks.Length(velocity.Length, length, nameof(velocity));
        for (int i = 0; i < length; i++)
        {
            float g = grads[i];
            float vel = momentum * velocity[i] - learningRate * g;
            velocity[i] = vel;
            weights[i] += nesterov ? momentum * vel - learningRate * g : vel;
        }
    }

    /// <inheritdoc/>
    public void RmsPropUpdate(int length, Span<float> weights, ReadOnlySpan<float> grads, Span<float> meanSquare,
        float learningRate, float rho, float epsilon)
    {
        CheckVectors(length, weights.Length, nameof(weights), grads.Length, nameof(grads));
        KernelChecks.Length(meanSquare.Length, length, nameof(meanSquare));
        for (int i = 0; i < length; i++)
        {
            float g = grads[i];
            meanSquare[i] = rho * meanSquare[i] + (1f - rho) * g * g;
            weights[i] -= learningRate * g / MathF.Sqrt(meanSquare[i] + epsilon);
        }
    }

    private static void CheckMatrix(int rows, int cols, int length, string name)
    {
        KernelChecks.Matrix(rows, cols);
        KernelChecks.Length(length, (long)rows * cols, name);
    }

    private static void CheckVectors(int length, int firstLength, string firstName, int secondLength, string secondName)
    {
        KernelChecks.NonNegative(length, nameof(length));
        KernelChecks.Length(firstLength, length, firstName);
        KernelChecks.Length(secondLength, length, secondName);
    }

    private static ArgumentOutOfRangeException UnknownActivation(ActivationKind kind)
        => new(nameof(kind), kind, "Unknown activation kind.");
}
