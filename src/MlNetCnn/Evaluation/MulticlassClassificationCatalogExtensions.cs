using MlNetCnn.Data;

namespace MlNetCnn;

/// <summary>
/// Evaluation and cross-validation of multiclass classifiers (<c>mlContext.MulticlassClassification.Evaluate</c>
/// and <c>CrossValidate</c>).
/// </summary>
public static class MulticlassClassificationCatalogExtensions
{
    /// <summary>Evaluates scored data: compares the label with the scores a multiclass model produced.</summary>
    /// <param name="catalog">The multiclass catalog.</param>
    /// <param name="data">The scored data (the output of the model's <c>Transform</c>).</param>
    /// <param name="labelColumnName">The true label: a key column (key k is class k - 1) or a Single/Double column
    /// holding the 0-based class index.</param>
    /// <param name="scoreColumnName">The scores: a known-size vector of Single, one per class (probabilities for the
    /// log loss to be meaningful).</param>
    /// <param name="predictedLabelColumnName">The predicted label column; it must exist, but the metrics are computed
    /// from the scores (the predicted class is the first arg-max), as ML.NET does.</param>
    /// <param name="topKPredictionCount">K for <see cref="MulticlassClassificationMetrics.TopKAccuracy"/>; 0 turns
    /// top-K accuracy off.</param>
    /// <returns>The metrics; see <see cref="MulticlassClassificationMetrics"/> for the exact definitions.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A column is missing or has the wrong type; the message names
    /// it.</exception>
    public static MulticlassClassificationMetrics Evaluate(this MulticlassClassificationCatalog catalog, IDataView data,
        string labelColumnName = "Label", string scoreColumnName = "Score", string predictedLabelColumnName = "PredictedLabel",
        int topKPredictionCount = 0)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return MulticlassEvaluator.Evaluate(data, labelColumnName, scoreColumnName, predictedLabelColumnName, topKPredictionCount);
    }

    /// <summary>Cross-validates an estimator: splits the data into folds (see
    /// <see cref="DataOperationsCatalog.CrossValidationSplit"/>), and for each fold trains on the other folds and
    /// evaluates on it.</summary>
    /// <param name="catalog">The multiclass catalog.</param>
    /// <param name="data">The data.</param>
    /// <param name="estimator">The pipeline to train, typically ending with a trainer (it must produce
    /// <c>Score</c> and <c>PredictedLabel</c>).</param>
    /// <param name="numberOfFolds">The number of folds, at least 2.</param>
    /// <param name="labelColumnName">The label column of the scored data.</param>
    /// <param name="samplingKeyColumnName">An optional column whose equal values always fall in the same fold.</param>
    /// <param name="seed">The split seed; null draws one from the context.</param>
    /// <returns>One result per fold, in fold order: the metrics, the model, the scored fold and the fold
    /// index.</returns>
    public static IReadOnlyList<TrainCatalogBase.CrossValidationResult<MulticlassClassificationMetrics>> CrossValidate(
        this MulticlassClassificationCatalog catalog, IDataView data, IEstimator<ITransformer> estimator, int numberOfFolds = 5,
        string labelColumnName = "Label", string? samplingKeyColumnName = null, int? seed = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(estimator);
        var env = catalog.GetEnvironment();
        var folds = env.Data.CrossValidationSplit(data, numberOfFolds, samplingKeyColumnName, seed);
        var results = new List<TrainCatalogBase.CrossValidationResult<MulticlassClassificationMetrics>>();
        for (int fold = 0; fold < folds.Count; fold++)
        {
            var model = estimator.Fit(folds[fold].TrainSet);
            var scored = model.Transform(folds[fold].TestSet);
            var metrics = catalog.Evaluate(scored, labelColumnName);
            results.Add(new TrainCatalogBase.CrossValidationResult<MulticlassClassificationMetrics>(model, metrics, scored, fold));
        }

        return results;
    }
}

/// <summary>
/// The base of ML.NET's training catalogs; here it only holds <see cref="CrossValidationResult{TMetrics}"/> so that
/// code naming <c>TrainCatalogBase.CrossValidationResult&lt;T&gt;</c> compiles.
/// </summary>
public abstract class TrainCatalogBase
{
    private protected TrainCatalogBase()
    {
    }

    /// <summary>The result of one cross-validation fold.</summary>
    /// <typeparam name="TMetrics">The metrics type, e.g. <see cref="MulticlassClassificationMetrics"/>.</typeparam>
    public sealed class CrossValidationResult<TMetrics>
        where TMetrics : class
    {
        internal CrossValidationResult(ITransformer model, TMetrics metrics, IDataView scoredHoldOutSet, int fold)
        {
            Model = model;
            Metrics = metrics;
            ScoredHoldOutSet = scoredHoldOutSet;
            Fold = fold;
        }

        /// <summary>The model trained on the other folds.</summary>
        public readonly ITransformer Model;

        /// <summary>The metrics on this fold.</summary>
        public readonly TMetrics Metrics;

        /// <summary>This fold scored by <see cref="Model"/>.</summary>
        public readonly IDataView ScoredHoldOutSet;

        /// <summary>The 0-based fold index.</summary>
        public readonly int Fold;
    }
}
