using MlNetCnn.Data;
using MlNetCnn.Tests.Workout;

namespace MlNetCnn.Tests.Evaluation;

public class PredictionTransformerTests
{
    private sealed class Point
    {
        public string Label = string.Empty;

        [VectorType(2)]
        public float[] Features = new float[2];
    }

    /// <summary>Three well separated clusters: "north" near (0, 5), "east" near (5, 0), "west" near (-5, 0).</summary>
    private static IDataView Points(MLContext ml, int count)
    {
        var random = new Random(7);
        var centers = new (string Name, float X, float Y)[] { ("north", 0, 5), ("east", 5, 0), ("west", -5, 0) };
        var rows = new List<Point>();
        for (int i = 0; i < count; i++)
        {
            var (name, x, y) = centers[i % 3];
            rows.Add(new Point { Label = name, Features = new[] { x + (float)random.NextDouble() - 0.5f, y + (float)random.NextDouble() - 0.5f } });
        }

        return ml.Data.LoadFromEnumerable(rows);
    }

    private static EstimatorChain<MulticlassPredictionTransformer<CentroidModel>> Pipeline(MLContext ml)
        => ml.Transforms.Conversion.MapValueToKey("Label").Append(new CentroidTrainer());

    [Fact]
    public void Score_and_predicted_label_carry_the_label_names()
    {
        var ml = new MLContext(1);
        var data = Points(ml, 30);
        var scored = Pipeline(ml).Fit(data).Transform(data);
        var score = scored.Schema["Score"];
        var predicted = scored.Schema["PredictedLabel"];

        Assert.Equal(new VectorDataViewType(NumberDataViewType.Single, 3), score.Type);
        Assert.Equal(new KeyDataViewType(typeof(uint), 3), predicted.Type);
        Assert.Equal(new[] { "north", "east", "west" }, DataViewValues.Annotation(score, "SlotNames"));
        Assert.Equal(new[] { "north", "east", "west" }, DataViewValues.Annotation(predicted, "KeyValues"));
        Assert.Equal("MulticlassClassification", DataViewValues.Annotation(score, "ScoreColumnKind"));
        Assert.Equal("PredictedLabel", DataViewValues.Annotation(predicted, "ScoreValueKind"));
        Assert.Equal(DataViewValues.Column(scored, "Label"), DataViewValues.Column(scored, "PredictedLabel"));
        foreach (var s in DataViewValues.Column(scored, "Score").Cast<float[]>())
        {
            Assert.Equal(1f, s.Sum(), 5);
        }
    }

    [Fact]
    public void Map_key_to_value_recovers_the_original_labels_and_evaluation_is_perfect()
    {
        var ml = new MLContext(1);
        var data = Points(ml, 30);
        var model = Pipeline(ml).Append(ml.Transforms.Conversion.MapKeyToValue("PredictedLabel")).Fit(data);
        var scored = model.Transform(data);

        Assert.Equal(DataViewValues.Column(data, "Label"), DataViewValues.Column(scored, "PredictedLabel"));
        var metrics = ml.MulticlassClassification.Evaluate(scored);
        Assert.Equal(1.0, metrics.MicroAccuracy);
        Assert.Equal(new[] { "north", "east", "west" }, metrics.ConfusionMatrix.PredictedClassesIndicators);
    }

    [Fact]
    public void Transform_scores_in_batches_and_reads_other_columns_unchanged()
    {
        var ml = new MLContext(1);
        var data = Points(ml, 10);
        var transformer = Pipeline(ml).Fit(data).LastTransformer;
        var keyed = ml.Transforms.Conversion.MapValueToKey("Label").Fit(data).Transform(data);
        var scored = transformer.Transform(keyed);

        DataViewValues.ReadAll(scored);
        Assert.Equal(3, transformer.Model.ScoreCalls);
        Assert.Equal(DataViewValues.Column(keyed, "Features"), DataViewValues.Column(scored, "Features"));
        transformer.Model.ScoreCalls = 0;
        Assert.Equal(10, DataViewValues.Column(scored, "Label").Count);
        Assert.Equal(0, transformer.Model.ScoreCalls);
    }

    [Fact]
    public void The_trainer_passes_the_estimator_workout()
    {
        var ml = new MLContext(1);
        var data = ml.Transforms.Conversion.MapValueToKey("Label").Fit(Points(ml, 21)).Transform(Points(ml, 21));
        var wrongFeatures = ml.Transforms.CopyColumns("Features", "Label").Fit(data).Transform(data);

        var transformer = (MulticlassPredictionTransformer<CentroidModel>)EstimatorWorkout.Run(ml, new CentroidTrainer(), data);
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => transformer.Transform(wrongFeatures));
        Assert.Contains("'Features'", error.Message);
        Assert.Equal("Features", transformer.FeatureColumnName);
        Assert.Equal(new VectorDataViewType(NumberDataViewType.Single, 2), transformer.FeatureColumnType);
    }

    [Fact]
    public void Cross_validation_trains_and_evaluates_one_model_per_fold()
    {
        var ml = new MLContext(1);
        var data = Points(ml, 60);
        var results = ml.MulticlassClassification.CrossValidate(data, Pipeline(ml), numberOfFolds: 3, seed: 5);

        Assert.Equal(3, results.Count);
        Assert.Equal(new[] { 0, 1, 2 }, results.Select(r => r.Fold));
        Assert.All(results, r => Assert.Equal(1.0, r.Metrics.MicroAccuracy));
        Assert.Equal(60, results.Sum(r => DataViewValues.Column(r.ScoredHoldOutSet, "Score").Count));
        Assert.Equal(3, results.Select(r => r.Model).Distinct().Count());
        Assert.Throws<ArgumentOutOfRangeException>(() => ml.MulticlassClassification.CrossValidate(data, Pipeline(ml), numberOfFolds: 1));
    }
}
