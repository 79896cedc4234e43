using System.Globalization;

namespace MlNetCnn.Vision;

public sealed partial class ImageClassificationTrainer
{
    /// <summary>
    /// What <see cref="Options.MetricsCallback"/> receives (ML.NET's type): the metrics of one epoch on the training
    /// or the validation set.
    /// </summary>
    public sealed class ImageClassificationMetrics
    {
        /// <summary>The data set metrics are reported on.</summary>
        public enum Dataset
        {
            /// <summary>The training set.</summary>
            Train,

            /// <summary>The validation set.</summary>
            Validation,
        }

        /// <summary>The epoch's metrics.</summary>
        public TrainMetrics? Train { get; set; }

        /// <summary>ML.NET reports the featurization of each image through the frozen pretrained network here. There
        /// is no such phase in MlNetCnn (the whole network trains), so this is always null.</summary>
        public BottleneckMetrics? Bottleneck { get; set; }

        /// <summary>The text of <see cref="Train"/> (or of <see cref="Bottleneck"/>).</summary>
        /// <returns>The text.</returns>
        public override string ToString() => Train?.ToString() ?? Bottleneck?.ToString() ?? string.Empty;
    }

    /// <summary>The metrics of one epoch (ML.NET's type).</summary>
    public sealed class TrainMetrics
    {
        /// <summary>The data set these metrics are measured on.</summary>
        public ImageClassificationMetrics.Dataset DatasetUsed { get; set; }

        /// <summary>The number of batches behind these metrics: batches trained (training set) or evaluated
        /// (validation set, in batches of <see cref="Options.BatchSize"/>).</summary>
        public int BatchProcessedCount { get; set; }

        /// <summary>The 0-based epoch.</summary>
        public int Epoch { get; set; }

        /// <summary>The fraction of images whose highest score is their label. Training set: measured on each batch
        /// as it is trained (before its update), averaged over the epoch's images; validation set: measured after
        /// the epoch. ML.NET averages per-batch values, which is the same when every batch is full.</summary>
        public float Accuracy { get; set; }

        /// <summary>The mean cross-entropy, -ln(probability of the label), over the same images as
        /// <see cref="Accuracy"/>.</summary>
        public float CrossEntropy { get; set; }

        /// <summary>The learning rate of the epoch's last batch (training set) or <see cref="Options.LearningRate"/>
        /// (validation set, as in ML.NET).</summary>
        public float LearningRate { get; set; }

        /// <summary>ML.NET's text: "Phase: Training, Dataset used:      Train, Batch Processed Count:  90, Epoch:   0,
        /// Accuracy:  0.7455556, Cross-Entropy:  0.6983354, Learning Rate:       0.01" (no learning rate for the
        /// validation set). Numbers use the invariant culture.</summary>
        /// <returns>The text.</returns>
        public override string ToString()
        {
            var ci = CultureInfo.InvariantCulture;
            string text = string.Format(ci, "Phase: Training, Dataset used: {0,10}, Batch Processed Count: {1,3}, Epoch: {2,3}, Accuracy: {3,10}, Cross-Entropy: {4,10}",
                DatasetUsed.ToString(), BatchProcessedCount, Epoch, Accuracy, CrossEntropy);
            return DatasetUsed == ImageClassificationMetrics.Dataset.Train
                ? text + string.Format(ci, ", Learning Rate: {0,10}", LearningRate)
                : text;
        }
    }

    /// <summary>ML.NET's metrics of the bottleneck (featurization) phase. MlNetCnn has no such phase: the type exists
    /// so ML.NET code compiles, and <see cref="ImageClassificationMetrics.Bottleneck"/> is always null.</summary>
    public sealed class BottleneckMetrics
    {
        /// <summary>The data set being featurized.</summary>
        public ImageClassificationMetrics.Dataset DatasetUsed { get; set; }

        /// <summary>The index of the image.</summary>
        public int Index { get; set; }

        /// <summary>"Phase: Bottleneck Computation, Dataset used:      Train, Image Index:   7".</summary>
        /// <returns>The text.</returns>
        public override string ToString()
            => string.Format(CultureInfo.InvariantCulture, "Phase: Bottleneck Computation, Dataset used: {0,10}, Image Index: {1,3}", DatasetUsed.ToString(), Index);
    }
}
