namespace MlNetCnn.Vision;

public sealed partial class ImageClassificationTrainer
{
    /// <summary>The metric <see cref="EarlyStopping"/> watches.</summary>
    public enum EarlyStoppingMetric
    {
        /// <summary>Accuracy: training stops when it stops increasing.</summary>
        Accuracy,

        /// <summary>Cross-entropy: training stops when it stops decreasing.</summary>
        Loss,
    }

    /// <summary>
    /// Stops training when a metric stops improving (ML.NET's <c>ImageClassificationTrainer.EarlyStopping</c>).
    /// </summary>
    /// <remarks>
    /// <para>Checked after every epoch on the validation metrics, or on the training metrics when there is no
    /// validation set. An epoch improves when the metric beats the best so far by at least <see cref="MinDelta"/>
    /// (current - best &gt;= MinDelta when <see cref="CheckIncreasing"/>, best - current &gt;= MinDelta otherwise); it then
    /// becomes the best and the wait count restarts at 0. Otherwise the count grows, and training stops when it
    /// reaches <see cref="Patience"/> (patience 0 stops after the first epoch that does not improve).</para>
    /// <para>Differences from ML.NET, which fix two of its bugs: the best value starts at 0 when increasing and at
    /// float.MaxValue when decreasing (ML.NET starts at 0 for the loss too, so it always stops after
    /// <see cref="Patience"/> epochs), and the state restarts with every <c>Fit</c> (ML.NET carries it from one
    /// <c>Fit</c> to the next).</para>
    /// </remarks>
    public sealed class EarlyStopping
    {
        private ImprovementTracker _tracker;
        private int _patience;

        /// <summary>Creates the criterion; the defaults are ML.NET's.</summary>
        /// <param name="minDelta">The smallest change that counts as an improvement (its absolute value is
        /// used).</param>
        /// <param name="patience">The number of epochs without improvement after which training stops, 0 or
        /// more.</param>
        /// <param name="metric">The metric watched; <see cref="EarlyStoppingMetric.Accuracy"/> sets
        /// <see cref="CheckIncreasing"/> to true and <see cref="EarlyStoppingMetric.Loss"/> to false.</param>
        /// <param name="checkIncreasing">Overridden by <paramref name="metric"/> (as in ML.NET).</param>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="minDelta"/> is not finite, or
        /// <paramref name="patience"/> is negative.</exception>
        public EarlyStopping(float minDelta = 0.01f, int patience = 20, EarlyStoppingMetric metric = EarlyStoppingMetric.Accuracy, bool checkIncreasing = true)
        {
            if (!float.IsFinite(minDelta))
            {
                throw new ArgumentOutOfRangeException(nameof(minDelta), minDelta, "minDelta must be a finite number.");
            }

            MinDelta = Math.Abs(minDelta);
            Patience = patience;
            Metric = metric;
            CheckIncreasing = metric switch
            {
                EarlyStoppingMetric.Accuracy => true,
                EarlyStoppingMetric.Loss => false,
                _ => checkIncreasing,
            };
            Reset();
        }

        /// <summary>The smallest change that counts as an improvement.</summary>
        public float MinDelta { get; set; }

        /// <summary>The number of epochs without improvement after which training stops.</summary>
        /// <exception cref="ArgumentOutOfRangeException">The value is negative.</exception>
        public int Patience
        {
            get => _patience;
            set
            {
                ArgumentOutOfRangeException.ThrowIfNegative(value, nameof(Patience));
                _patience = value;
            }
        }

        /// <summary>Whether the metric should increase (true for accuracy, false for the loss).</summary>
        public bool CheckIncreasing { get; set; }

        /// <summary>The metric watched.</summary>
        public EarlyStoppingMetric Metric { get; }

        /// <summary>Records an epoch's metrics and says whether training should stop.</summary>
        /// <param name="currentMetrics">The epoch's metrics.</param>
        /// <returns>True once <see cref="Patience"/> epochs in a row did not improve.</returns>
        public bool ShouldStop(TrainMetrics currentMetrics)
        {
            ArgumentNullException.ThrowIfNull(currentMetrics);
            float current = Metric == EarlyStoppingMetric.Accuracy ? currentMetrics.Accuracy : currentMetrics.CrossEntropy;
            return _tracker.Record(current, CheckIncreasing, MinDelta, Patience);
        }

        /// <summary>Starts afresh (at the start of every Fit).</summary>
        internal void Reset()
        {
            _tracker.Reset(CheckIncreasing);
        }
    }
}
