namespace MlNetCnn.Vision;

public sealed partial class CnnTrainer
{
    /// <summary>The metric early stopping watches.</summary>
    public enum EarlyStoppingMetric
    {
        /// <summary>Accuracy (training stops when it stops increasing).</summary>
        Accuracy,

        /// <summary>Cross-entropy (training stops when it stops decreasing).</summary>
        Loss,
    }

    /// <summary>
    /// Stops training when a metric stops improving (ML.NET's ImageClassification <c>EarlyStopping</c>, same
    /// rule).
    /// </summary>
    /// <remarks>
    /// Checked after every epoch on the validation metrics when there is a validation set, otherwise on the training
    /// metrics. The best value starts at 0 for accuracy and at float.MaxValue for the loss. An epoch improves when the
    /// metric beats the best by at least <see cref="MinDelta"/> (current - best &gt;= MinDelta when increasing,
    /// best - current &gt;= MinDelta when decreasing); it then becomes the best and the wait counter resets, otherwise
    /// the counter grows, and training stops once it reaches <see cref="Patience"/>. The state restarts with every
    /// <c>Fit</c>.
    /// </remarks>
    public sealed class EarlyStopping
    {
        private ImprovementTracker _tracker;

        /// <summary>Creates the criterion with ML.NET's defaults.</summary>
        /// <param name="minDelta">The smallest change that counts as an improvement.</param>
        /// <param name="patience">The number of epochs without improvement after which training stops.</param>
        /// <param name="metric">The metric watched; <see cref="EarlyStoppingMetric.Loss"/> forces
        /// <paramref name="checkIncreasing"/> to false, <see cref="EarlyStoppingMetric.Accuracy"/> to true.</param>
        /// <param name="checkIncreasing">Whether the metric should increase.</param>
        public EarlyStopping(float minDelta = 0.01f, int patience = 20, EarlyStoppingMetric metric = EarlyStoppingMetric.Accuracy, bool checkIncreasing = true)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(patience);
            if (!float.IsFinite(minDelta) || minDelta < 0)
            {
                throw new ArgumentOutOfRangeException(nameof(minDelta), minDelta, "minDelta must be a finite non-negative number.");
            }

            MinDelta = minDelta;
            Patience = patience;
            Metric = metric;
            CheckIncreasing = metric == EarlyStoppingMetric.Accuracy || (metric != EarlyStoppingMetric.Loss && checkIncreasing);
            Reset();
        }

        /// <summary>The smallest change that counts as an improvement.</summary>
        public float MinDelta { get; }

        /// <summary>The number of epochs without improvement after which training stops.</summary>
        public int Patience { get; }

        /// <summary>The metric watched.</summary>
        public EarlyStoppingMetric Metric { get; }

        /// <summary>Whether the metric should increase (true for accuracy, false for the loss).</summary>
        public bool CheckIncreasing { get; }

        /// <summary>Records an epoch's metrics and says whether training should stop.</summary>
        /// <param name="metrics">The epoch's metrics.</param>
        /// <returns>True when <see cref="Patience"/> epochs in a row did not improve.</returns>
        public bool ShouldStop(CnnTrainerMetrics metrics)
        {
            ArgumentNullException.ThrowIfNull(metrics);
            double value = Metric == EarlyStoppingMetric.Accuracy
                ? metrics.ValidationAccuracy ?? metrics.TrainAccuracy
                : metrics.ValidationCrossEntropy ?? metrics.TrainCrossEntropy;
            float current = (float)value;
            return _tracker.Record(current, CheckIncreasing, MinDelta, Patience);
        }

        /// <summary>Starts afresh (called at the start of every Fit).</summary>
        internal void Reset()
        {
            _tracker.Reset(CheckIncreasing);
        }
    }
}
