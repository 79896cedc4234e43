using MlNetCnn.Data;

namespace MlNetCnn.Tests.Evaluation;

public class MulticlassEvaluationTests
{
    private sealed class Scored
    {
        [KeyType(3)]
        public uint Label;

        [VectorType(3)]
        public float[] Score = new float[3];

        [KeyType(3)]
        public uint PredictedLabel;
    }

    private static Scored S(uint label, params float[] score) => new() { Label = label, Score = score, PredictedLabel = 1 };

    // Classes 0, 1, 2 are keys 1, 2, 3. Class 2 never occurs as a label.
    private static IDataView Data(MLContext ml) => ml.Data.LoadFromEnumerable(new[]
    {
        S(1, 0.7f, 0.2f, 0.1f),          // class 0, rank 0
        S(1, 0.4f, 0.4f, 0.2f),          // class 0, tie with class 1: lower index first, rank 0
        S(2, 0.4f, 0.4f, 0.2f),          // class 1, tie: class 0 ranks ahead, rank 1, predicted 0
        S(2, 0.5f, 0f, 0.5f),            // class 1, probability 0: charged -ln(1e-15), rank 2, predicted 0
        S(0, 0.1f, 0.8f, 0.1f),          // missing label: skipped
        S(2, float.NaN, 0.5f, 0.5f),     // non-finite score: skipped
    });

    [Fact]
    public void Metrics_follow_the_ml_net_definitions_on_hand_computed_data()
    {
        var ml = new MLContext(1);
        var m = ml.MulticlassClassification.Evaluate(Data(ml), topKPredictionCount: 2);

        Assert.Equal(0.5, m.MicroAccuracy);
        Assert.Equal((1.0 + 0.0) / 2, m.MacroAccuracy);
        double tiny = -Math.Log(1e-15f);
        double l0 = -Math.Log(0.7f), l1 = -Math.Log(0.4f), l2 = -Math.Log(0.4f), l3 = tiny;
        double logLoss = (l0 + l1 + l2 + l3) / 4;
        Assert.Equal(logLoss, m.LogLoss, 12);
        Assert.Equal((Math.Log(2) - logLoss) / Math.Log(2), m.LogLossReduction, 12);
        Assert.Equal(new[] { (l0 + l1) / 2, (l2 + l3) / 2, 0 }, m.PerClassLogLoss.ToArray(), new Tolerance(1e-12));
        Assert.Equal(2, m.TopKPredictionCount);
        Assert.Equal(new[] { 0.5, 0.75 }, m.TopKAccuracyForAllK);
        Assert.Equal(0.75, m.TopKAccuracy);

        var cm = m.ConfusionMatrix;
        Assert.Equal(3, cm.NumberOfClasses);
        Assert.Equal(new double[] { 2, 0, 0 }, cm.Counts[0]);
        Assert.Equal(new double[] { 2, 0, 0 }, cm.Counts[1]);
        Assert.Equal(new double[] { 0, 0, 0 }, cm.Counts[2]);
        Assert.Equal(2, cm.GetCountForClassPair(predictedClassIndex: 0, actualClassIndex: 1));
        Assert.Equal(0, cm.GetCountForClassPair(predictedClassIndex: 1, actualClassIndex: 0));
        Assert.Equal(new[] { 0.5, 0, 0 }, cm.PerClassPrecision);
        Assert.Equal(new[] { 1.0, 0, 0 }, cm.PerClassRecall);
        Assert.Throws<ArgumentOutOfRangeException>(() => cm.GetCountForClassPair(3, 0));
    }

    [Fact]
    public void Without_top_k_the_top_k_accuracy_is_zero_and_the_list_empty()
    {
        var ml = new MLContext(1);
        var m = ml.MulticlassClassification.Evaluate(Data(ml));

        Assert.Equal(0, m.TopKAccuracy);
        Assert.Empty(m.TopKAccuracyForAllK);
        Assert.Throws<ArgumentOutOfRangeException>(() => ml.MulticlassClassification.Evaluate(Data(ml), topKPredictionCount: -1));
    }

    private sealed class TwoScores
    {
        [KeyType(3)]
        public uint Label;

        [VectorType(2)]
        public float[] Score = new float[2];

        public uint PredictedLabel;
    }

