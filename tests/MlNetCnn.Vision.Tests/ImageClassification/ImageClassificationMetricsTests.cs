using MlNetCnn.Runtime;
using MlNetCnn.Trainers;
using static MlNetCnn.Vision.ImageClassificationTrainer;

namespace MlNetCnn.Vision.Tests.ImageClassification;

public class ImageClassificationMetricsTests
{
    [Fact]
    public void Metrics_print_in_ml_nets_formats()
    {
        var train = new TrainMetrics
        {
            DatasetUsed = ImageClassificationMetrics.Dataset.Train,
            BatchProcessedCount = 90,
            Epoch = 0,
            Accuracy = 0.7455556f,
            CrossEntropy = 0.6983354f,
            LearningRate = 0.01f,
        };
        Assert.Equal("Phase: Training, Dataset used:      Train, Batch Processed Count:  90, Epoch:   0, Accuracy:  0.7455556, Cross-Entropy:  0.6983354, Learning Rate:       0.01", train.ToString());
        train.DatasetUsed = ImageClassificationMetrics.Dataset.Validation;
        train.Epoch = 12;
        train.BatchProcessedCount = 1000;
        train.Accuracy = 1;
        Assert.Equal("Phase: Training, Dataset used: Validation, Batch Processed Count: 1000, Epoch:  12, Accuracy:          1, Cross-Entropy:  0.6983354", train.ToString());
        var bottleneck = new BottleneckMetrics { DatasetUsed = ImageClassificationMetrics.Dataset.Train, Index = 7 };
        Assert.Equal("Phase: Bottleneck Computation, Dataset used:      Train, Image Index:   7", bottleneck.ToString());
        Assert.Equal(train.ToString(), new ImageClassificationMetrics { Train = train }.ToString());
        Assert.Equal(bottleneck.ToString(), new ImageClassificationMetrics { Bottleneck = bottleneck }.ToString());
    }

    [Fact]
    public void Every_epoch_reports_train_then_validation_metrics_to_the_callback_and_the_log()
    {
        var ml = new MLContext(1);
        var log = new List<LoggingEventArgs>();
        ml.Log += (_, e) => log.Add(e);
        var reported = new List<ImageClassificationMetrics>();
        var options = EncodedImages.Options(epochs: 3);
        options.BatchSize = 4;
        options.ValidationSetFraction = 0.25f;
        options.LearningRateScheduler = new ExponentialLRDecay(learningRate: 0.02f, numEpochsPerDecay: 1, decayRate: 0.5f);
        options.LearningRate = 0.02f;
        options.MetricsCallback = reported.Add;

        ml.MulticlassClassification.Trainers.ImageClassification(options).Fit(EncodedImages.Keyed(ml, 18));

        // 18 rows: floor(18 * 0.25) = 4 validation rows, 14 training rows: 4 batches (3 full), 1 validation batch.
        Assert.Equal(6, reported.Count);
        Assert.All(reported, m => Assert.Null(m.Bottleneck));
        var metrics = reported.Select(m => m.Train!).ToArray();
        Assert.Equal(new[] { 0, 0, 1, 1, 2, 2 }, metrics.Select(m => m.Epoch));
        Assert.Equal(new[] { 4, 1, 4, 1, 4, 1 }, metrics.Select(m => m.BatchProcessedCount));
        for (int epoch = 0; epoch < 3; epoch++)
        {
            var (train, validation) = (metrics[2 * epoch], metrics[(2 * epoch) + 1]);
            Assert.Equal(ImageClassificationMetrics.Dataset.Train, train.DatasetUsed);
            Assert.Equal(ImageClassificationMetrics.Dataset.Validation, validation.DatasetUsed);

            // Batches per epoch for the schedule: floor(14 / 4) = 3, so the last batch of epoch e is global step
            // 3e + 3, which has decayed floor((3e + 3) / 3) = e + 1 times.
            Assert.Equal(0.02f * MathF.Pow(0.5f, epoch + 1), train.LearningRate, 6);
            Assert.Equal(0.02f, validation.LearningRate);
            Assert.Contains(train.Accuracy * 14, Enumerable.Range(0, 15).Select(n => (float)n), new ToleranceComparer(1e-3f));
            Assert.Contains(validation.Accuracy * 4, Enumerable.Range(0, 5).Select(n => (float)n), new ToleranceComparer(1e-3f));
            Assert.True(train.CrossEntropy > 0 && validation.CrossEntropy > 0);
        }

        var trace = log.Where(e => e.Source == "ImageClassificationTrainer" && e.Kind == ChannelMessageKind.Trace).Select(e => e.RawMessage);
        Assert.Equal(reported.Select(m => m.ToString()), trace);
        Assert.Contains(log, e => e.Kind == ChannelMessageKind.Info && e.RawMessage.Contains("on 14 images", StringComparison.Ordinal) && e.RawMessage.Contains("validating on 4 images", StringComparison.Ordinal));
    }

