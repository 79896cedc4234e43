using MlNetCnn.Vision;

namespace MlNetCnn;

public static partial class VisionCatalog
{
    /// <summary>Creates an <see cref="ImageClassificationTrainer"/> with default settings (ML.NET's, except 20
    /// epochs; see <see cref="ImageClassificationTrainer.Options"/>): it trains a network from scratch on encoded
    /// image bytes.</summary>
    /// <param name="catalog">The multiclass trainers catalog.</param>
    /// <param name="labelColumnName">The key label column.</param>
    /// <param name="featureColumnName">The image column: a vector of Byte holding each row's encoded image file, as
    /// <c>LoadRawImageBytes</c> gives.</param>
    /// <param name="scoreColumnName">The score column to produce.</param>
    /// <param name="predictedLabelColumnName">The predicted-label column to produce.</param>
    /// <param name="validationSet">Optional data evaluated after every epoch (null: 10% of the training images are
    /// held out).</param>
    /// <returns>The trainer.</returns>
    public static ImageClassificationTrainer ImageClassification(this MulticlassClassificationCatalog.MulticlassClassificationTrainers catalog,
        string labelColumnName = "Label", string featureColumnName = "Features", string scoreColumnName = "Score",
        string predictedLabelColumnName = "PredictedLabel", IDataView? validationSet = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new ImageClassificationTrainer(catalog.GetEnvironment(), new ImageClassificationTrainer.Options
        {
            LabelColumnName = labelColumnName,
            FeatureColumnName = featureColumnName,
            ScoreColumnName = scoreColumnName,
            PredictedLabelColumnName = predictedLabelColumnName,
            ValidationSet = validationSet,
        });
    }

    /// <summary>Creates an <see cref="ImageClassificationTrainer"/> with the given settings.</summary>
    /// <param name="catalog">The multiclass trainers catalog.</param>
    /// <param name="options">The settings.</param>
    /// <returns>The trainer.</returns>
    public static ImageClassificationTrainer ImageClassification(this MulticlassClassificationCatalog.MulticlassClassificationTrainers catalog,
        ImageClassificationTrainer.Options options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(options);
        return new ImageClassificationTrainer(catalog.GetEnvironment(), options);
    }
}
