using MlNetCnn.Engine;
using MlNetCnn.Keras.Callbacks;
using MlNetCnn.Keras.Layers;

namespace MlNetCnn.Keras.Tests;

public class FitTests
{
    [Fact]
    public void DenseModelLearnsSeparableBlobs()
    {
        using var scope = KerasNames.BeginScope();
        var (x, y, _) = TestData.Blobs(400, 3, seed: 1);
        var model = TestData.DenseClassifier(3, seed: 2);
        model.Compile("adam", "sparse_categorical_crossentropy", new[] { "accuracy" });

        var history = model.Fit(x, y, batchSize: 16, epochs: 8, verbose: 0);

        Assert.Equal(Enumerable.Range(0, 8), history.Epochs);
        Assert.Equal(new[] { "loss", "accuracy" }, history.HistoryData.Keys);
        Assert.True(history["loss"][^1] < history["loss"][0], "the loss should fall");
        var (testX, testY, _) = TestData.Blobs(200, 3, seed: 99);
        var result = model.Evaluate(testX, testY);
        Assert.True(result.Accuracy > 0.95, $"accuracy {result.Accuracy}");
        Assert.Equal(result.Accuracy, result.Metrics["accuracy"]);
        Assert.Equal(result.Loss, result.Metrics["loss"]);
    }

    [Fact]
    public void SmallCnnLearnsBarsWithIntLabels()
    {
        using var scope = KerasNames.BeginScope();
        var (x, labels) = TestData.Bars(256, seed: 4);
        var model = new Sequential(
            new[]
            {
                (Layer)new Conv2D(4, (3, 3), activation: "relu", inputShape: (6, 6, 1)),
                new MaxPooling2D(2, 2),
                new Flatten(),
                new Dense(2, activation: "softmax"),
            },
            seed: 5);
        model.Compile(new Adam(0.01f), new SparseCategoricalCrossentropy(), new[] { "acc" });

        var history = model.Fit(x, labels, batchSize: 32, epochs: 6, verbose: 0);

        Assert.Contains("acc", history.HistoryData.Keys);
        var (testX, testLabels) = TestData.Bars(100, seed: 40);
        Assert.True(model.Evaluate(testX, testLabels).Accuracy > 0.9);
        var probabilities = model.Predict(testX);
        Assert.Equal(new[] { 100, 2 }, probabilities.Shape);
        for (int i = 0; i < 100; i++) Assert.Equal(1.0, probabilities[i, 0] + probabilities[i, 1], 5);
    }

    [Fact]
    public void CategoricalCrossentropyWithOneHotTargetsAndLogits()
    {
        using var scope = KerasNames.BeginScope();
        var (x, _, labels) = TestData.Blobs(300, 4, seed: 6);
        var model = new Sequential(new[] { (Layer)new Dense(16, "relu", inputShape: 2), new Dense(4) }, seed: 7);
        model.Compile("rmsprop", new CategoricalCrossentropy(fromLogits: true), new[] { "categorical_accuracy" });

        var history = model.Fit(x, TestData.OneHot(labels, 4), batchSize: 20, epochs: 10, verbose: 0);

        Assert.True(history["categorical_accuracy"][^1] > 0.9);
        Assert.Throws<ArgumentException>(() => model.Fit(x, labels, verbose: 0));
        Assert.Throws<ArgumentException>(() => model.Fit(x, new Tensor(300), verbose: 0));
    }

    [Fact]
    public void SameSeedGivesIdenticalWeightsAfterOneEpoch()
    {
        using var scope = KerasNames.BeginScope();
        var (x, y, _) = TestData.Blobs(200, 3, seed: 8);
        IReadOnlyList<Tensor> Train(int seed)
        {
            var model = new Sequential(new[] { (Layer)new Dense(8, "relu", inputShape: 2), new Dropout(0.3f), new Dense(3, "softmax") }, seed: seed);
            model.Compile("adam", "sparse_categorical_crossentropy");
            model.Fit(x, y, batchSize: 16, epochs: 1, verbose: 0);
            return model.GetWeights();
        }

        var a = Train(11);
        var b = Train(11);
        var c = Train(12);

        for (int i = 0; i < a.Count; i++) Assert.Equal(a[i].Data, b[i].Data);
        Assert.NotEqual(a[0].Data, c[0].Data);
    }

