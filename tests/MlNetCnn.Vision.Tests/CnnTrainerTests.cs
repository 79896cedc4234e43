using MlNetCnn.Data;
using MlNetCnn.Keras.Layers;
using MlNetCnn.Runtime;
using MlNetCnn.Tests.Workout;

namespace MlNetCnn.Vision.Tests;

public class CnnTrainerTests
{
    private static float[][] Scores(IDataView scored) => DataViewValues.Column(scored, "Score").Cast<float[]>().ToArray();

    [Fact]
    public void Learns_toy_images_and_maps_predictions_back_to_label_names()
    {
        var ml = new MLContext(1);
        var train = ToyImages.Data(ml, 90);
        var test = ToyImages.Data(ml, 30, seed: 99);
        var pipeline = ml.Transforms.Conversion.MapValueToKey("Label")
            .Append(ml.MulticlassClassification.Trainers.Cnn(ToyImages.Options()))
            .Append(ml.Transforms.Conversion.MapKeyToValue("PredictedLabel"));

        var model = pipeline.Fit(train);
        var scored = model.Transform(test);
        var metrics = ml.MulticlassClassification.Evaluate(scored);

        Assert.True(metrics.MicroAccuracy >= 0.9, metrics.ToString());
        Assert.Equal(ToyImages.Classes, DataViewValues.Annotation(scored.Schema["Score"], "SlotNames"));
        var predicted = DataViewValues.Column(scored, "PredictedLabel").Cast<string>().ToArray();
        Assert.All(predicted, p => Assert.Contains(p, ToyImages.Classes));
        Assert.True(predicted.Zip(ToyImages.Rows(30, 99)).Count(p => p.First == p.Second.Label) >= 27);
        Assert.All(Scores(scored), s => Assert.Equal(1f, s.Sum(), 4));
    }

    [Fact]
    public void Passes_the_estimator_workout()
    {
        var ml = new MLContext(1);
        var data = ToyImages.Keyed(ml, 24);
        var bad = new (IDataView, string, bool)[]
        {
            (ml.Transforms.DropColumns("Features").Fit(data).Transform(data), "Features", true),
            (ToyImages.Data(ml, 6), "Label", false),
            (ml.Transforms.CopyColumns("Features", "Label").Fit(data).Transform(data), "Features", true),
        };

        // One-row (prediction engine) and batched inference may round differently: compare those to 1e-5.
        EstimatorWorkout.Run(ml, ml.MulticlassClassification.Trainers.Cnn(ToyImages.Options(epochs: 2)), data, invalidInputs: bad, mapperTolerance: 1e-5);
    }

    [Fact]
    public void Reports_every_epoch_to_the_callback_and_the_log_with_validation_metrics()
    {
        var ml = new MLContext(1);
        var log = new List<LoggingEventArgs>();
        ml.Log += (_, e) => log.Add(e);
        var epochs = new List<CnnTrainerMetrics>();
        var options = ToyImages.Options(epochs: 3);
        options.ValidationSetFraction = 0.25f;
        options.MetricsCallback = epochs.Add;

        ml.MulticlassClassification.Trainers.Cnn(options).Fit(ToyImages.Keyed(ml, 40));

        Assert.Equal(new[] { 0, 1, 2 }, epochs.Select(m => m.Epoch));
        Assert.All(epochs, m =>
        {
            Assert.NotNull(m.ValidationAccuracy);
            Assert.NotNull(m.ValidationCrossEntropy);
            Assert.InRange(m.TrainAccuracy, 0, 1);
            Assert.True(m.TrainCrossEntropy > 0);
            Assert.Equal(0.02f, m.LearningRate);
            Assert.Equal(4, m.BatchProcessedCount);
        });
        var trace = log.Where(e => e.Source == "CnnTrainer" && e.Kind == ChannelMessageKind.Trace).Select(e => e.RawMessage).ToArray();
        Assert.Equal(epochs.Select(m => m.ToString()), trace);
        Assert.Contains("Validation accuracy", trace[0]);
        Assert.Contains(log, e => e.Kind == ChannelMessageKind.Info && e.RawMessage.Contains("30 rows", StringComparison.Ordinal));
    }

