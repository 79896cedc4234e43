namespace MlNetCnn.Data;

/// <summary>
/// The results of <c>mlContext.MulticlassClassification.Evaluate</c>, defined exactly as ML.NET defines them.
/// </summary>
/// <remarks>
/// <para>Notation: N is the number of evaluated rows (rows with a missing label - key 0 or NaN -, a negative or
/// non-integer label, or a non-finite score are skipped); K is the number of classes, the size of the score vector;
/// n_c the number of rows whose true class is c; p_i the score of row i's true class. A row's true class has rank r
/// when r classes come before it in the order of decreasing score, ties broken by class index (a class with an equal
/// score and a lower index comes first). The predicted ("assigned") class is the first index holding the largest
/// score. A label index of K or more (a class the model never saw) counts in N, is never correct, is charged
/// -ln(1e-15) of log loss, and appears in no per-class figure or confusion-matrix row.</para>
/// </remarks>
public sealed class MulticlassClassificationMetrics
{
    internal MulticlassClassificationMetrics(double microAccuracy, double macroAccuracy, double logLoss, double logLossReduction,
        int topKPredictionCount, double[] topKAccuracyForAllK, double[] perClassLogLoss, ConfusionMatrix confusionMatrix)
    {
        MicroAccuracy = microAccuracy;
        MacroAccuracy = macroAccuracy;
        LogLoss = logLoss;
        LogLossReduction = logLossReduction;
        TopKPredictionCount = topKPredictionCount;
        TopKAccuracyForAllK = Array.AsReadOnly(topKAccuracyForAllK);
        TopKAccuracy = topKPredictionCount > 0 ? topKAccuracyForAllK[topKPredictionCount - 1] : 0;
        PerClassLogLoss = Array.AsReadOnly(perClassLogLoss);
        ConfusionMatrix = confusionMatrix;
    }

    /// <summary>The fraction of rows whose true class is predicted: (number of rows of rank 0) / N; 0 when
    /// N = 0.</summary>
    public double MicroAccuracy { get; }

    /// <summary>The mean, over the classes present in the evaluated data (n_c &gt; 0), of the per-class accuracy
    /// (the recall) CT[c][c] / n_c; 0 when no class is present.</summary>
    public double MacroAccuracy { get; }

    /// <summary>-(1/N) sum_i ln(clamp(p_i, 1e-15, 1)) (the bound is the single-precision value of 1e-15); 0 when
    /// N = 0.</summary>
    public double LogLoss { get; }

    /// <summary>(H - LogLoss) / H where H = -(1/N) sum_c n_c ln(n_c / N) is the entropy of the class distribution of
    /// the evaluated data: 1 for a perfect model, 0 for a model that predicts the prior, negative when worse. Not
    /// multiplied by 100. When only one class is present H = 0 and the value is -infinity (or NaN if LogLoss is
    /// 0).</summary>
    public double LogLossReduction { get; }

    /// <summary>The fraction of rows whose true class has rank below <see cref="TopKPredictionCount"/>, that is
    /// <c>TopKAccuracyForAllK[K - 1]</c>; 0 when K is 0.</summary>
    public double TopKAccuracy { get; }

    /// <summary>The K given to <c>Evaluate</c> (<c>topKPredictionCount</c>).</summary>
    public int TopKPredictionCount { get; }

    /// <summary>For k = 1 .. <see cref="TopKPredictionCount"/>, entry k - 1 is the fraction of rows whose true class
    /// has rank below k. Empty when <see cref="TopKPredictionCount"/> is 0.</summary>
    public IReadOnlyList<double> TopKAccuracyForAllK { get; }

    /// <summary>For each class c, the log loss summed over the rows of true class c divided by n_c; 0 for a class
    /// absent from the data.</summary>
    public IReadOnlyList<double> PerClassLogLoss { get; }

    /// <summary>The confusion matrix: rows are the true classes, columns the predicted classes.</summary>
    public ConfusionMatrix ConfusionMatrix { get; }

    /// <inheritdoc/>
    public override string ToString()
    {
        var ci = System.Globalization.CultureInfo.InvariantCulture;
        string text = string.Format(ci, "MicroAccuracy: {0:0.####}, MacroAccuracy: {1:0.####}, LogLoss: {2:0.####}, LogLossReduction: {3:0.####}",
            MicroAccuracy, MacroAccuracy, LogLoss, LogLossReduction);
        return TopKPredictionCount > 0 ? text + string.Format(ci, ", TopKAccuracy (K={0}): {1:0.####}", TopKPredictionCount, TopKAccuracy) : text;
    }
}
