namespace MlNetCnn.Keras;

/// <summary>What <see cref="Sequential.Evaluate(Engine.Tensor, Engine.Tensor, int)"/> returns: the loss and the accuracy.</summary>
public sealed class EvaluationResult
{
    internal EvaluationResult(double loss, double accuracy, IReadOnlyDictionary<string, double> metrics)
    {
        Loss = loss;
        Accuracy = accuracy;
        Metrics = metrics;
    }

    /// <summary>The mean loss over all samples (batch means weighted by batch size).</summary>
    public double Loss { get; }

    /// <summary>The fraction of samples whose first arg-max matches the target (computed even if not compiled as a metric).</summary>
    public double Accuracy { get; }

    /// <summary>Keras's dictionary: "loss" and each compiled metric name ("accuracy") with its value.</summary>
    public IReadOnlyDictionary<string, double> Metrics { get; }

    /// <summary>Keras's list form: loss, then the compiled metrics in order.</summary>
    public double[] ToArray() => Metrics.Values.ToArray();

    /// <summary>E.g. "loss: 0.3012 - accuracy: 0.8931".</summary>
    public override string ToString() =>
        string.Join(" - ", Metrics.Select(kv => $"{kv.Key}: {kv.Value.ToString("0.0000", System.Globalization.CultureInfo.InvariantCulture)}"));
}
