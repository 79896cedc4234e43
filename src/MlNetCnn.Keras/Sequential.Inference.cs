using MlNetCnn.Engine;

namespace MlNetCnn.Keras;

public sealed partial class Sequential
{
    private readonly Lock _inferenceLock = new();

    /// <summary>
    /// The loss and accuracy on <paramref name="x"/> with targets <paramref name="y"/> (Keras's <c>evaluate</c>), computed
    /// in inference mode (dropout off) batch by batch; means are weighted by batch size.
    /// </summary>
    /// <param name="x">The samples, (N, ...inputShape).</param>
    /// <param name="y">The targets, as for Fit: class indices (N) or (N, 1), or one-hot rows (N, classes).</param>
    /// <param name="batchSize">Samples per forward pass; it affects speed and memory, not the result.</param>
    /// <exception cref="InvalidOperationException">The model is not compiled.</exception>
    /// <exception cref="ArgumentException">Shapes or counts do not match, or a label is out of range (naming the row).</exception>
    public EvaluationResult Evaluate(Tensor x, Tensor y, int batchSize = 32)
    {
        var (compile, classes) = PrepareFit(x);
        return EvaluatePublic(x, Targets.FromTensor(y, compile.Loss, classes, nameof(y)), batchSize);
    }

    /// <summary>The loss and accuracy with integer class labels; see the tensor overload.</summary>
    public EvaluationResult Evaluate(Tensor x, int[] y, int batchSize = 32)
    {
        ArgumentNullException.ThrowIfNull(y);
        var (compile, classes) = PrepareFit(x);
        return EvaluatePublic(x, Targets.FromLabels(y, compile.Loss, classes, nameof(y)), batchSize);
    }

    /// <summary>The loss and accuracy with byte class labels; see the tensor overload.</summary>
    public EvaluationResult Evaluate(Tensor x, byte[] y, int batchSize = 32)
    {
        ArgumentNullException.ThrowIfNull(y);
        var (compile, classes) = PrepareFit(x);
        return EvaluatePublic(x, Targets.FromLabels(y, compile.Loss, classes, nameof(y)), batchSize);
    }

    /// <summary>
    /// The model's outputs for <paramref name="x"/> (Keras's <c>predict</c>): a tensor (N, ...outputShape), the class
    /// probabilities (N, classes) for a softmax classifier. Runs in inference mode, batch by batch; allocates only the
    /// result.
    /// </summary>
    /// <param name="x">The samples, (N, ...inputShape). Builds the model if its input shape is unknown.</param>
    /// <param name="batchSize">Samples per forward pass; it affects speed and memory, not the result.</param>
    public Tensor Predict(Tensor x, int batchSize = 32)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batchSize);
        EnsureBuiltFor(x, nameof(x));
        var built = _built!;
        int n = x.Shape[0];
        var shape = new int[built.Output.SampleShape.Length + 1];
        shape[0] = n;
        built.Output.SampleShape.CopyTo(shape, 1);
        var result = new Tensor(shape);
        PredictCore(x.Data, n, result.Data, batchSize);
        return result;
    }

    /// <summary>The outputs for all of <paramref name="x"/> as one batch (Keras's <c>predict_on_batch</c>).</summary>
    public Tensor PredictOnBatch(Tensor x)
    {
        ArgumentNullException.ThrowIfNull(x);
        return Predict(x, x.Shape[0]);
    }

    /// <summary>
    /// Allocation-free inference on raw data: <paramref name="input"/> holds N samples of the input shape back to back,
    /// <paramref name="output"/> receives N output vectors back to back.
    /// </summary>
    /// <returns>N, the number of samples.</returns>
    /// <exception cref="ArgumentException">The input is not a whole number of samples, or the output is too short.</exception>
    public int Predict(ReadOnlySpan<float> input, Span<float> output, int batchSize = 32)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batchSize);
        var built = RequireBuilt();
        int inSize = built.Input.SampleSize, outSize = built.Output.SampleSize;
        if (input.Length == 0 || input.Length % inSize != 0)
            throw new ArgumentException($"The input holds {input.Length} values, not a whole positive number of samples of {inSize} values ({Shape.FormatBatch(built.Input.SampleShape)}).", nameof(input));
        int n = input.Length / inSize;
        if (output.Length < (long)n * outSize)
            throw new ArgumentException($"{n} samples need {(long)n * outSize} output values but the output holds {output.Length}.", nameof(output));
        PredictCore(input, n, output, batchSize);
        return n;
    }

    private void PredictCore(ReadOnlySpan<float> input, int n, Span<float> output, int batchSize)
    {
        var built = _built!;
        int inSize = built.Input.SampleSize, outSize = built.Output.SampleSize;
        lock (_inferenceLock)
        {
            var executor = InferenceExecutor();
            executor.EnsureCapacity(Math.Min(batchSize, n));
            for (int start = 0; start < n; start += batchSize)
            {
                int count = Math.Min(batchSize, n - start);
                input.Slice(start * inSize, count * inSize).CopyTo(executor.InputBuffer(built.Input, count));
                executor.Forward(count, training: false);
                executor.Output(built.Output, count).CopyTo(output.Slice(start * outSize, count * outSize));
            }
        }
    }

    private EvaluationResult EvaluatePublic(Tensor x, Targets y, int batchSize)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batchSize);
        int n = x.Shape[0];
        if (y.Count != n) throw new ArgumentException($"x has {n} samples but y has {y.Count}; they must be equal.", "y");
        var (loss, accuracy) = EvaluateCore(x, y, 0, n, batchSize);
        var metrics = new Dictionary<string, double>(StringComparer.Ordinal) { ["loss"] = loss };
        foreach (string key in _compile!.Metrics) metrics[key] = accuracy;
        return new EvaluationResult(loss, accuracy, metrics);
    }

    /// <summary>Mean loss and accuracy over rows start .. start + count - 1, in inference mode.</summary>
    private (double Loss, double Accuracy) EvaluateCore(Tensor x, Targets y, int start, int count, int batchSize)
    {
        var built = _built!;
        var graphLoss = built.Loss!;
        double lossSum = 0;
        long correct = 0;
        lock (_inferenceLock)
        {
            var executor = InferenceExecutor();
            executor.EnsureCapacity(Math.Min(batchSize, count));
            for (int offset = 0; offset < count; offset += batchSize)
            {
                int b = Math.Min(batchSize, count - offset);
                GatherRange(built, executor, x, y, start + offset, b);
                executor.Forward(b, training: false);
                lossSum += executor.Loss(graphLoss, b, computeGradients: false) * b;
                correct += executor.CountCorrect(graphLoss, b);
            }
        }
        return (lossSum / count, (double)correct / count);
    }
}
