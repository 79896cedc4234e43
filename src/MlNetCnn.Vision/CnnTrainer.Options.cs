using MlNetCnn.Keras.Layers;
using MlNetCnn.Trainers;

namespace MlNetCnn.Vision;

public sealed partial class CnnTrainer
{
    /// <summary>The optimizers the trainer can use (Keras's update rules and defaults).</summary>
    public enum OptimizerKind
    {
        /// <summary>Adam (beta1 0.9, beta2 0.999, epsilon 1e-7).</summary>
        Adam,

        /// <summary>Stochastic gradient descent, with <see cref="Options.Momentum"/>.</summary>
        Sgd,

        /// <summary>RMSprop (rho 0.9, epsilon 1e-7).</summary>
        RmsProp,
    }

    /// <summary>
    /// The settings of <see cref="CnnTrainer"/>. Public fields with documented defaults, like ML.NET's trainer
    /// options.
    /// </summary>
    public sealed class Options
    {
        /// <summary>The label column: a key column (use <c>MapValueToKey</c>), one class per key. Default "Label".</summary>
        public string LabelColumnName = "Label";

        /// <summary>The feature column: a known-size vector of Single (pixels, row-major height x width x
        /// channels). Default "Features".</summary>
        public string FeatureColumnName = "Features";

        /// <summary>The name of the score column produced. Default "Score".</summary>
        public string ScoreColumnName = "Score";

        /// <summary>The name of the predicted-label column produced. Default "PredictedLabel".</summary>
        public string PredictedLabelColumnName = "PredictedLabel";

        /// <summary>
        /// The image shape (height, width, channels), or (height, width) for one channel. Null (the default) takes it
        /// from the feature column's dimensions: (h, w, c) as given by <c>[VectorType(h, w, c)]</c>, (h, w) with one
        /// channel; a one-dimensional vector whose size is a perfect square s * s is taken as an s x s single-channel
        /// image (784 -> 28 x 28 x 1), any other flat size is an error asking for this field. The product must equal
        /// the feature vector's size.
        /// </summary>
        public int[]? InputShape;

        /// <summary>
        /// The network's layers (Keras layers from <c>MlNetCnn.Keras.Layers</c>, without an input layer). The last one
        /// must be a <c>Dense</c> with a softmax activation and one unit per class. The layers are copied for each
        /// <c>Fit</c> (the same options can train several models). Null (the default) uses
        /// <c>Applications.FashionMnistCnn</c>: Conv2D(64, 3x3, relu), MaxPooling2D(2x2), Conv2D(64, 3x3, relu),
        /// MaxPooling2D(2x2), Flatten, Dense(128, relu), Dense(classes, softmax), which needs inputs of at least
        /// 10 x 10.
        /// </summary>
        public IList<Layer>? Layers;

        /// <summary>The number of passes over the training data. Default 5 (the course's <c>epochs=5</c>).</summary>
        public int Epoch = 5;

        /// <summary>The number of rows per gradient step. Default 32 (Keras's default).</summary>
        public int BatchSize = 32;

        /// <summary>The learning rate. Default 0.001 (Adam's default). Ignored when a
        /// <see cref="LearningRateScheduler"/> is set (its own initial rate is used).</summary>
        public float LearningRate = 0.001f;

        /// <summary>The optimizer. Default <see cref="OptimizerKind.Adam"/>.</summary>
        public OptimizerKind Optimizer = OptimizerKind.Adam;

        /// <summary>The momentum of <see cref="OptimizerKind.Sgd"/>. Default 0.</summary>
        public float Momentum;

        /// <summary>Whether the training rows are shuffled before every epoch. Default true.</summary>
        public bool Shuffle = true;

        /// <summary>Data evaluated after every epoch (it needs the label column, with the same key type, and the
        /// feature column). Default null.</summary>
        public IDataView? ValidationSet;

        /// <summary>When <see cref="ValidationSet"/> is null, the fraction of the training rows (chosen at random
        /// from the seed, in (0, 1)) held out as the validation set instead of trained on. Default null: no
        /// validation.</summary>
        public float? ValidationSetFraction;

        /// <summary>Stops training when the watched metric stops improving. Default null: train all
        /// <see cref="Epoch"/> epochs.</summary>
        public EarlyStopping? EarlyStoppingCriteria;

        /// <summary>Changes the learning rate from batch to batch, e.g. <see cref="ExponentialLRDecay"/>. Default
        /// null: the constant <see cref="LearningRate"/>.</summary>
        public LearningRateScheduler? LearningRateScheduler;

        /// <summary>Called after every epoch with its metrics. Default null. The metrics also go to
        /// <see cref="MLContext.Log"/> (Trace) either way.</summary>
        public Action<CnnTrainerMetrics>? MetricsCallback;

        /// <summary>Checked after every batch; cancelling stops <c>Fit</c> with an
        /// <see cref="OperationCanceledException"/>. Default none.</summary>
        public CancellationToken CancellationToken;

        /// <summary>The seed of weight initialization, shuffling, dropout and the validation split. Null (the
        /// default) draws one from the <see cref="MLContext"/>, so a context created with a seed trains
        /// reproducibly.</summary>
        public int? Seed;

        /// <summary>Train and predict with the plain reference kernels instead of the fast (SIMD, multi-threaded)
        /// ones. Default false.</summary>
        public bool UseReferenceKernels;

        /// <summary>Threads of the fast kernels; 0 (the default) means one per processor. Results are deterministic
        /// for a given thread count.</summary>
        public int Threads;
    }
}