    [Fact]
    public void Early_stopping_ends_training_after_patience_epochs_without_improvement()
    {
        var ml = new MLContext(1);
        var epochs = new List<CnnTrainerMetrics>();
        var options = ToyImages.Options(epochs: 10);
        options.EarlyStoppingCriteria = new CnnTrainer.EarlyStopping(minDelta: 2f, patience: 2);
        options.MetricsCallback = epochs.Add;

        var trainer = ml.MulticlassClassification.Trainers.Cnn(options);
        trainer.Fit(ToyImages.Keyed(ml, 24));
        Assert.Equal(2, epochs.Count);

        epochs.Clear();
        trainer.Fit(ToyImages.Keyed(ml, 24));
        Assert.Equal(2, epochs.Count);
    }

    [Fact]
    public void Early_stopping_follows_the_ml_net_rule()
    {
        static CnnTrainerMetrics M(double accuracy, double loss) => new(0, 1, accuracy, loss, null, null, 0.1f, TimeSpan.Zero);

        var accuracy = new CnnTrainer.EarlyStopping(minDelta: 0.01f, patience: 2);
        Assert.True(accuracy.CheckIncreasing);
        Assert.False(accuracy.ShouldStop(M(0.5, 1)));
        Assert.False(accuracy.ShouldStop(M(0.505, 1)));
        Assert.False(accuracy.ShouldStop(M(0.6, 1)));
        Assert.False(accuracy.ShouldStop(M(0.6, 1)));
        Assert.True(accuracy.ShouldStop(M(0.605, 1)));

        var loss = new CnnTrainer.EarlyStopping(minDelta: 0.1f, patience: 1, metric: CnnTrainer.EarlyStoppingMetric.Loss, checkIncreasing: true);
        Assert.False(loss.CheckIncreasing);
        Assert.False(loss.ShouldStop(M(0, 2.0)));
        Assert.False(loss.ShouldStop(M(0, 1.5)));
        Assert.True(loss.ShouldStop(M(0, 1.45)));
    }

    [Fact]
    public void A_learning_rate_schedule_replaces_the_constant_rate()
    {
        var ml = new MLContext(1);
        var epochs = new List<CnnTrainerMetrics>();
        var options = ToyImages.Options(epochs: 3);
        options.LearningRateScheduler = new Trainers.ExponentialLRDecay(learningRate: 0.02f, numEpochsPerDecay: 1, decayRate: 0.5f);
        options.MetricsCallback = epochs.Add;

        ml.MulticlassClassification.Trainers.Cnn(options).Fit(ToyImages.Keyed(ml, 24));

        Assert.Equal(new[] { 0.02f, 0.01f, 0.005f }, epochs.Select(m => m.LearningRate));
    }

    [Fact]
    public void Cancellation_stops_training()
    {
        var ml = new MLContext(1);
        using var source = new CancellationTokenSource();
        var options = ToyImages.Options(epochs: 5);
        options.CancellationToken = source.Token;
        int seen = 0;
        options.MetricsCallback = _ =>
        {
            seen++;
            source.Cancel();
        };

        Assert.ThrowsAny<OperationCanceledException>(() => ml.MulticlassClassification.Trainers.Cnn(options).Fit(ToyImages.Keyed(ml, 24)));
        Assert.Equal(1, seen);
    }

    [Fact]
    public void The_same_seed_trains_the_same_model()
    {
        float[][] Train(MLContext ml, int? seed)
        {
            var options = ToyImages.Options(epochs: 2);
            options.Seed = seed;
            var data = ToyImages.Keyed(ml, 24);
            return Scores(ml.MulticlassClassification.Trainers.Cnn(options).Fit(data).Transform(data));
        }

        Assert.Equal(Train(new MLContext(1), 42), Train(new MLContext(2), 42));
        Assert.Equal(Train(new MLContext(7), null), Train(new MLContext(7), null));
        Assert.NotEqual(Train(new MLContext(7), 1), Train(new MLContext(7), 2));
    }

