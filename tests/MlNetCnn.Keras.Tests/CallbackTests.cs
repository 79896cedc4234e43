using MlNetCnn.Engine;
using MlNetCnn.Keras.Callbacks;

namespace MlNetCnn.Keras.Tests;

public class CallbackTests
{
    [Fact]
    public void CourseCallbackStopsAtTheFirstEpochAbove99Percent()
    {
        using var scope = KerasNames.BeginScope();
        var (x, y, _) = TestData.Blobs(400, 2, seed: 21, spread: 0.9);
        var model = TestData.DenseClassifier(2, seed: 22, hidden: 4);
        model.Compile(new Sgd(0.01f), "sparse_categorical_crossentropy", new[] { "accuracy" });
        var output = new StringWriter();
        model.Output = output;
        var callback = new StopAtThreshold("accuracy", 0.99);

        var history = model.Fit(x, y, batchSize: 32, epochs: 50, verbose: 0, callbacks: new[] { callback });

        var accuracy = history["accuracy"];
        Assert.True(accuracy.Count >= 2 && accuracy.Count < 50, $"ran {accuracy.Count} epochs");
        Assert.True(accuracy[^1] > 0.99);
        Assert.All(accuracy.Take(accuracy.Count - 1), a => Assert.True(a <= 0.99));
        Assert.Equal(accuracy.Count - 1, callback.StoppedEpoch);
        Assert.Contains("Reached 99% accuracy so cancelling training!", output.ToString());
    }

    [Fact]
    public void ThresholdOnLossStopsBelowIt()
    {
        using var scope = KerasNames.BeginScope();
        var (x, y, _) = TestData.Blobs(200, 2, seed: 23);
        var model = TestData.DenseClassifier(2, seed: 24);
        model.Compile("adam", "sparse_categorical_crossentropy");
        var callback = new StopAtThreshold("loss", 0.4, silent: true);

        var history = model.Fit(x, y, batchSize: 16, epochs: 100, verbose: 0, callbacks: new[] { callback });

        Assert.False(callback.IsMaxMode);
        Assert.True(history["loss"][^1] < 0.4);
        Assert.All(history["loss"].Take(history.Epochs.Count - 1), l => Assert.True(l >= 0.4));
    }

    [Fact]
    public void EarlyStoppingCountsPatienceEpochsWithoutImprovement()
    {
        using var scope = KerasNames.BeginScope();
        var (x, y, _) = TestData.Blobs(64, 2, seed: 25);
        var model = TestData.DenseClassifier(2, seed: 26);
        model.Compile("adam", "sparse_categorical_crossentropy");
        IReadOnlyList<Tensor>? afterFirstEpoch = null;
        var snapshot = new LambdaCallback(onEpochEnd: (epoch, _) => { if (epoch == 0) afterFirstEpoch = model.GetWeights(); });
        // No later epoch can improve the loss by 100, so only epoch 0 is an improvement: stop when wait reaches 2.
        var stopping = new EarlyStopping(monitor: "loss", minDelta: 100, patience: 2, restoreBestWeights: true);

        var history = model.Fit(x, y, batchSize: 16, epochs: 20, verbose: 0, callbacks: new Callback[] { snapshot, stopping });

        Assert.Equal(new[] { 0, 1, 2 }, history.Epochs);
        Assert.Equal(2, stopping.StoppedEpoch);
        Assert.Equal(0, stopping.BestEpoch);
        Assert.Equal(history["loss"][0], stopping.Best);
        var restored = model.GetWeights();
        for (int i = 0; i < restored.Count; i++) Assert.Equal(afterFirstEpoch![i].Data, restored[i].Data);
    }

    [Fact]
    public void EarlyStoppingWithAnUnbeatableBaselineStopsAfterPatienceEpochs()
    {
        using var scope = KerasNames.BeginScope();
        var (x, y, _) = TestData.Blobs(64, 2, seed: 27);
        var model = TestData.DenseClassifier(2, seed: 28);
        model.Compile("adam", "sparse_categorical_crossentropy");
        var stopping = new EarlyStopping(monitor: "loss", minDelta: 100, patience: 2, baseline: 0);

        var history = model.Fit(x, y, batchSize: 16, epochs: 20, verbose: 0, callbacks: new[] { stopping });

        // Epoch 0 improves on +inf but not on the baseline, so its wait (1) is not reset; epoch 1 does not improve and
        // wait reaches 2. Without the baseline the wait would restart at epoch 0 and training would stop at epoch 2.
        Assert.Equal(2, history.Epochs.Count);
        Assert.Equal(1, stopping.StoppedEpoch);
    }

