using MlNetCnn.Data;
using MlNetCnn.Runtime;
using MlNetCnn.Tests.Workout;

namespace MlNetCnn.Vision.Tests.ImageClassification;

public class ImageClassificationTrainerTests
{
    private static float[][] Scores(IDataView scored) => DataViewValues.Column(scored, "Score").Cast<float[]>().ToArray();

    [Fact]
    public void Passes_the_estimator_workout_on_encoded_image_bytes()
    {
        var ml = new MLContext(1);
        var data = EncodedImages.Keyed(ml, 24);
        var bad = new (IDataView, string, bool)[]
        {
            (ml.Transforms.DropColumns("Image").Fit(data).Transform(data), "Image", true),
            (EncodedImages.Data(ml, 6), "Label", false),
            (ml.Transforms.CopyColumns("Image", "Label").Fit(data).Transform(data), "Image", true),
        };

        // One-row (prediction engine) and batched inference may round differently: compare those to 1e-5.
        var model = EstimatorWorkout.Run(ml, ml.MulticlassClassification.Trainers.ImageClassification(EncodedImages.Options()), data, invalidInputs: bad, mapperTolerance: 1e-5);

        var parameters = ((MulticlassPredictionTransformer<ImageClassificationModelParameters>)model).Model;
        Assert.Equal((28, 28, 1, 3), (parameters.ImageHeight, parameters.ImageWidth, parameters.ImageChannels, parameters.ClassCount));
        Assert.Equal(ImageClassificationTrainer.Architecture.SmallCnn, parameters.Arch);
        Assert.Equal(640 + 36_928 + 204_928 + (128 * 3) + 3, parameters.ParameterCount);
    }

    [Fact]
    public void Learns_from_bytes_and_maps_predictions_back_to_label_names()
    {
        var ml = new MLContext(1);
        var train = EncodedImages.Data(ml, 60);
        var test = EncodedImages.Data(ml, 30, seed: 99);
        var pipeline = ml.Transforms.Conversion.MapValueToKey("Label")
            .Append(ml.MulticlassClassification.Trainers.ImageClassification(EncodedImages.Options(epochs: 3)))
            .Append(ml.Transforms.Conversion.MapKeyToValue("PredictedLabel"));

        var model = pipeline.Fit(train);
        var scored = model.Transform(test);
        var metrics = ml.MulticlassClassification.Evaluate(scored);

        Assert.True(metrics.MicroAccuracy >= 0.9, metrics.ToString());
        Assert.Equal(EncodedImages.Classes, DataViewValues.Annotation(scored.Schema["Score"], "SlotNames"));
        Assert.All(Scores(scored), s => Assert.Equal(1f, s.Sum(), 4));

        using var engine = ml.Model.CreatePredictionEngine<EncodedImages.Row, EncodedImages.Prediction>(model);
        var rows = EncodedImages.Rows(30, seed: 99);
        var predicted = DataViewValues.Column(scored, "PredictedLabel").Cast<string>().ToArray();
        for (int i = 0; i < rows.Count; i++)
        {
            var p = engine.Predict(new EncodedImages.Row { Image = rows[i].Image });
            Assert.Equal(predicted[i], p.PredictedLabel);
        }
    }

    [Fact]
    public void The_same_seed_trains_the_same_model()
    {
        var ml = new MLContext(1);
        var data = EncodedImages.Keyed(ml, 18);
        var trainer = ml.MulticlassClassification.Trainers.ImageClassification(EncodedImages.Options());
        var first = Scores(trainer.Fit(data).Transform(data));
        var second = Scores(trainer.Fit(data).Transform(data));
        Assert.Equal(first, second);
    }

    [Fact]
    public void Images_are_read_and_decoded_once_however_many_epochs()
    {
        var ml = new MLContext(1);
        var rows = new CountingRows(EncodedImages.Rows(15));
        var data = ml.Data.LoadFromEnumerable(rows);
        var keyed = ml.Transforms.Conversion.MapValueToKey("Label").Fit(data).Transform(data);
        var options = EncodedImages.Options(epochs: 4);
        options.ValidationSetFraction = 0.2f;
        rows.Enumerations = 0;

        ml.MulticlassClassification.Trainers.ImageClassification(options).Fit(keyed);

        Assert.Equal(1, rows.Enumerations);
    }