    [Fact]
    public void The_input_shape_comes_from_the_dimensions_a_square_flat_vector_or_the_options()
    {
        var ml = new MLContext(1);
        var flat = ml.Data.LoadFromEnumerable(ToyImages.Rows(12).Select(r => new ToyImages.FlatRow { Label = r.Label, Features = r.Features }));
        flat = ml.Transforms.Conversion.MapValueToKey("Label").Fit(flat).Transform(flat);

        var fromSquare = ml.MulticlassClassification.Trainers.Cnn(ToyImages.Options(epochs: 1)).Fit(flat);
        Assert.Equal(new[] { 6, 6, 1 }, fromSquare.Model.InputShape);
        var fromDims = ml.MulticlassClassification.Trainers.Cnn(ToyImages.Options(epochs: 1)).Fit(ToyImages.Keyed(ml, 12));
        Assert.Equal(new[] { 6, 6, 1 }, fromDims.Model.InputShape);

        var twoD = ToyImages.Options(epochs: 1);
        twoD.InputShape = new[] { 6, 6 };
        Assert.Equal(new[] { 6, 6, 1 }, ml.MulticlassClassification.Trainers.Cnn(twoD).Fit(flat).Model.InputShape);

        var wrong = ToyImages.Options(epochs: 1);
        wrong.InputShape = new[] { 5, 5, 1 };
        var mismatch = Assert.Throws<ArgumentOutOfRangeException>(() => ml.MulticlassClassification.Trainers.Cnn(wrong).Fit(flat));
        Assert.Contains("'Features'", mismatch.Message);
        Assert.Contains("5x5x1 = 25", mismatch.Message);

        var odd = ml.Transforms.Concatenate("Features", "Features", "Features").Fit(flat).Transform(flat);
        var notSquare = Assert.Throws<ArgumentOutOfRangeException>(() => ml.MulticlassClassification.Trainers.Cnn(ToyImages.Options(epochs: 1)).Fit(odd));
        Assert.Contains("'Features'", notSquare.Message);
        Assert.Contains("InputShape", notSquare.Message);
    }

    private sealed class CsvRowNoVectorType
    {
        [LoadColumn(0)]
        public string Label = string.Empty;

        [LoadColumn(1, 36)]
        public float[] Features = Array.Empty<float>();
    }

    private sealed class CsvRowFlat
    {
        [LoadColumn(0)]
        public string Label = string.Empty;

        [LoadColumn(1, 36)]
        [VectorType(36)]
        public float[] Pixels = Array.Empty<float>();
    }

