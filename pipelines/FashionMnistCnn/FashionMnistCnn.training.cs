// Written in the shape ML.NET Model Builder generates for <Name>.training.cs, with `using MlNetCnn...;` in place of
// `using Microsoft.ML...;`. The trainer is MlNetCnn's CNN trainer (Model Builder's image scenario would call
// ImageClassification here); its layers are the course's Fashion-MNIST network.
using MlNetCnn;
using MlNetCnn.Data;
using MlNetCnn.Keras.Layers;
using MlNetCnn.Vision;

namespace FashionMnistClassifier;

/// <summary>The Fashion-MNIST CNN model: the training pipeline and the code to retrain and save it.</summary>
public partial class FashionMnistCnn
{
    /// <summary>The training file <see cref="Train"/> reads by default: <c>data/fashion-mnist_train.csv</c> beside
    /// the program (the training app writes it from the repository's IDX files on first run).</summary>
    public static readonly string RetrainFilePath = Path.Combine(AppContext.BaseDirectory, "data", "fashion-mnist_train.csv");

    /// <summary>The field separator of the training file.</summary>
    public const char RetrainSeparatorChar = ',';

    /// <summary>Whether the training file starts with a header line.</summary>
    public const bool RetrainHasHeader = true;

    /// <summary>Whether fields of the training file may be quoted.</summary>
    public const bool RetrainAllowQuoting = false;

    /// <summary>The number of passes over the training data (the course's <c>epochs=5</c>).</summary>
    public const int RetrainEpoch = 5;

    /// <summary>
    /// Train a new model with the provided dataset.
    /// </summary>
    /// <param name="outputModelPath">File path for saving the model. Should be similar to "C:\YourPath\ModelName.zip"</param>
    /// <param name="inputDataFilePath">Path to the data file for training; null means <see cref="RetrainFilePath"/>.</param>
    /// <param name="separatorChar">Separator character for delimited training file.</param>
    /// <param name="hasHeader">Boolean if training file has a header.</param>
    /// <param name="allowQuoting">Boolean if training file allows quoting.</param>
    /// <param name="epoch">The number of passes over the training data.</param>
    /// <param name="seed">The seed of the <see cref="MLContext"/> (weights, shuffling); null for a random one.</param>
    public static void Train(string outputModelPath, string? inputDataFilePath = null, char separatorChar = RetrainSeparatorChar,
        bool hasHeader = RetrainHasHeader, bool allowQuoting = RetrainAllowQuoting, int epoch = RetrainEpoch, int? seed = null)
    {
        var mlContext = new MLContext(seed);

        var data = LoadIDataViewFromFile(mlContext, inputDataFilePath ?? RetrainFilePath, separatorChar, hasHeader, allowQuoting);
        var model = RetrainModel(mlContext, data, epoch);
        SaveModel(mlContext, model, data, outputModelPath);
    }

    /// <summary>
    /// Load an IDataView from a file path.
    /// </summary>
    /// <param name="mlContext">The common context for all ML.NET operations.</param>
    /// <param name="inputDataFilePath">Path to the data file for training.</param>
    /// <param name="separatorChar">Separator character for delimited training file.</param>
    /// <param name="hasHeader">Boolean if training file has a header.</param>
    /// <param name="allowQuoting">Boolean if training file allows quoting.</param>
    /// <returns>IDataView with loaded training data.</returns>
    public static IDataView LoadIDataViewFromFile(MLContext mlContext, string inputDataFilePath, char separatorChar, bool hasHeader, bool allowQuoting)
    {
        return mlContext.Data.LoadFromTextFile<ModelInput>(inputDataFilePath, separatorChar, hasHeader, allowQuoting: allowQuoting);
    }

    /// <summary>
    /// Save a model at the specified path.
    /// </summary>
    /// <param name="mlContext">The common context for all ML.NET operations.</param>
    /// <param name="model">Model to save.</param>
    /// <param name="data">IDataView used to train the model.</param>
    /// <param name="modelSavePath">File path to save the model to.</param>
    public static void SaveModel(MLContext mlContext, ITransformer model, IDataView data, string modelSavePath)
    {
        // Pull the data schema from the IDataView used for training the model
        DataViewSchema dataViewSchema = data.Schema;

        // The path overload writes beside the target and renames, so a failed save never leaves half a model.
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(modelSavePath))!);
        mlContext.Model.Save(model, dataViewSchema, modelSavePath);
    }

    /// <summary>
    /// Retrains model using the pipeline generated as part of the training process.
    /// </summary>
    /// <param name="mlContext">The common context for all ML.NET operations.</param>
    /// <param name="trainData">The training data.</param>
    /// <param name="epoch">The number of passes over the training data.</param>
    /// <returns>The trained model.</returns>
    public static ITransformer RetrainModel(MLContext mlContext, IDataView trainData, int epoch = RetrainEpoch)
    {
        var pipeline = BuildPipeline(mlContext, epoch);
        var model = pipeline.Fit(trainData);

        return model;
    }

    /// <summary>
    /// Build the pipeline that is used from model builder. Use this function to retrain model.
    /// </summary>
    /// <param name="mlContext">The common context for all ML.NET operations.</param>
    /// <param name="epoch">The number of passes over the training data.</param>
    /// <returns>The estimator chain: label to key, pixels scaled to [0, 1], the CNN, key back to the class name.</returns>
    public static IEstimator<ITransformer> BuildPipeline(MLContext mlContext, int epoch = RetrainEpoch)
    {
        // Data process configuration with pipeline data transformations
        var pipeline = mlContext.Transforms.Conversion.MapValueToKey(outputColumnName: @"label", inputColumnName: @"label", addKeyValueAnnotationsAsText: false)
                                .Append(mlContext.Transforms.NormalizeMinMax(outputColumnName: @"Features", inputColumnName: @"pixels"))
                                .Append(mlContext.MulticlassClassification.Trainers.Cnn(new CnnTrainer.Options()
                                {
                                    LabelColumnName = @"label",
                                    FeatureColumnName = @"Features",
                                    ScoreColumnName = @"Score",
                                    PredictedLabelColumnName = @"PredictedLabel",
                                    InputShape = new[] { 28, 28, 1 },
                                    Layers = new Layer[]
                                    {
                                        new Conv2D(64, (3, 3), activation: "relu"),
                                        new MaxPooling2D((2, 2)),
                                        new Conv2D(64, (3, 3), activation: "relu"),
                                        new MaxPooling2D((2, 2)),
                                        new Flatten(),
                                        new Dense(128, activation: "relu"),
                                        new Dense(10, activation: "softmax"),
                                    },
                                    Epoch = epoch,
                                    BatchSize = 32,
                                    LearningRate = 0.001f,
                                    Optimizer = CnnTrainer.OptimizerKind.Adam,
                                }))
                                .Append(mlContext.Transforms.Conversion.MapKeyToValue(outputColumnName: @"PredictedLabel", inputColumnName: @"PredictedLabel"));

        return pipeline;
    }
}
