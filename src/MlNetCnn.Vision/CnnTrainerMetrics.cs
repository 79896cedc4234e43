using System.Globalization;

namespace MlNetCnn.Vision;

/// <summary>
/// The metrics of one training epoch, passed to <see cref="CnnTrainer.Options.MetricsCallback"/> and written to
/// <see cref="MLContext.Log"/>.
/// </summary>
public sealed class CnnTrainerMetrics
{
    internal CnnTrainerMetrics(int epoch, int batchProcessedCount, double trainAccuracy, double trainCrossEntropy,
        double? validationAccuracy, double? validationCrossEntropy, float learningRate, TimeSpan elapsed)
    {
        Epoch = epoch;
        BatchProcessedCount = batchProcessedCount;
        TrainAccuracy = trainAccuracy;
        TrainCrossEntropy = trainCrossEntropy;
        ValidationAccuracy = validationAccuracy;
        ValidationCrossEntropy = validationCrossEntropy;
        LearningRate = learningRate;
        Elapsed = elapsed;
    }

    /// <summary>The 0-based epoch, as in ML.NET.</summary>
    public int Epoch { get; }

    /// <summary>The number of batches trained in this epoch.</summary>
    public int BatchProcessedCount { get; }

    /// <summary>The training accuracy: the fraction of the epoch's training rows whose first arg-max score was the
    /// label, measured on each batch as it was trained (weights change during the epoch).</summary>
    public double TrainAccuracy { get; }

    /// <summary>The mean cross-entropy (-ln of the label's probability) over the epoch's training batches, weighted by
    /// batch size.</summary>
    public double TrainCrossEntropy { get; }

    /// <summary>The accuracy on the validation set at the end of the epoch; null without a validation set.</summary>
    public double? ValidationAccuracy { get; }

    /// <summary>The mean cross-entropy on the validation set at the end of the epoch; null without a validation
    /// set.</summary>
    public double? ValidationCrossEntropy { get; }

    /// <summary>The learning rate of the epoch's last batch.</summary>
    public float LearningRate { get; }

    /// <summary>The time the epoch took (training and validation).</summary>
    public TimeSpan Elapsed { get; }

    /// <summary>"Phase: Training, Epoch: 0, Batch Processed Count: 94, Train accuracy: 0.7812, ..."</summary>
    /// <returns>The text.</returns>
    public override string ToString()
    {
        var ci = CultureInfo.InvariantCulture;
        string text = string.Format(ci, "Phase: Training, Epoch: {0}, Batch Processed Count: {1}, Train accuracy: {2:0.0000}, Train cross-entropy: {3:0.0000}",
            Epoch, BatchProcessedCount, TrainAccuracy, TrainCrossEntropy);
        if (ValidationAccuracy is { } acc && ValidationCrossEntropy is { } loss)
        {
            text += string.Format(ci, ", Validation accuracy: {0:0.0000}, Validation cross-entropy: {1:0.0000}", acc, loss);
        }

        return text + string.Format(ci, ", Learning rate: {0:G6}, Time: {1:0.0}s", LearningRate, Elapsed.TotalSeconds);
    }
}