    [Fact]
    public void A_label_beyond_the_score_vector_counts_as_wrong_with_the_maximum_log_loss()
    {
        var ml = new MLContext(1);
        var data = ml.Data.LoadFromEnumerable(new[]
        {
            new TwoScores { Label = 1, Score = new[] { 0.9f, 0.1f } },
            new TwoScores { Label = 3, Score = new[] { 0.9f, 0.1f } },
        });
        var m = ml.MulticlassClassification.Evaluate(data, topKPredictionCount: 2);

        Assert.Equal(0.5, m.MicroAccuracy);
        Assert.Equal(1.0, m.MacroAccuracy);
        Assert.Equal((-Math.Log(0.9f) - Math.Log(1e-15f)) / 2, m.LogLoss, 12);
        Assert.Equal(new[] { 0.5, 0.5 }, m.TopKAccuracyForAllK);
        Assert.Equal(1, m.ConfusionMatrix.Counts.Sum(r => r.Sum()));
    }

    private sealed class FloatLabel
    {
        public float Label;

        [VectorType(2)]
        public float[] Score = new float[2];

        public float PredictedLabel;
    }

    [Fact]
    public void Floating_point_labels_are_class_indices_and_invalid_ones_are_skipped()
    {
        var ml = new MLContext(1);
        var data = ml.Data.LoadFromEnumerable(new[]
        {
            new FloatLabel { Label = 0, Score = new[] { 0.6f, 0.4f } },
            new FloatLabel { Label = 1, Score = new[] { 0.6f, 0.4f } },
            new FloatLabel { Label = float.NaN, Score = new[] { 0.6f, 0.4f } },
            new FloatLabel { Label = -1, Score = new[] { 0.6f, 0.4f } },
            new FloatLabel { Label = 0.5f, Score = new[] { 0.6f, 0.4f } },
        });
        var m = ml.MulticlassClassification.Evaluate(data);

        Assert.Equal(0.5, m.MicroAccuracy);
        double logLoss = (-Math.Log(0.6f) - Math.Log(0.4f)) / 2;
        Assert.Equal(logLoss, m.LogLoss, 12);
        Assert.Equal((Math.Log(2) - logLoss) / Math.Log(2), m.LogLossReduction, 12);
    }

    [Fact]
    public void Missing_or_mistyped_columns_are_named()
    {
        var ml = new MLContext(1);
        var data = Data(ml);
        var noScore = Assert.Throws<ArgumentOutOfRangeException>(() => ml.MulticlassClassification.Evaluate(data, scoreColumnName: "Scores"));
        Assert.Contains("'Scores'", noScore.Message);
        var labelAsScore = Assert.Throws<ArgumentOutOfRangeException>(() => ml.MulticlassClassification.Evaluate(data, scoreColumnName: "Label"));
        Assert.Contains("'Label'", labelAsScore.Message);
        Assert.Contains("vector of Single", labelAsScore.Message);
        var scoreAsLabel = Assert.Throws<ArgumentOutOfRangeException>(() => ml.MulticlassClassification.Evaluate(data, labelColumnName: "Score"));
        Assert.Contains("'Score'", scoreAsLabel.Message);
        var noPredicted = Assert.Throws<ArgumentOutOfRangeException>(() => ml.MulticlassClassification.Evaluate(data, predictedLabelColumnName: "Guess"));
        Assert.Contains("'Guess'", noPredicted.Message);
    }

    [Fact]
    public void Formatted_confusion_table_lists_counts_recall_and_precision()
    {
        var ml = new MLContext(1);
        var table = ml.MulticlassClassification.Evaluate(Data(ml)).ConfusionMatrix.GetFormattedConfusionTable();
        var lines = table.Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.Length > 0).ToArray();

        Assert.Equal("Confusion table", lines[0]);
        Assert.StartsWith("PREDICTED ||", lines[2]);
        Assert.EndsWith("| Recall", lines[2]);
        Assert.Matches(@"^\s+0 \|\|\s+2 \|\s+0 \|\s+0 \| 1\.0000$", lines[4]);
        Assert.Matches(@"^\s+1 \|\|\s+2 \|\s+0 \|\s+0 \| 0\.0000$", lines[5]);
        Assert.Matches(@"^Precision \|\|\s+0\.5000 \|\s+0\.0000 \|\s+0\.0000 \|$", lines[^1]);
    }

    private sealed class Tolerance(double eps) : IEqualityComparer<double>
    {
        public bool Equals(double x, double y) => Math.Abs(x - y) <= eps;

        public int GetHashCode(double obj) => 0;
    }
}
