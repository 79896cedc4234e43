namespace MlNetCnn.Kernels;

/// <summary>Element-wise, row-wise and optimizer kernels of the reference implementation.</summary>
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
    public void Softmax(int rows, int cols, ReadOnlySpan<float> x, Span<float> y)
    {
        CheckMatrix(rows, cols, x.Length, nameof(x));
        KernelChecks.Length(y.Length, (long)rows * cols, nameof(y));
        for (int r = 0; r < rows; r++)
        {
            int o = r * cols;
            float max = RowMax(x.Slice(o, cols));
            double sum = 0;
            for (int c = 0; c < cols; c++)
            {
                sum += Math.Exp((double)x[o + c] - max);
            }

            for (int c = 0; c < cols; c++)
            {
                y[o + c] = (float)(Math.Exp((double)x[o + c] - max) / sum);
            }
        }
    }

    /// <inheritdoc/>
    public void SoftmaxBackward(int rows, int cols, ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dx)
    {
        CheckMatrix(rows, cols, y.Length, nameof(y));
        KernelChecks.Length(dy.Length, (long)rows * cols, nameof(dy));
        KernelChecks.Length(dx.Length, (long)rows * cols, nameof(dx));
        for (int r = 0; r < rows; r++)
        {
            int o = r * cols;
            double dot = 0;
            for (int c = 0; c < cols; c++)
            {
                dot += (double)dy[o + c] * y[o + c];
            }

            for (int c = 0; c < cols; c++)
            {
                dx[o + c] = (float)(y[o + c] * (dy[o + c] - dot));
            }
        }
    }

    /// <inheritdoc/>
    public double SoftmaxCrossEntropySparse(int rows, int cols, ReadOnlySpan<float> logits, ReadOnlySpan<int> labels,
        Span<float> probabilities, Span<float> logitsGrad, float gradScale)
    {
        CheckMatrix(rows, cols, logits.Length, nameof(logits));
        KernelChecks.Length(labels.Length, rows, nameof(labels));
        KernelChecks.Length(probabilities.Length, (long)rows * cols, nameof(probabilities));
        if (!logitsGrad.IsEmpty)
        {
            KernelChecks.Length(logitsGrad.Length, (long)rows * cols, nameof(logitsGrad));
        }

        double loss = 0;
        for (int r = 0; r < rows; r++)
        {
            int o = r * cols, label = labels[r];
            KernelChecks.Label(label, r, cols);
            float max = RowMax(logits.Slice(o, cols));
            double sum = 0;
            for (int c = 0; c < cols; c++)
            {
                sum += Math.Exp((double)logits[o + c] - max);
            }

            loss += max + Math.Log(sum) - logits[o + label];
            for (int c = 0; c < cols; c++)
            {
                double p = Math.Exp((double)logits[o + c] - max) / sum;
                probabilities[o + c] = (float)p;
                if (!logitsGrad.IsEmpty)
                {
                    logitsGrad[o + c] = (float)((p - (c == label ? 1.0 : 0.0)) * gradScale);
                }
            }
        }

        return loss;
    }

    /// <inheritdoc/>
    /// <remarks>Terms with t = 0 contribute nothing to the loss (so a logit of -inf with t = 0 gives no NaN).</remarks>
    public double SoftmaxCrossEntropyDense(int rows, int cols, ReadOnlySpan<float> logits, ReadOnlySpan<float> targets,
        Span<float> probabilities, Span<float> logitsGrad, float gradScale)
    {
        CheckMatrix(rows, cols, logits.Length, nameof(logits));
        KernelChecks.Length(targets.Length, (long)rows * cols, nameof(targets));
        KernelChecks.Length(probabilities.Length, (long)rows * cols, nameof(probabilities));
        if (!logitsGrad.IsEmpty)
        {
            KernelChecks.Length(logitsGrad.Length, (long)rows * cols, nameof(logitsGrad));
        }

        double loss = 0;
        for (int r = 0; r < rows; r++)
        {
            int o = r * cols;
            float max = RowMax(logits.Slice(o, cols));
            double sum = 0, targetSum = 0;
            for (int c = 0; c < cols; c++)
            {
                sum += Math.Exp((double)logits[o + c] - max);
                targetSum += targets[o + c];
            }

            double logSumExp = max + Math.Log(sum);
            for (int c = 0; c < cols; c++)
            {
                float t = targets[o + c];
                if (t != 0f)
                {
                    loss += t * (logSumExp - logits[o + c]);
                }

                double p = Math.Exp((double)logits[o + c] - max) / sum;
                probabilities[o + c] = (float)p;
                if (!logitsGrad.IsEmpty)
                {
                    logitsGrad[o + c] = (float)((p * targetSum - t) * gradScale);
                }
            }
        }

        return loss;
    }

    /// <inheritdoc/>
    /// <remarks>
    /// The gradient at the label is -gradScale / p where epsilon &lt;= p &lt;= 1 - epsilon, and 0 outside that
    /// range (the clamp is flat there, as TensorFlow's clip_by_value gradient); every other column gets 0.
    /// </remarks>
    public double CrossEntropySparse(int rows, int cols, ReadOnlySpan<float> probabilities, ReadOnlySpan<int> labels,
        Span<float> probabilitiesGrad, float gradScale, float epsilon)
    {
        CheckMatrix(rows, cols, probabilities.Length, nameof(probabilities));
        KernelChecks.Length(labels.Length, rows, nameof(labels));
        KernelChecks.Epsilon(epsilon);
        if (!probabilitiesGrad.IsEmpty)
        {
            KernelChecks.Length(probabilitiesGrad.Length, (long)rows * cols, nameof(probabilitiesGrad));
        }

        double loss = 0;
        for (int r = 0; r < rows; r++)
        {
            int o = r * cols, label = labels[r];
            KernelChecks.Label(label, r, cols);
            float p = probabilities[o + label];
            loss -= Math.Log(Math.Clamp(p, epsilon, 1f - epsilon));
            if (!probabilitiesGrad.IsEmpty)
            {
                for (int c = 0; c < cols; c++)
                {
                    probabilitiesGrad[o + c] = 0f;
                }

                probabilitiesGrad[o + label] = ClampGrad(p, 1f, epsilon, gradScale);
            }
        }

        return loss;
    }

    /// <inheritdoc/>
    /// <remarks>
    /// The gradient is -t * gradScale / p where epsilon &lt;= p &lt;= 1 - epsilon, else 0. Terms with t = 0 contribute
    /// nothing to the loss.
    /// </remarks>
    public double CrossEntropyDense(int rows, int cols, ReadOnlySpan<float> probabilities, ReadOnlySpan<float> targets,
        Span<float> probabilitiesGrad, float gradScale, float epsilon)
    {
        CheckMatrix(rows, cols, probabilities.Length, nameof(probabilities));
        KernelChecks.Length(targets.Length, (long)rows * cols, nameof(targets));
        KernelChecks.Epsilon(epsilon);
        if (!probabilitiesGrad.IsEmpty)
        {
            KernelChecks.Length(probabilitiesGrad.Length, (long)rows * cols, nameof(probabilitiesGrad));
        }

        double loss = 0;
        for (int i = 0; i < rows * cols; i++)
        {
            float p = probabilities[i], t = targets[i];
            if (t != 0f)
            {
                loss -= t * Math.Log(Math.Clamp(p, epsilon, 1f - epsilon));
            }

            if (!probabilitiesGrad.IsEmpty)
            {
                probabilitiesGrad[i] = ClampGrad(p, t, epsilon, gradScale);
            }
        }

        return loss;
    }

    /// <inheritdoc/>
    /// <remarks>The arg-max is the first column holding the largest value compared with &gt; (NaN never wins).</remarks>
    public int CountCorrectSparse(int rows, int cols, ReadOnlySpan<float> scores, ReadOnlySpan<int> labels)
    {
        CheckMatrix(rows, cols, scores.Length, nameof(scores));
        KernelChecks.Length(labels.Length, rows, nameof(labels));
        int correct = 0;
        for (int r = 0; r < rows; r++)
        {
            if (cols > 0 && ArgMax(scores.Slice(r * cols, cols)) == labels[r])
            {
                correct++;
            }
        }

        return correct;
    }

    /// <inheritdoc/>
    public int CountCorrectDense(int rows, int cols, ReadOnlySpan<float> scores, ReadOnlySpan<float> targets)
    {
        CheckMatrix(rows, cols, scores.Length, nameof(scores));
        KernelChecks.Length(targets.Length, (long)rows * cols, nameof(targets));
        int correct = 0;
        for (int r = 0; r < rows; r++)
        {
            if (cols > 0 && ArgMax(scores.Slice(r * cols, cols)) == ArgMax(targets.Slice(r * cols, cols)))
            {
                correct++;
            }
        }

        return correct;
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
            weights[i] -= learningRate * g / (MathF.Sqrt(meanSquare[i]) + epsilon);
        }
    }

    private static float ClampGrad(float p, float t, float epsilon, float gradScale)
        => p >= epsilon && p <= 1f - epsilon ? -t * gradScale / p : 0f;

    private static float RowMax(ReadOnlySpan<float> row)
    {
        float max = float.NegativeInfinity;
        foreach (float v in row)
        {
            if (v > max || float.IsNaN(v))
            {
                max = v;
                if (float.IsNaN(v))
                {
                    break;
                }
            }
        }

        return max;
    }

    private static int ArgMax(ReadOnlySpan<float> row)
    {
        int best = 0;
        for (int c = 1; c < row.Length; c++)
        {
            if (row[c] > row[best])
            {
                best = c;
            }
        }

        return best;
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
