using MlNetCnn.Data;

namespace MlNetCnn
{
    /// <summary>
    /// A transformer produced by a trainer: it holds the trained model parameters.
    /// </summary>
    /// <typeparam name="TModel">The type of the model parameters.</typeparam>
    public interface IPredictionTransformer<out TModel> : ITransformer
        where TModel : class
    {
        /// <summary>The trained model parameters.</summary>
        TModel Model { get; }
    }

    /// <summary>
    /// A prediction transformer that reads one feature column.
    /// </summary>
    /// <typeparam name="TModel">The type of the model parameters.</typeparam>
    public interface ISingleFeaturePredictionTransformer<out TModel> : IPredictionTransformer<TModel>
        where TModel : class
    {
        /// <summary>The name of the feature column.</summary>
        string FeatureColumnName { get; }

        /// <summary>The type of the feature column the model was trained on.</summary>
        DataViewType FeatureColumnType { get; }
    }

    /// <summary>
    /// An estimator that trains a model (a trainer).
    /// </summary>
    /// <typeparam name="TTransformer">The prediction transformer it produces.</typeparam>
    /// <typeparam name="TModel">The type of the model parameters.</typeparam>
    public interface ITrainerEstimator<out TTransformer, out TModel> : IEstimator<TTransformer>
        where TTransformer : ISingleFeaturePredictionTransformer<TModel>
        where TModel : class
    {
        /// <summary>What the trainer needs and supports.</summary>
        TrainerInfo Info { get; }
    }
}

namespace MlNetCnn.Data
{
    /// <summary>
    /// What a trainer needs from its input and what it supports.
    /// </summary>
    public sealed class TrainerInfo
    {
        /// <summary>Creates the description.</summary>
        /// <param name="normalization">Whether the features should be normalized first.</param>
        /// <param name="calibration">Whether the scores need calibration to be probabilities.</param>
        /// <param name="caching">Whether the trainer reads the data many times (a cache helps).</param>
        /// <param name="supportValid">Whether a validation set can be given.</param>
        /// <param name="supportIncrementalTrain">Whether training can continue from a trained model.</param>
        public TrainerInfo(bool normalization = true, bool calibration = false, bool caching = true, bool supportValid = false, bool supportIncrementalTrain = false)
        {
            NeedNormalization = normalization;
            NeedCalibration = calibration;
            WantCaching = caching;
            SupportsValidation = supportValid;
            SupportsIncrementalTraining = supportIncrementalTrain;
        }

        /// <summary>Whether the features should be normalized first.</summary>
        public bool NeedNormalization { get; }

        /// <summary>Whether the scores need calibration to be probabilities.</summary>
        public bool NeedCalibration { get; }

        /// <summary>Whether the trainer reads the data many times (a cache checkpoint before it helps).</summary>
        public bool WantCaching { get; }

        /// <summary>Whether a validation set can be given.</summary>
        public bool SupportsValidation { get; }

        /// <summary>Whether training can continue from a trained model.</summary>
        public bool SupportsIncrementalTraining { get; }
    }
}
