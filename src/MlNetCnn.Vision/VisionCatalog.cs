using MlNetCnn.Vision;

namespace MlNetCnn;

/// <summary>
/// The CNN and image-classification trainers on <c>mlContext.MulticlassClassification.Trainers</c>.
/// </summary>
public static partial class VisionCatalog
{
    /// <summary>Creates a <see cref="CnnTrainer"/> with default settings (the Fashion-MNIST network, 5 epochs,
    /// batches of 32, Adam at 0.001); see <see cref="CnnTrainer.Options"/>.</summary>
    /// <param name="catalog">The multiclass trainers catalog.</param>
    /// <param name="labelColumnName">The key label column.</param>
    /// <param name="featureColumnName">The image column: a known-size vector of Single, height x width x
    /// channels.</param>
    /// <param name="scoreColumnName">The score column to produce.</param>
    /// <param name="predictedLabelColumnName">The predicted-label column to produce.</param>
    /// <param name="validationSet">Optional data evaluated after every epoch.</param>
    /// <returns>The trainer.</returns>
    public static CnnTrainer Cnn(this MulticlassClassificationCatalog.MulticlassClassificationTrainers catalog,
        string labelColumnName = "Label", string featureColumnName = "Features", string scoreColumnName = "Score",
        string predictedLabelColumnName = "PredictedLabel", IDataView? validationSet = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new CnnTrainer(catalog.GetEnvironment(), new CnnTrainer.Options
        {
            LabelColumnName = labelColumnName,
            FeatureColumnName = featureColumnName,
            ScoreColumnName = scoreColumnName,
            PredictedLabelColumnName = predictedLabelColumnName,
            ValidationSet = validationSet,
        });
    }

    /// <summary>Creates a <see cref="CnnTrainer"/> with the given settings.</summary>
    /// <param name="catalog">The multiclass trainers catalog.</param>
    /// <param name="options">The settings.</param>
    /// <returns>The trainer.</returns>
    public static CnnTrainer Cnn(this MulticlassClassificationCatalog.MulticlassClassificationTrainers catalog, CnnTrainer.Options options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(options);
        return new CnnTrainer(catalog.GetEnvironment(), options);
    }
}