    [Fact]
    public void Undecodable_training_images_are_skipped_and_named_in_the_log()
    {
        var ml = new MLContext(1);
        var log = new List<LoggingEventArgs>();
        ml.Log += (_, e) => log.Add(e);
        var rows = EncodedImages.Rows(12);
        rows[3].Image = "not an image at all"u8.ToArray();
        rows[7].Image = Array.Empty<byte>();
        rows[9].Image = rows[9].Image.AsSpan(0, 40).ToArray();

        var model = ml.MulticlassClassification.Trainers.ImageClassification(EncodedImages.Options()).Fit(EncodedImages.Keyed(ml, rows));

        var warnings = log.Where(e => e.Kind == ChannelMessageKind.Warning).Select(e => e.RawMessage).ToArray();
        Assert.Equal(3, warnings.Length);
        Assert.Contains("training row 3: cannot decode the image in 'Image': unrecognised image format", warnings[0]);
        Assert.Contains("training row 7", warnings[1]);
        Assert.Contains("is empty", warnings[1]);
        Assert.Contains("training row 9", warnings[2]);
        Assert.Contains(log, e => e.Kind == ChannelMessageKind.Info && e.RawMessage.Contains("on 9 images", StringComparison.Ordinal));
        Assert.NotNull(model);
    }

    [Fact]
    public void Training_data_without_a_decodable_image_is_an_error_naming_the_column_and_a_row()
    {
        var ml = new MLContext(1);
        var rows = EncodedImages.Rows(6);
        rows.ForEach(r => r.Image = new byte[] { 1, 2, 3 });
        var e = Assert.Throws<InvalidOperationException>(() => ml.MulticlassClassification.Trainers.ImageClassification(EncodedImages.Options()).Fit(EncodedImages.Keyed(ml, rows)));
        Assert.Contains("no row with a label in 'Label' and a decodable image in 'Image'", e.Message);
        Assert.Contains("row 0:", e.Message);
    }

    [Fact]
    public void A_bad_image_at_prediction_time_is_a_clear_error_naming_the_row_and_column()
    {
        var ml = new MLContext(1);
        var model = ml.MulticlassClassification.Trainers.ImageClassification(EncodedImages.Options())
            .Append(ml.Transforms.Conversion.MapKeyToValue("PredictedLabel"))
            .Fit(EncodedImages.Keyed(ml, 12));
        var rows = EncodedImages.Rows(5, seed: 3);
        rows[2].Image = new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0 };
        var scored = model.Transform(EncodedImages.Keyed(ml, rows));
        var e = Assert.Throws<InvalidOperationException>(() => Scores(scored));
        Assert.Contains("cannot decode the image of row 2 in column 'Image'", e.Message);

