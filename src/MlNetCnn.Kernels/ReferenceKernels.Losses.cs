namespace MlNetCnn.Kernels;

/// <summary>Row-wise softmax, loss and accuracy kernels of the reference implementation.</summary>
public sealed partial class ReferenceKernels
{
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
}