    [Fact]
    public void Without_train_set_testing_only_validation_metrics_are_reported()
    {
        var ml = new MLContext(1);
        var reported = new List<TrainMetrics>();
        var options = EncodedImages.Options(epochs: 2);
        options.TestOnTrainSet = false;
        options.LearningRateScheduler = null;
        options.MetricsCallback = m => reported.Add(m.Train!);
        var validation = EncodedImages.Keyed(ml, 6, seed: 4);

        ml.MulticlassClassification.Trainers.ImageClassification(options).Fit(EncodedImages.Keyed(ml, 12), validation);

        Assert.Equal(new[] { ImageClassificationMetrics.Dataset.Validation, ImageClassificationMetrics.Dataset.Validation }, reported.Select(m => m.DatasetUsed));
        Assert.All(reported, m => Assert.Equal(1, m.BatchProcessedCount));
    }

    [Fact]
    public void A_learning_rate_the_schedule_overrides_is_warned_about_and_no_schedule_keeps_it_constant()
    {
        var ml = new MLContext(1);
        var log = new List<LoggingEventArgs>();
        ml.Log += (_, e) => log.Add(e);
        var rates = new List<float>();
        var options = EncodedImages.Options(epochs: 3);
        options.LearningRate = 0.005f;
        options.LearningRateScheduler = new ExponentialLRDecay(numEpochsPerDecay: 1);
        options.MetricsCallback = m => rates.Add(m.Train!.LearningRate);
        var data = EncodedImages.Keyed(ml, 12);

        ml.MulticlassClassification.Trainers.ImageClassification(options).Fit(data);
        Assert.Contains(log, e => e.Kind == ChannelMessageKind.Warning && e.RawMessage.Contains("Options.LearningRate (0.005) is not used", StringComparison.Ordinal));
        Assert.Equal(new[] { 0.01f * 0.94f, 0.01f * 0.94f * 0.94f, 0.01f * 0.94f * 0.94f * 0.94f }, rates, new ToleranceComparer(1e-7f));

        rates.Clear();
        log.Clear();
        options.LearningRateScheduler = null;
        ml.MulticlassClassification.Trainers.ImageClassification(options).Fit(data);
        Assert.Equal(new[] { 0.005f, 0.005f, 0.005f }, rates);
        Assert.DoesNotContain(log, e => e.Kind == ChannelMessageKind.Warning);
    }

    [Fact]
    public void Early_stopping_follows_ml_nets_rule_with_a_decreasing_loss_starting_from_the_largest_float()
    {
        static TrainMetrics M(float accuracy, float loss) => new() { Accuracy = accuracy, CrossEntropy = loss };

        var accuracy = new EarlyStopping(minDelta: -0.01f, patience: 2);
        Assert.Equal(0.01f, accuracy.MinDelta);
        Assert.True(accuracy.CheckIncreasing);
        Assert.False(accuracy.ShouldStop(M(0.5f, 1)));
        Assert.False(accuracy.ShouldStop(M(0.505f, 1)));
        Assert.False(accuracy.ShouldStop(M(0.6f, 1)));
        Assert.False(accuracy.ShouldStop(M(0.6f, 1)));
        Assert.True(accuracy.ShouldStop(M(0.605f, 1)));

        var loss = new EarlyStopping(minDelta: 0.1f, patience: 1, metric: EarlyStoppingMetric.Loss, checkIncreasing: true);
        Assert.False(loss.CheckIncreasing);
        Assert.Equal(EarlyStoppingMetric.Loss, loss.Metric);
        Assert.False(loss.ShouldStop(M(0, 2.0f)));
        Assert.False(loss.ShouldStop(M(0, 1.5f)));
        Assert.True(loss.ShouldStop(M(0, 1.45f)));
    }

    [Fact]
    public void Early_stopping_ends_training_after_patience_epochs_on_the_validation_metric_in_every_fit()
    {
        var ml = new MLContext(1);
        var log = new List<string>();
        ml.Log += (_, e) => log.Add(e.RawMessage);
        var reported = new List<TrainMetrics>();
        var options = EncodedImages.Options(epochs: 10);
        options.ValidationSetFraction = 0.3f;
        options.EarlyStoppingCriteria = new EarlyStopping(minDelta: 2f, patience: 2);
        options.MetricsCallback = m => reported.Add(m.Train!);
        var trainer = ml.MulticlassClassification.Trainers.ImageClassification(options);

        trainer.Fit(EncodedImages.Keyed(ml, 12));
        Assert.Equal(new[] { 0, 0, 1, 1 }, reported.Select(m => m.Epoch));
        Assert.Contains(log, m => m.StartsWith("Early stopping after epoch 1: the validation accuracy did not improve by 2 for 2 epoch(s).", StringComparison.Ordinal));

        reported.Clear();
        trainer.Fit(EncodedImages.Keyed(ml, 12));
        Assert.Equal(4, reported.Count);
    }

    private sealed class ToleranceComparer(float tolerance) : IEqualityComparer<float>
    {
        public bool Equals(float x, float y) => Math.Abs(x - y) <= tolerance;

        public int GetHashCode(float obj) => 0;
    }
}
