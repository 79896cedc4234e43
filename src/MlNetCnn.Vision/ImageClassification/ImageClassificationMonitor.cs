using System.Globalization;
using MlNetCnn.Keras.Callbacks;
using MlNetCnn.Runtime;
using MlNetCnn.Trainers;

namespace MlNetCnn.Vision;

/// <summary>
/// The Keras callback through which <see cref="ImageClassificationTrainer"/> follows training: it sets the scheduled
/// learning rate before every batch and, after every epoch, reports the training and validation
/// <see cref="ImageClassificationTrainer.TrainMetrics"/> (log at Trace level, then the user's callback) and applies
/// early stopping.
/// </summary>
internal sealed class ImageClassificationMonitor : Callback
{
    private readonly MLContext _env;
    private readonly ImageClassificationTrainer.Options _options;
    private readonly int _batchesPerEpoch;
    private readonly int _validationBatches;
    private int _epoch;
    private int _batches;

    /// <param name="env">The context whose log receives the metrics.</param>
    /// <param name="options">The trainer's options.</param>
    /// <param name="batchesPerEpoch">Batches per epoch for the schedule (ML.NET's floor(rows / batch size)).</param>
    /// <param name="validationBatches">Batches of the validation set, 0 without one.</param>
    public ImageClassificationMonitor(MLContext env, ImageClassificationTrainer.Options options, int batchesPerEpoch, int validationBatches)
    {
        _env = env;
        _options = options;
        _batchesPerEpoch = batchesPerEpoch;
        _validationBatches = validationBatches;
    }

    /// <summary>The epoch after which early stopping ended training, or null.</summary>
    public int? StoppedAfter { get; private set; }

    public override void OnTrainBegin() => _options.EarlyStoppingCriteria?.Reset();

    public override void OnEpochBegin(int epoch)
    {
        _epoch = epoch;
        _batches = 0;
    }

    public override void OnTrainBatchBegin(int batch, IReadOnlyDictionary<string, double> logs)
    {
        if (_options.LearningRateScheduler is not { } scheduler)
        {
            return;
        }

        float rate = scheduler.GetLearningRate(new TrainState
        {
            CurrentEpoch = _epoch,
            CurrentBatchIndex = batch,
            BatchSize = _options.BatchSize,
            BatchesPerEpoch = _batchesPerEpoch,
        });
        if (!(rate > 0) || !float.IsFinite(rate))
        {
            throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture,
                $"The learning-rate scheduler returned {rate} for epoch {_epoch}, batch {batch}; the rate must be finite and positive."));
        }

        Model!.Optimizer!.LearningRate = rate;
    }

    public override void OnTrainBatchEnd(int batch, IReadOnlyDictionary<string, double> logs) => _batches++;

    public override void OnEpochEnd(int epoch, IReadOnlyDictionary<string, double> logs)
    {
        var train = new ImageClassificationTrainer.TrainMetrics
        {
            DatasetUsed = ImageClassificationTrainer.ImageClassificationMetrics.Dataset.Train,
            BatchProcessedCount = _batches,
            Epoch = epoch,
            Accuracy = (float)logs["accuracy"],
            CrossEntropy = (float)logs["loss"],
            LearningRate = Model!.Optimizer!.LearningRate,
        };
        if (_options.TestOnTrainSet)
        {
            Report(train);
        }

        var watched = train;
        if (logs.TryGetValue("val_accuracy", out double accuracy) && logs.TryGetValue("val_loss", out double loss))
        {
            watched = new ImageClassificationTrainer.TrainMetrics
            {
                DatasetUsed = ImageClassificationTrainer.ImageClassificationMetrics.Dataset.Validation,
                BatchProcessedCount = _validationBatches,
                Epoch = epoch,
                Accuracy = (float)accuracy,
                CrossEntropy = (float)loss,
                LearningRate = _options.LearningRate,
            };
            Report(watched);
        }

        if (_options.EarlyStoppingCriteria is { } early && early.ShouldStop(watched))
        {
            StoppedAfter = epoch;
            Model.StopTraining = true;
            string what = $"{watched.DatasetUsed.ToString().ToLowerInvariant()} {early.Metric.ToString().ToLowerInvariant()}";
            _env.WriteLog(ChannelMessageKind.Info, ImageClassificationTrainer.Component,
                string.Create(CultureInfo.InvariantCulture, $"Early stopping after epoch {epoch}: the {what} did not improve by {early.MinDelta} for {early.Patience} epoch(s)."));
        }
    }

    private void Report(ImageClassificationTrainer.TrainMetrics metrics)
    {
        _env.WriteLog(ChannelMessageKind.Trace, ImageClassificationTrainer.Component, metrics.ToString());
        _options.MetricsCallback?.Invoke(new ImageClassificationTrainer.ImageClassificationMetrics { Train = metrics });
    }
}
