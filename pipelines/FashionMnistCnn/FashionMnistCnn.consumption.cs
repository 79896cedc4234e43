// Written in the shape ML.NET Model Builder generates for <Name>.consumption.cs, with `using MlNetCnn...;` in place
// of `using Microsoft.ML...;`. The training app and FashionMnistCnn.Consume both compile this one file.
using MlNetCnn;
using MlNetCnn.Data;

namespace FashionMnistClassifier;

/// <summary>The Fashion-MNIST CNN model: its input and output classes and the code to predict with it.</summary>
public partial class FashionMnistCnn
{
    /// <summary>Model input class for the FashionMnistCnn model: one row of the Kaggle-style CSV
    /// (<c>label,pixel1,...,pixel784</c>).</summary>
    public class ModelInput
    {
        /// <summary>The class name, e.g. "Ankle boot". Leave it empty when predicting.</summary>
        [LoadColumn(0)]
        [ColumnName(@"label")]
        public string Label { get; set; } = string.Empty;

        /// <summary>The 28 x 28 grayscale pixels, row by row, 0 (background) to 255 (full ink).</summary>
        [LoadColumn(1, 784)]
        [ColumnName(@"pixels")]
        [VectorType(784)]
        public float[] Pixels { get; set; } = new float[784];
    }

    /// <summary>Model output class for the FashionMnistCnn model: the input columns plus the pipeline's
    /// outputs.</summary>
    public class ModelOutput
    {
        /// <summary>The label as a key (1-based; 0 when the input label was empty or unknown).</summary>
        [ColumnName(@"label")]
        public uint Label { get; set; }

        /// <summary>The input pixels.</summary>
        [ColumnName(@"pixels")]
        public float[] Pixels { get; set; } = [];

        /// <summary>The normalized pixels the network saw.</summary>
        [ColumnName(@"Features")]
        public float[] Features { get; set; } = [];

        /// <summary>The most probable class name.</summary>
        [ColumnName(@"PredictedLabel")]
        public string PredictedLabel { get; set; } = string.Empty;

        /// <summary>The probability of each class, in the order of the label's key values.</summary>
        [ColumnName(@"Score")]
        public float[] Score { get; set; } = [];
    }

    /// <summary>The model file <see cref="PredictEngine"/> loads: <c>FashionMnistCnn.zip</c> beside the program.
    /// Public (Model Builder makes it private) so that a host can point at another file before the first
    /// prediction; later changes have no effect, the engine is created once.</summary>
    public static string MLNetModelPath = Path.Combine(AppContext.BaseDirectory, "FashionMnistCnn.zip");

    /// <summary>The prediction engine, created from <see cref="MLNetModelPath"/> on first use. A prediction engine is
    /// not thread safe: call <see cref="Predict"/> from one thread at a time, or use a
    /// <c>PredictionEnginePool</c> (see FashionMnistCnn.Consume).</summary>
    public static readonly Lazy<PredictionEngine<ModelInput, ModelOutput>> PredictEngine = new Lazy<PredictionEngine<ModelInput, ModelOutput>>(() => CreatePredictEngine(), true);

    /// <summary>Use this method to predict on <see cref="ModelInput"/>.</summary>
    /// <param name="input">model input.</param>
    /// <returns><see cref="ModelOutput"/></returns>
    public static ModelOutput Predict(ModelInput input)
    {
        var predEngine = PredictEngine.Value;
        return predEngine.Predict(input);
    }

    /// <summary>Use this method to predict scores for all possible labels.</summary>
    /// <param name="input">model input.</param>
    /// <returns>The class names with their scores, highest score first.</returns>
    public static IOrderedEnumerable<KeyValuePair<string, float>> PredictAllLabels(ModelInput input)
    {
        var predEngine = PredictEngine.Value;
        var result = predEngine.Predict(input);
        return GetSortedScoresWithLabels(result);
    }

    /// <summary>Map the scores of a prediction to their labels and sort them.</summary>
    /// <param name="result">Prediction to get the labeled scores from.</param>
    /// <returns>The class names with their scores, highest score first.</returns>
    public static IOrderedEnumerable<KeyValuePair<string, float>> GetSortedScoresWithLabels(ModelOutput result)
    {
        var unlabeledScores = result.Score;
        var labelNames = GetLabels(result).ToArray();

        Dictionary<string, float> labeledScores = new Dictionary<string, float>();
        for (int i = 0; i < labelNames.Length; i++)
        {
            // Map the names to the predicted result score array
            var labelName = labelNames[i];
            labeledScores.Add(labelName, unlabeledScores[i]);
        }

        return labeledScores.OrderByDescending(c => c.Value);
    }

    /// <summary>Get the ordered label names.</summary>
    /// <param name="result">Predicted result to get the labels from.</param>
    /// <returns>The label names, in key order (the order of <see cref="ModelOutput.Score"/>).</returns>
    private static IEnumerable<string> GetLabels(ModelOutput result)
    {
        var schema = PredictEngine.Value.OutputSchema;

        var labelColumn = schema.GetColumnOrNull("label");
        if (labelColumn == null)
        {
            throw new InvalidOperationException($"The model {MLNetModelPath} has no 'label' column. Make sure the name searched for matches the name in the schema.");
        }

        // Key values contains an ordered array of the possible labels. This allows us to map the results to the correct label value.
        var keyNames = new VBuffer<ReadOnlyMemory<char>>();
        labelColumn.Value.GetKeyValues(ref keyNames);
        return keyNames.DenseValues().Select(x => x.ToString());
    }

    /// <summary>Loads <see cref="MLNetModelPath"/> and creates the prediction engine.</summary>
    /// <returns>The engine.</returns>
    private static PredictionEngine<ModelInput, ModelOutput> CreatePredictEngine()
    {
        var mlContext = new MLContext();
        ITransformer mlModel = mlContext.Model.Load(MLNetModelPath, out var _);
        return mlContext.Model.CreatePredictionEngine<ModelInput, ModelOutput>(mlModel);
    }
}