    [Fact]
    public void ValidationSplitHoldsOutTheLastRowsBeforeShuffling()
    {
        using var scope = KerasNames.BeginScope();
        var (x, y, _) = TestData.Blobs(100, 2, seed: 9, spread: 1.5);
        var split = TestData.DenseClassifier(2, seed: 13);
        var firstRows = TestData.DenseClassifier(2, seed: 13);
        split.Compile("sgd", "sparse_categorical_crossentropy", new[] { "accuracy" });
        firstRows.Compile("sgd", "sparse_categorical_crossentropy", new[] { "accuracy" });
        int batches = 0;
        var counter = new LambdaCallback(onBatchEnd: (_, _) => batches++);

        var history = split.Fit(x, y, batchSize: 16, epochs: 2, verbose: 0, validationSplit: 0.2f, callbacks: new[] { counter });
        firstRows.Fit(TestData.Rows(x, 0, 80), TestData.Rows(y, 0, 80), batchSize: 16, epochs: 2, verbose: 0);

        // floor(100 * 0.8) = 80 training rows: 5 batches per epoch; training on them alone gives the same weights.
        Assert.Equal(10, batches);
        for (int i = 0; i < 4; i++) Assert.Equal(firstRows.GetWeights()[i].Data, split.GetWeights()[i].Data);
        // The last 20 rows are the validation set, evaluated in inference mode at each epoch's end.
        var held = split.Evaluate(TestData.Rows(x, 80, 20), TestData.Rows(y, 80, 20), batchSize: 16);
        Assert.Equal(held.Loss, history["val_loss"][^1]);
        Assert.Equal(held.Accuracy, history["val_accuracy"][^1]);
        Assert.Equal(new[] { "loss", "accuracy", "val_loss", "val_accuracy" }, history.HistoryData.Keys);
    }

    [Fact]
    public void ValidationDataIsUsedInsteadOfSplit()
    {
        using var scope = KerasNames.BeginScope();
        var (x, y, _) = TestData.Blobs(60, 2, seed: 10);
        var (vx, vy, _) = TestData.Blobs(30, 2, seed: 11);
        var model = TestData.DenseClassifier(2, seed: 3);
        model.Compile("adam", "sparse_categorical_crossentropy", new[] { "accuracy" });

        var history = model.Fit(x, y, epochs: 2, verbose: 0, validationSplit: 0.5f, validationData: (vx, vy));

        var result = model.Evaluate(vx, vy);
        Assert.Equal(result.Loss, history["val_loss"][^1]);
        Assert.Equal(result.Accuracy, history["val_accuracy"][^1]);
    }

    [Fact]
    public void TrainingLogsAreBatchSizeWeightedMeans()
    {
        using var scope = KerasNames.BeginScope();
        var (x, y, _) = TestData.Blobs(50, 2, seed: 12);
        var model = TestData.DenseClassifier(2, seed: 4);
        model.Compile("sgd", "sparse_categorical_crossentropy", new[] { "accuracy" });
        var batchLosses = new List<double>();
        var sizes = new List<int>();
        double previousMean = 0;
        var recorder = new LambdaCallback(onBatchEnd: (batch, logs) =>
        {
            // Recover each batch's own loss from the running mean: mean_b = (mean_{b-1} * seen + loss_b * size) / (seen + size).
            int size = batch < 3 ? 16 : 2;
            int seen = sizes.Sum();
            batchLosses.Add((logs["loss"] * (seen + size) - previousMean * seen) / size);
            sizes.Add(size);
            previousMean = logs["loss"];
        });

        var history = model.Fit(x, y, batchSize: 16, epochs: 1, verbose: 0, callbacks: new[] { recorder });

        Assert.Equal(4, batchLosses.Count);
        double weighted = batchLosses.Select((l, i) => l * sizes[i]).Sum() / 50;
        Assert.Equal(weighted, history["loss"][0], 10);
        Assert.NotEqual(batchLosses.Average(), history["loss"][0], 6);
    }

    [Fact]
    public void VerboseWritesOneKerasLinePerEpoch()
    {
        using var scope = KerasNames.BeginScope();
        var (x, y, _) = TestData.Blobs(64, 2, seed: 13);
        var model = TestData.DenseClassifier(2, seed: 5);
        model.Compile("adam", "sparse_categorical_crossentropy", new[] { "accuracy" });
        var output = new StringWriter();
        model.Output = output;

        model.Fit(x, y, batchSize: 10, epochs: 2, verbose: 1, validationSplit: 0.25f);

        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToArray();
        Assert.Equal(4, lines.Length);
        Assert.Equal("Epoch 1/2", lines[0]);
        Assert.Equal("Epoch 2/2", lines[2]);
        Assert.Matches(@"^5/5 - \d+s - loss: \d\.\d{4} - accuracy: \d\.\d{4} - val_loss: \d\.\d{4} - val_accuracy: \d\.\d{4} - \d+(s|ms|us)/step$", lines[1]);

        var quiet = new StringWriter();
        model.Output = quiet;
        model.Fit(x, y, epochs: 1, verbose: 0);
        Assert.Equal("", quiet.ToString());
    }

