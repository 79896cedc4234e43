// The evaluation Model Builder runs after training (its "Evaluate" step shows MicroAccuracy, MacroAccuracy, LogLoss
// and LogLossReduction), as code: score the test file with the trained model and compute the multiclass metrics.
using MlNetCnn;
using MlNetCnn.Data;

namespace FashionMnistClassifier;

/// <summary>The Fashion-MNIST CNN model: evaluation on held-out data.</summary>
public partial class FashionMnistCnn
{
    /// <summary>The test file <see cref="Evaluate(MLContext, ITransformer, IDataView)"/> is usually given:
    /// <c>data/fashion-mnist_test.csv</c> beside the program.</summary>
    public static readonly string TestFilePath = Path.Combine(AppContext.BaseDirectory, "data", "fashion-mnist_test.csv");

    /// <summary>
    /// Evaluate a trained model on test data that was not used for training.
    /// </summary>
    /// <param name="mlContext">The common context for all ML.NET operations.</param>
    /// <param name="model">The trained model.</param>
    /// <param name="testData">Rows with the same columns as the training data.</param>
    /// <returns>The metrics: MicroAccuracy (the fraction of rows classified right, Model Builder's default metric),
    /// MacroAccuracy (the mean over classes of each class's accuracy), LogLoss and LogLossReduction, and the confusion
    /// matrix.</returns>
    public static MulticlassClassificationMetrics Evaluate(MLContext mlContext, ITransformer model, IDataView testData)
    {
        var predictions = model.Transform(testData);
        return mlContext.MulticlassClassification.Evaluate(predictions, labelColumnName: @"label", scoreColumnName: @"Score", predictedLabelColumnName: @"PredictedLabel");
    }
}