    [Fact]
    public void Csv_columns_declared_the_usual_ml_net_ways_all_train()
    {
        string path = Path.Combine(Path.GetTempPath(), $"mlnetcnn-toy-{Guid.NewGuid():N}.csv");
        try
        {
            File.WriteAllLines(path, new[] { "label," + string.Join(",", Enumerable.Range(1, 36).Select(i => "pixel" + i)) }
                .Concat(ToyImages.Rows(18).Select(r => r.Label + "," + string.Join(",", r.Features.Select(v => v.ToString(System.Globalization.CultureInfo.InvariantCulture))))));
            var ml = new MLContext(1);
            var plain = ml.Data.LoadFromTextFile<CsvRowNoVectorType>(path, separatorChar: ',', hasHeader: true);
            var flat = ml.Data.LoadFromTextFile<CsvRowFlat>(path, separatorChar: ',', hasHeader: true);

            var fromPlain = ml.Transforms.Conversion.MapValueToKey("Label").Append(ml.MulticlassClassification.Trainers.Cnn(ToyImages.Options(epochs: 1))).Fit(plain);
            var fromFlat = ml.Transforms.Conversion.MapValueToKey("Label").Append(ml.Transforms.Concatenate("Features", "Pixels"))
                .Append(ml.MulticlassClassification.Trainers.Cnn(ToyImages.Options(epochs: 1))).Fit(flat);

            Assert.Equal(new[] { 6, 6, 1 }, fromPlain.LastTransformer.Model.InputShape);
            Assert.Equal(new[] { 6, 6, 1 }, fromFlat.LastTransformer.Model.InputShape);
            Assert.Equal(Scores(fromPlain.Transform(plain)), Scores(fromFlat.Transform(flat)));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Custom_layers_must_end_in_a_softmax_over_the_classes_and_can_be_reused()
    {
        var ml = new MLContext(1);
        var data = ToyImages.Keyed(ml, 12);
        var options = ToyImages.Options(epochs: 1);
        var first = ml.MulticlassClassification.Trainers.Cnn(options).Fit(data);
        var second = ml.MulticlassClassification.Trainers.Cnn(options).Fit(data);
        Assert.Equal(Scores(first.Transform(data)), Scores(second.Transform(data)));
        Assert.All(options.Layers!, l => Assert.Null(l.Model));

        options.Layers = new List<Layer> { new Flatten(), new Dense(3) };
        var noSoftmax = Assert.Throws<InvalidOperationException>(() => ml.MulticlassClassification.Trainers.Cnn(options).Fit(data));
        Assert.Contains("softmax", noSoftmax.Message);
        options.Layers = new List<Layer> { new Flatten(), new Dense(4, activation: "softmax") };
        var units = Assert.Throws<InvalidOperationException>(() => ml.MulticlassClassification.Trainers.Cnn(options).Fit(data));
        Assert.Contains("4 units", units.Message);
        Assert.Contains("3 classes", units.Message);
        options.Layers = new List<Layer> { new Conv2D(2, (7, 7)), new Flatten(), new Dense(3, activation: "softmax") };
        var tooSmall = Assert.Throws<InvalidOperationException>(() => ml.MulticlassClassification.Trainers.Cnn(options).Fit(data));
        Assert.Contains("6x6x1", tooSmall.Message);
    }

    [Fact]
    public void Without_layers_the_trainer_builds_the_course_network()
    {
        var ml = new MLContext(1);
        var rows = Enumerable.Range(0, 4).Select(i => new FashionMnistScenarioTests.FashionRow { Label = i % 2, Features = new float[784] });
        var data = ml.Data.LoadFromEnumerable(rows);
        data = ml.Transforms.Conversion.MapValueToKey("Label").Fit(data).Transform(data);
        var options = new CnnTrainer.Options { Epoch = 0, Threads = 1 };

        var model = ml.MulticlassClassification.Trainers.Cnn(options).Fit(data).Model;

        Assert.Equal(new[] { 28, 28, 1 }, model.InputShape);
        Assert.Equal(2, model.ClassCount);
        Assert.Equal(640 + 36928 + 204928 + 129 * 2, model.ParameterCount);
        Assert.Contains("Conv2D", model.Summary());
    }

    [Fact]
    public void The_label_must_be_a_key_and_the_features_a_float_vector()
    {
        var ml = new MLContext(1);
        var raw = ToyImages.Data(ml, 6);
        var label = Assert.Throws<ArgumentOutOfRangeException>(() => ml.MulticlassClassification.Trainers.Cnn(ToyImages.Options()).Fit(raw));
        Assert.Contains("'Label'", label.Message);
        Assert.Contains("MapValueToKey", label.Message);
        var keyed = ToyImages.Keyed(ml, 6);
        var shape = SchemaShape.Create(keyed.Schema);
        var missing = Assert.Throws<ArgumentOutOfRangeException>(() => ml.MulticlassClassification.Trainers.Cnn(featureColumnName: "Pixels").GetOutputSchema(shape));
        Assert.Contains("'Pixels'", missing.Message);
        var oneClass = ml.Transforms.Conversion.MapValueToKey("Label", keyData: ml.Data.LoadFromEnumerable(new[] { new LabelRow { Label = "top" } }))
            .Fit(raw).Transform(raw);
        var single = Assert.Throws<InvalidOperationException>(() => ml.MulticlassClassification.Trainers.Cnn(ToyImages.Options()).Fit(oneClass));
        Assert.Contains("at least 2 classes", single.Message);
    }

    private sealed class LabelRow
    {
        public string Label = string.Empty;
    }

    [Fact]
    public void Rows_with_a_missing_label_or_non_finite_features_are_skipped_with_a_warning()
    {
        var ml = new MLContext(1);
        var warnings = new List<string>();
        ml.Log += (_, e) =>
        {
            if (e.Kind == ChannelMessageKind.Warning)
            {
                warnings.Add(e.RawMessage);
            }
        };
        var rows = ToyImages.Rows(12);
        rows[0].Label = string.Empty;
        rows[1].Features[3] = float.NaN;
        var data = ml.Data.LoadFromEnumerable(rows);
        data = ml.Transforms.Conversion.MapValueToKey("Label").Fit(data).Transform(data);

        ml.MulticlassClassification.Trainers.Cnn(ToyImages.Options(epochs: 1)).Fit(data);

        Assert.Equal("Skipped 1 training rows with a missing label in 'Label' and 1 with a NaN or infinite value in 'Features'.", Assert.Single(warnings));
    }

    [Fact]
    public void Prediction_engines_on_several_threads_agree_and_disposing_keeps_the_model_usable()
    {
        var ml = new MLContext(1);
        var data = ToyImages.Data(ml, 30);
        var options = ToyImages.Options(epochs: 3);
        options.Threads = 2;
        var model = ml.Transforms.Conversion.MapValueToKey("Label").Append(ml.MulticlassClassification.Trainers.Cnn(options))
            .Append(ml.Transforms.Conversion.MapKeyToValue("PredictedLabel")).Fit(data);
        var rows = ToyImages.Rows(24, seed: 5);
        ToyImages.Prediction[] Sequential()
        {
            using var engine = ml.Model.CreatePredictionEngine<ToyImages.Row, ToyImages.Prediction>(model, new PredictionEngineOptions { OwnsTransformer = false });
            return rows.Select(engine.Predict).ToArray();
        }

        var expected = Sequential();
        var parallel = new ToyImages.Prediction[rows.Count];
        Parallel.For(0, 4, worker =>
        {
            using var engine = ml.Model.CreatePredictionEngine<ToyImages.Row, ToyImages.Prediction>(model, new PredictionEngineOptions { OwnsTransformer = false });
            for (int i = worker; i < rows.Count; i += 4)
            {
                parallel[i] = engine.Predict(rows[i]);
            }
        });

        for (int i = 0; i < rows.Count; i++)
        {
            Assert.Equal(expected[i].Score, parallel[i].Score);
            Assert.Equal(expected[i].PredictedLabel, parallel[i].PredictedLabel);
        }

        model.Dispose();
        var again = Sequential();
        Assert.Equal(expected.Select(p => p.Score), again.Select(p => p.Score));
    }

    [Fact]
    public void Cross_validation_runs_the_cnn_pipeline_per_fold()
    {
        var ml = new MLContext(1);
        var pipeline = ml.Transforms.Conversion.MapValueToKey("Label").Append(ml.MulticlassClassification.Trainers.Cnn(ToyImages.Options(epochs: 6)));

        var results = ml.MulticlassClassification.CrossValidate(ToyImages.Data(ml, 60), pipeline, numberOfFolds: 2, seed: 3);

        Assert.Equal(2, results.Count);
        Assert.All(results, r => Assert.True(r.Metrics.MicroAccuracy > 0.8, r.Metrics.ToString()));
    }
}