    [Fact]
    public void BadInputsGiveClearErrors()
    {
        using var scope = KerasNames.BeginScope();
        var (x, y, labels) = TestData.Blobs(20, 3, seed: 14);
        var model = TestData.DenseClassifier(3, seed: 6);

        Assert.Contains("compile", Assert.Throws<InvalidOperationException>(() => model.Fit(x, y, verbose: 0)).Message);
        model.Compile("adam", "sparse_categorical_crossentropy", new[] { "accuracy" });

        Assert.Contains("20 samples but y has 19", Assert.Throws<ArgumentException>(() => model.Fit(x, labels[..19], verbose: 0)).Message);
        var wrongShape = Assert.Throws<ArgumentException>(() => model.Fit(new Tensor(20, 3), y, verbose: 0));
        Assert.Contains("(None, 2)", wrongShape.Message);
        Assert.Contains("(20, 3)", wrongShape.Message);

        var badLabels = (int[])labels.Clone();
        badLabels[7] = 3;
        Assert.Contains("row 7", Assert.Throws<ArgumentException>(() => model.Fit(x, badLabels, verbose: 0)).Message);
        var fractional = new Tensor(20);
        fractional[5] = 0.5f;
        Assert.Contains("row 5", Assert.Throws<ArgumentException>(() => model.Fit(x, fractional, verbose: 0)).Message);

        var nan = new Tensor(x.Shape, (float[])x.Data.Clone());
        nan[11, 1] = float.NaN;
        Assert.Contains("row 11", Assert.Throws<ArgumentException>(() => model.Fit(nan, y, verbose: 0)).Message);

        Assert.Contains("not enough", Assert.Throws<ArgumentException>(() => model.Fit(TestData.Rows(x, 0, 1), TestData.Rows(y, 0, 1), validationSplit: 0.5f, verbose: 0)).Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => model.Fit(x, y, batchSize: 0, verbose: 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => model.Fit(x, y, validationSplit: 1f, verbose: 0));
        Assert.Throws<ArgumentException>(() => model.Fit(x, Array.Empty<int>(), verbose: 0));
        Assert.Throws<ArgumentException>(() => model.Compile("adam", "sparse_categorical_crossentropy", new[] { "f1" }));
        Assert.Throws<ArgumentException>(() => model.Compile("adamax", "sparse_categorical_crossentropy"));
        Assert.Throws<ArgumentException>(() => model.Compile("adam", "mse"));
    }

    [Fact]
    public void NanLossStopsWithAClearMessage()
    {
        using var scope = KerasNames.BeginScope();
        var (x, y, _) = TestData.Blobs(64, 2, seed: 15);
        var model = TestData.DenseClassifier(2, seed: 7);
        model.Compile(new Sgd(1e30f), "sparse_categorical_crossentropy");

        var e = Assert.Throws<InvalidOperationException>(() => model.Fit(x, y, batchSize: 8, epochs: 3, verbose: 0));
        Assert.Contains("the loss is", e.Message);
        Assert.Contains("TerminateOnNaN", e.Message);

        var fresh = TestData.DenseClassifier(2, seed: 7);
        fresh.Compile(new Sgd(1e30f), "sparse_categorical_crossentropy");
        var output = new StringWriter();
        fresh.Output = output;
        var terminate = new TerminateOnNaN();
        var history = fresh.Fit(x, y, batchSize: 8, epochs: 3, verbose: 0, callbacks: new[] { terminate });
        Assert.Equal(0, terminate.StoppedEpoch);
        Assert.Single(history.Epochs);
        Assert.Contains("Invalid loss, terminating training", output.ToString());
    }

    [Fact]
    public void BuildsFromTheDataWhenNoInputShapeWasGiven()
    {
        using var scope = KerasNames.BeginScope();
        var (x, y, _) = TestData.Blobs(40, 2, seed: 16);
        var model = new Sequential(new[] { (Layer)new Dense(4, "relu"), new Dense(2, "softmax") }, seed: 1);
        model.Compile("adam", "sparse_categorical_crossentropy");

        model.Fit(x, y, verbose: 0);

        Assert.Equal(new[] { 2 }, model.InputShape);
        Assert.Equal(2 * 4 + 4 + 4 * 2 + 2, model.CountParams());
    }

    [Fact]
    public void TrainingStepsDoNotAllocateAfterTheFirstBatch()
    {
        using var scope = KerasNames.BeginScope();
        var (x, labels) = TestData.Bars(320, seed: 17);
        var model = new Sequential(
            new[]
            {
                (Layer)new Conv2D(2, 3, activation: "relu", inputShape: (6, 6, 1)),
                new MaxPooling2D(2, 2),
                new Flatten(),
                new Dropout(0.2f),
                new Dense(2, activation: "softmax"),
            },
            seed: 8);
        model.Compile("adam", "sparse_categorical_crossentropy", new[] { "accuracy" });
        var marks = new long[2];
        var probe = new LambdaCallback(onBatchBegin: (batch, _) =>
        {
            if (batch == 1) marks[0] = GC.GetAllocatedBytesForCurrentThread();
            if (batch == 9) marks[1] = GC.GetAllocatedBytesForCurrentThread();
        });

        model.Fit(x, labels, batchSize: 32, epochs: 2, verbose: 0, callbacks: new[] { probe });

        Assert.Equal(0, marks[1] - marks[0]);
    }

    [Fact]
    public void CancellationStopsAfterTheCurrentBatch()
    {
        using var scope = KerasNames.BeginScope();
        var (x, y, _) = TestData.Blobs(100, 2, seed: 18);
        var model = TestData.DenseClassifier(2, seed: 9);
        model.Compile("adam", "sparse_categorical_crossentropy");
        using var cts = new CancellationTokenSource();
        int batches = 0;
        var cancelAtThird = new LambdaCallback(onBatchEnd: (b, _) => { batches++; if (b == 2) cts.Cancel(); });

        Assert.ThrowsAny<OperationCanceledException>(() =>
            model.Fit(x, y, batchSize: 10, epochs: 5, verbose: 0, callbacks: new[] { cancelAtThird }, cancellationToken: cts.Token));
        Assert.Equal(3, batches);
    }

    [Fact]
    public void PredictOnBatchAndSpanPredictMatchPredict()
    {
        using var scope = KerasNames.BeginScope();
        var (x, _, _) = TestData.Blobs(37, 3, seed: 19);
        var model = TestData.DenseClassifier(3, seed: 10);

        var a = model.Predict(x, batchSize: 8);
        var b = model.PredictOnBatch(x);
        var c = new float[37 * 3];
        Assert.Equal(37, model.Predict(x.Data, c, batchSize: 5));

        Assert.Equal(a.Data, b.Data);
        Assert.Equal(a.Data, c);
        Assert.Throws<ArgumentException>(() => model.Predict(x.Data.AsSpan(1), c));
        Assert.Throws<ArgumentException>(() => model.Predict(new Tensor(3, 5)));
    }

    [Fact]
    public void DropoutIsOffInInference()
    {
        using var scope = KerasNames.BeginScope();
        var (x, _, _) = TestData.Blobs(16, 2, seed: 20);
        var with = new Sequential(new[] { (Layer)new Dense(4, inputShape: 2), new Dropout(0.5f), new Dense(2) }, seed: 1);
        var without = new Sequential(new[] { (Layer)new Dense(4, inputShape: 2), new Dense(2) }, seed: 1);

        Assert.Equal(without.Predict(x).Data, with.Predict(x).Data);
    }

    [Fact]
    public void SpanPredictAllocatesNothingOnceWarm()
    {
        using var scope = KerasNames.BeginScope();
        var (x, _) = TestData.Bars(50, seed: 21);
        var model = new Sequential(new[] { (Layer)new Conv2D(2, 3, activation: "relu", inputShape: (6, 6, 1)), new Flatten(), new Dense(2, "softmax") }, seed: 2);
        var output = new float[100];
        model.Predict(x.Data, output, batchSize: 16);

        long before = GC.GetAllocatedBytesForCurrentThread();
        model.Predict(x.Data, output, batchSize: 16);

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.Equal(model.Predict(x, batchSize: 7).Data, output);
    }

    [Fact]
    public void CompilingKeepsExistingWeights()
    {
        using var scope = KerasNames.BeginScope();
        var model = TestData.DenseClassifier(3, seed: 5);
        var before = model.GetWeights();

        model.Compile("sgd", "sparse_categorical_crossentropy");
        model.Compile("adam", new CategoricalCrossentropy(), new[] { "accuracy" });

        var after = model.GetWeights();
        for (int i = 0; i < before.Count; i++) Assert.Equal(before[i].Data, after[i].Data);
        Assert.False(model.Loss!.IsSparse);
        Assert.True(model.GraphLoss!.IsFused);
    }
}