        using var engine = ml.Model.CreatePredictionEngine<EncodedImages.Row, EncodedImages.Prediction>(model);
        var empty = Assert.Throws<InvalidOperationException>(() => engine.Predict(new EncodedImages.Row()));
        Assert.Contains("column 'Image' is empty", empty.Message);
        var garbage = Assert.Throws<InvalidOperationException>(() => engine.Predict(new EncodedImages.Row { Image = new byte[] { 1, 2, 3, 4 } }));
        Assert.Contains("cannot decode the image", garbage.Message);
        Assert.Contains("unrecognised image format", garbage.Message);
    }

    [Fact]
    public void Ml_net_architectures_train_the_colour_network_on_64x64_rgb()
    {
        var ml = new MLContext(1);
        var log = new List<string>();
        ml.Log += (_, e) => log.Add(e.RawMessage);
        var options = EncodedImages.Options();
        options.Arch = ImageClassificationTrainer.Architecture.MobilenetV2;
        options.BatchSize = 6;
        var data = EncodedImages.Keyed(ml, EncodedImages.Rows(6, size: 20, channels: 3));

        var model = ml.MulticlassClassification.Trainers.ImageClassification(options).Fit(data);

        Assert.Equal(ImageClassificationTrainer.Architecture.MobilenetV2, model.Model.Arch);
        Assert.Equal((64, 64, 3), (model.Model.ImageHeight, model.Model.ImageWidth, model.Model.ImageChannels));
        Assert.Equal(896 + 18_496 + 73_856 + ((8 * 8 * 128 * 128) + 128) + ((128 * 3) + 3), model.Model.ParameterCount);
        Assert.Contains(log, m => m.Contains("Training ColorCnn (for MobilenetV2: pretrained networks are not available", StringComparison.Ordinal));
        Assert.Contains("conv2d", model.Model.Summary(), StringComparison.Ordinal);
        Assert.All(Scores(model.Transform(data)), s => Assert.Equal(1f, s.Sum(), 4));
    }

    [Fact]
    public void Defaults_are_ml_nets_except_the_epoch_count()
    {
        var o = new ImageClassificationTrainer.Options();
        Assert.Equal(("Features", "Label", "Score", "PredictedLabel"), (o.FeatureColumnName, o.LabelColumnName, o.ScoreColumnName, o.PredictedLabelColumnName));
        Assert.Equal((10, 20, 0.01f), (o.BatchSize, o.Epoch, o.LearningRate));
        Assert.Equal(ImageClassificationTrainer.Architecture.ResnetV250, o.Arch);
        Assert.Equal((0.01f, 20, true), (o.EarlyStoppingCriteria!.MinDelta, o.EarlyStoppingCriteria.Patience, o.EarlyStoppingCriteria.CheckIncreasing));
        var schedule = Assert.IsType<Trainers.ExponentialLRDecay>(o.LearningRateScheduler);
        Assert.Equal((0.01f, 2f, 0.94f, true), (schedule.LearningRate, schedule.NumEpochsPerDecay, schedule.DecayRate, schedule.Staircase));
        Assert.Equal(0.1f, o.ValidationSetFraction);
        Assert.True(o.TestOnTrainSet);
        Assert.Null(o.WorkspacePath);
        Assert.Null(o.MetricsCallback);
        Assert.Equal(new[] { 0, 1, 2, 3 }, new[] { ImageClassificationTrainer.Architecture.ResnetV2101, ImageClassificationTrainer.Architecture.InceptionV3,
            ImageClassificationTrainer.Architecture.MobilenetV2, ImageClassificationTrainer.Architecture.ResnetV250 }.Select(a => (int)a));
    }

    [Fact]
    public void Bad_options_are_refused_with_the_option_name()
    {
        var ml = new MLContext(1);
        var trainers = ml.MulticlassClassification.Trainers;
        ImageClassificationTrainer.Options With(Action<ImageClassificationTrainer.Options> change)
        {
            var o = EncodedImages.Options();
            change(o);
            return o;
        }

        var arch = Assert.Throws<ArgumentOutOfRangeException>(() => trainers.ImageClassification(With(o => o.Arch = (ImageClassificationTrainer.Architecture)42)));
        Assert.Equal("Arch", arch.ParamName);
        Assert.Contains("Unknown architecture 42", arch.Message);
        foreach (float fraction in new[] { 0f, 1f, 1.5f, -0.1f, float.NaN })
        {
            var e = Assert.Throws<ArgumentOutOfRangeException>(() => trainers.ImageClassification(With(o => o.ValidationSetFraction = fraction)));
            Assert.Equal("ValidationSetFraction", e.ParamName);
        }

        Assert.Equal("BatchSize", Assert.Throws<ArgumentOutOfRangeException>(() => trainers.ImageClassification(With(o => o.BatchSize = 0))).ParamName);
        Assert.Equal("Epoch", Assert.Throws<ArgumentOutOfRangeException>(() => trainers.ImageClassification(With(o => o.Epoch = -1))).ParamName);
        Assert.Equal("LearningRate", Assert.Throws<ArgumentOutOfRangeException>(() => trainers.ImageClassification(With(o => o.LearningRate = float.NaN))).ParamName);
        Assert.Equal("Momentum", Assert.Throws<ArgumentOutOfRangeException>(() => trainers.ImageClassification(With(o => o.Momentum = 1f))).ParamName);
        Assert.Throws<ArgumentOutOfRangeException>(() => new ImageClassificationTrainer.EarlyStopping(patience: -1));

        var blind = trainers.ImageClassification(With(o =>
        {
            o.EarlyStoppingCriteria = new ImageClassificationTrainer.EarlyStopping();
            o.TestOnTrainSet = false;
        }));
        var noMetric = Assert.Throws<ArgumentException>(() => blind.Fit(EncodedImages.Keyed(ml, 6)));
        Assert.Contains("Early stopping is on but has no metric to watch", noMetric.Message);

        var oneClass = EncodedImages.Keyed(ml, EncodedImages.Rows(3).Where(r => r.Label == "top"));
        Assert.Contains("at least 2 classes", Assert.Throws<InvalidOperationException>(() => trainers.ImageClassification(EncodedImages.Options()).Fit(oneClass)).Message);
    }

    /// <summary>Rows that count how often they are enumerated.</summary>
    private sealed class CountingRows(List<EncodedImages.Row> rows) : IEnumerable<EncodedImages.Row>
    {
        public int Enumerations { get; set; }

        public IEnumerator<EncodedImages.Row> GetEnumerator()
        {
            Enumerations++;
            return rows.GetEnumerator();
        }

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