    [Fact]
    public void EarlyStoppingOnValidationLossStopsAtTheFirstEpochWithoutImprovement()
    {
        using var scope = KerasNames.BeginScope();
        var (x, y, _) = TestData.Blobs(120, 2, seed: 29, spread: 2.5);
        var model = TestData.DenseClassifier(2, seed: 30, hidden: 32);
        model.Compile(new Adam(0.05f), "sparse_categorical_crossentropy", new[] { "accuracy" });
        var stopping = new EarlyStopping();

        var history = model.Fit(x, y, batchSize: 8, epochs: 60, verbose: 0, validationSplit: 0.5f, callbacks: new[] { stopping });

        var valLoss = history["val_loss"];
        int stopped = valLoss.Count - 1;
        Assert.True(stopped is > 0 and < 59, $"stopped at {stopped}");
        Assert.Equal(stopped, stopping.StoppedEpoch);
        for (int e = 1; e < stopped; e++) Assert.True(valLoss[e] < valLoss.Take(e).Min(), $"epoch {e} improved");
        Assert.True(valLoss[stopped] >= valLoss.Take(stopped).Min());
    }

    [Fact]
    public void EarlyStoppingModes()
    {
        Assert.True(new EarlyStopping("val_accuracy").IsMaxMode);
        Assert.True(new EarlyStopping("acc").IsMaxMode);
        Assert.False(new EarlyStopping("val_loss").IsMaxMode);
        Assert.True(new EarlyStopping("val_loss", mode: "max").IsMaxMode);
        Assert.Throws<ArgumentException>(() => new EarlyStopping(mode: "sideways"));
    }

    [Fact]
    public void MissingMonitorKeysAreReported()
    {
        using var scope = KerasNames.BeginScope();
        var (x, y, _) = TestData.Blobs(32, 2, seed: 31);
        var model = TestData.DenseClassifier(2, seed: 32);
        model.Compile("adam", "sparse_categorical_crossentropy");

        var e = Assert.Throws<InvalidOperationException>(() => model.Fit(x, y, verbose: 0, callbacks: new[] { new EarlyStopping() }));
        Assert.Contains("val_loss", e.Message);
        Assert.Contains("Available: loss", e.Message);
    }

    [Fact]
    public void HooksRunInOrderAndStopTrainingEndsTheEpochAfterTheBatch()
    {
        using var scope = KerasNames.BeginScope();
        var (x, y, _) = TestData.Blobs(100, 2, seed: 33);
        var model = TestData.DenseClassifier(2, seed: 34);
        model.Compile("adam", "sparse_categorical_crossentropy", new[] { "accuracy" });
        var events = new List<string>();
        var recorder = new LambdaCallback(
            onTrainBegin: () => events.Add("train_begin"),
            onEpochBegin: e => events.Add($"epoch_begin {e}"),
            onBatchBegin: (b, _) => events.Add($"batch_begin {b}"),
            onBatchEnd: (b, logs) =>
            {
                events.Add($"batch_end {b}");
                if (b == 1 && model.StopTraining == false && events.Count(s => s.StartsWith("epoch_begin")) == 2) model.StopTraining = true;
            },
            onEpochEnd: (e, logs) => events.Add($"epoch_end {e} {string.Join(",", logs.Keys)}"),
            onTrainEnd: _ => events.Add("train_end"));

        var history = model.Fit(x, y, batchSize: 50, epochs: 5, verbose: 0, validationSplit: 0.2f, callbacks: new[] { recorder });

        Assert.Equal(
            new[]
            {
                "train_begin",
                "epoch_begin 0", "batch_begin 0", "batch_end 0", "batch_begin 1", "batch_end 1", "epoch_end 0 loss,accuracy,val_loss,val_accuracy",
                "epoch_begin 1", "batch_begin 0", "batch_end 0", "batch_begin 1", "batch_end 1", "epoch_end 1 loss,accuracy,val_loss,val_accuracy",
                "train_end",
            },
            events);
        Assert.Equal(2, history.Epochs.Count);
        Assert.Same(model, recorder.Model);
    }

    [Fact]
    public void HistoryExplainsMissingKeys()
    {
        var history = new History();
        history.OnEpochEnd(0, new Dictionary<string, double> { ["loss"] = 1 });
        Assert.Equal(new[] { 1.0 }, history["loss"]);
        Assert.Contains("loss", Assert.Throws<KeyNotFoundException>(() => history["accuracy"]).Message);
    }
}
