using System.Diagnostics;
using MlNetCnn.Keras.Callbacks;
using MlNetCnn.Runtime;
using MlNetCnn.Trainers;

namespace MlNetCnn.Vision;

/// <summary>
/// The Keras callback through which the trainer follows training: it sets the scheduled learning rate before every
/// batch, and after every epoch builds the <see cref="CnnTrainerMetrics"/>, logs them, calls the user's callback and
/// applies early stopping.
/// </summary>
internal sealed class TrainingMonitor : Callback
{
    private readonly MLContext _env;
    private readonly CnnTrainer.Options _options;
    private readonly int _batchesPerEpoch;
    private int _epoch;
    private int _batches;
    private long _started;

    public TrainingMonitor(MLContext env, CnnTrainer.Options options, int batchesPerEpoch)
    {
        _env = env;
        _options = options;
        _batchesPerEpoch = batchesPerEpoch;
    }

    /// <summary>The metrics of every epoch trained so far.</summary>
    public List<CnnTrainerMetrics> History { get; } = new();

    /// <summary>Whether early stopping ended training.</summary>
    public bool StoppedEarly { get; private set; }

    public override void OnTrainBegin() => _options.EarlyStoppingCriteria?.Reset();

    public override void OnEpochBegin(int epoch)
    {
        _epoch = epoch;
        _batches = 0;
        _started = Stopwatch.GetTimestamp();
    }

    public override void OnTrainBatchBegin(int batch, IReadOnlyDictionary<string, double> logs)
    {
        if (_options.LearningRateScheduler is { } scheduler)
        {
            float rate = scheduler.GetLearningRate(new TrainState
            {
                CurrentEpoch = _epoch,
                CurrentBatchIndex = batch,
                BatchSize = _options.BatchSize,
                BatchesPerEpoch = _batchesPerEpoch,
            });
            if (!(rate > 0) || !float.IsFinite(rate))
            {
                throw new InvalidOperationException($"The learning-rate scheduler returned {rate} for epoch {_epoch}, batch {batch}; the rate must be finite and positive.");
            }

            Model!.Optimizer!.LearningRate = rate;
        }
    }

    public override void OnTrainBatchEnd(int batch, IReadOnlyDictionary<string, double> logs) => _batches++;

    public override void OnEpochEnd(int epoch, IReadOnlyDictionary<string, double> logs)
    {
        double? valAccuracy = logs.TryGetValue("val_accuracy", out var va) ? va : null;
        double? valLoss = logs.TryGetValue("val_loss", out var vl) ? vl : null;
        var metrics = new CnnTrainerMetrics(epoch, _batches, logs["accuracy"], logs["loss"], valAccuracy, valLoss,
            Model!.Optimizer!.LearningRate, Stopwatch.GetElapsedTime(_started));
        History.Add(metrics);
        _env.WriteLog(ChannelMessageKind.Trace, nameof(CnnTrainer), metrics.ToString());
        _options.MetricsCallback?.Invoke(metrics);
        if (_options.EarlyStoppingCriteria is { } early && early.ShouldStop(metrics))
        {
            StoppedEarly = true;
            Model.StopTraining = true;
            _env.WriteLog(ChannelMessageKind.Info, nameof(CnnTrainer), $"Early stopping after epoch {epoch}: {early.Metric} did not improve by {early.MinDelta} for {early.Patience} epochs.");
        }
    }
}
