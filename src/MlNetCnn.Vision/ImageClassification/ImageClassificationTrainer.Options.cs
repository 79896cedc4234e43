using MlNetCnn.Trainers;

namespace MlNetCnn.Vision;

public sealed partial class ImageClassificationTrainer
{
    /// <summary>
    /// The network to train. ML.NET's four values name pretrained TensorFlow networks for transfer learning; they
    /// cannot be downloaded here, so each trains <see cref="ColorCnn"/> from scratch instead (the values are kept so
    /// ML.NET code compiles and runs). <see cref="SmallCnn"/> and <see cref="ColorCnn"/> are MlNetCnn's own.
    /// </summary>
    /// <remarks>
    /// Every architecture fixes its input: images are decoded, converted to its colour mode and stretched to its size
    /// inside the model (see <see cref="ImageClassificationModelParameters"/>).
    /// </remarks>
    public enum Architecture
    {
        /// <summary>ML.NET: ResNet v2 101 (299 x 299, pretrained). Here: trains <see cref="ColorCnn"/>.</summary>
        ResnetV2101 = 0,

        /// <summary>ML.NET: Inception v3 (299 x 299, pretrained). Here: trains <see cref="ColorCnn"/>.</summary>
        InceptionV3 = 1,

        /// <summary>ML.NET: MobileNet v2 (224 x 224, pretrained). Here: trains <see cref="ColorCnn"/>.</summary>
        MobilenetV2 = 2,

        /// <summary>ML.NET's default: ResNet v2 50 (299 x 299, pretrained). Here: trains <see cref="ColorCnn"/>.</summary>
        ResnetV250 = 3,

        /// <summary>The course's Fashion-MNIST network on 28 x 28 gray images: Conv2D(64, 3x3, relu),
        /// MaxPooling2D(2x2), Conv2D(64, 3x3, relu), MaxPooling2D(2x2), Flatten, Dense(128, relu), Dense(classes,
        /// softmax); 243,786 weights for 10 classes. For small grayscale images (digits, clothes, icons).</summary>
        SmallCnn = 4,

        /// <summary>A deeper network for small colour photos on 64 x 64 RGB images: three blocks of
        /// Conv2D(32 / 64 / 128, 3x3, same padding, relu) and MaxPooling2D(2x2), Flatten (8 x 8 x 128),
        /// Dense(128, relu), Dropout(0.5), Dense(classes, softmax); about 1.14 million weights for 10 classes. About
        /// 85 MFLOP per image forward, 8.5 times the small network.</summary>
        ColorCnn = 5,
    }

    /// <summary>
    /// The settings of <see cref="ImageClassificationTrainer"/>: ML.NET's <c>ImageClassificationTrainer.Options</c>
    /// (same names; defaults as ML.NET's except <see cref="Epoch"/>), plus <see cref="Momentum"/>,
    /// <see cref="Seed"/>, <see cref="Threads"/> and <see cref="CancellationToken"/>.
    /// </summary>
    public sealed class Options
    {
        /// <summary>The feature column: a vector of Byte holding an encoded image file (PNG, JPEG, BMP, PBM/PGM/PPM),
        /// as <c>LoadRawImageBytes</c> or a <c>byte[]</c> member gives. Default "Features".</summary>
        public string FeatureColumnName = "Features";

        /// <summary>The label column: a key of <see cref="uint"/> (use <c>MapValueToKey</c>), at least 2 classes.
        /// Default "Label".</summary>
        public string LabelColumnName = "Label";

        /// <summary>The name of the score column produced. Default "Score".</summary>
        public string ScoreColumnName = "Score";

        /// <summary>The name of the predicted-label column produced. Default "PredictedLabel".</summary>
        public string PredictedLabelColumnName = "PredictedLabel";

        /// <summary>The number of images per gradient step. Default 10 (ML.NET's).</summary>
        public int BatchSize = 10;

        /// <summary>
        /// The number of passes over the training images. Default 20. <b>ML.NET's default is 200</b>: there an epoch
        /// only trains the last layer on cached features of a frozen pretrained network, which takes milliseconds.
        /// Here every epoch trains the whole network from scratch (each image through the full forward and backward
        /// pass, under 1 ms per 28 x 28 image for <see cref="Architecture.SmallCnn"/> on two cores), so the default is
        /// 20: enough for the built-in networks to converge on a few thousand images at <see cref="BatchSize"/> 10
        /// (10,000 Fashion-MNIST images: 0.84 test accuracy after 3 epochs). With the default early stopping
        /// (patience 20), 20 epochs are never cut short; with more epochs, early stopping ends training once
        /// validation accuracy stalls.
        /// </summary>
        public int Epoch = 20;

        /// <summary>
        /// The learning rate of stochastic gradient descent with <see cref="Momentum"/> (0.9 by default; ML.NET
        /// uses plain gradient descent). Default 0.01 (ML.NET's). <b>As in ML.NET, this value is not used while
        /// <see cref="LearningRateScheduler"/> is set</b> (it is by default): the schedule's own initial rate is.
        /// Set <c>LearningRateScheduler = null</c> for a constant rate, or give the schedule the rate (a warning is
        /// logged when the two differ).
        /// </summary>
        public float LearningRate = 0.01f;

        /// <summary>The momentum of the SGD optimizer (an MlNetCnn addition): v = Momentum * v - rate * gradient,
        /// w += v. Default 0.9, which trains networks from scratch far faster than ML.NET's plain gradient descent
        /// (0); it makes the effective step about rate / (1 - Momentum) = 10 x the learning rate. In [0, 1).</summary>
        public float Momentum = 0.9f;

        /// <summary>Stops training when the watched validation metric stops improving. Default
        /// <c>new EarlyStopping()</c> (accuracy, minDelta 0.01, patience 20), as in ML.NET; null turns it off. It
        /// watches the validation metrics, or the training metrics when there is no validation set.</summary>
        public EarlyStopping? EarlyStoppingCriteria = new();

        /// <summary>The network. Default <see cref="Architecture.ResnetV250"/> (ML.NET's), which trains
        /// <see cref="Architecture.ColorCnn"/>; use <see cref="Architecture.SmallCnn"/> for small gray
        /// images.</summary>
        public Architecture Arch = Architecture.ResnetV250;

        /// <summary>ML.NET's prefix of the checkpoint files it writes to the workspace. Accepted for compatibility;
        /// unused (nothing is written).</summary>
        public string FinalModelPrefix = "custom_retrained_model_based_on_";

        /// <summary>Called after every epoch with the training metrics (when <see cref="TestOnTrainSet"/>) and then
        /// the validation metrics (when there is a validation set). Default null. The metrics are written to
        /// <see cref="MLContext.Log"/> at Trace level either way, as ML.NET's default callback does. There is no
        /// bottleneck phase: <see cref="ImageClassificationMetrics.Bottleneck"/> is always null.</summary>
        public Action<ImageClassificationMetrics>? MetricsCallback;

        /// <summary>ML.NET's folder for downloaded networks and bottleneck cache files. Accepted; unused: nothing is
        /// downloaded, and the decoded images are cached in memory, not on disk.</summary>
        public string? WorkspacePath;

        /// <summary>Whether training-set metrics are reported after every epoch. Default true. They are measured on
        /// each batch as it is trained, as ML.NET does (not a separate pass).</summary>
        public bool TestOnTrainSet = true;

        /// <summary>ML.NET's bottleneck cache reuse. Accepted for compatibility; no effect (there is no
        /// bottleneck).</summary>
        public bool ReuseTrainSetBottleneckCachedValues;

        /// <summary>ML.NET's bottleneck cache reuse. Accepted for compatibility; no effect.</summary>
        public bool ReuseValidationSetBottleneckCachedValues;

        /// <summary>Data evaluated after every epoch, with the same label and feature columns. Default null.</summary>
        public IDataView? ValidationSet;

        /// <summary>When <see cref="ValidationSet"/> is null, the fraction of the training images held out (chosen
        /// at random from the seed) as the validation set instead of trained on: floor(rows * fraction), at least 1.
        /// Default 0.1 (ML.NET's); null turns it off. Must be in (0, 1).</summary>
        public float? ValidationSetFraction = 0.1f;

        /// <summary>ML.NET's bottleneck cache file name. Accepted for compatibility; unused.</summary>
        public string TrainSetBottleneckCachedValuesFileName = "trainSetBottleneckFile.csv";

        /// <summary>ML.NET's bottleneck cache file name. Accepted for compatibility; unused.</summary>
        public string ValidationSetBottleneckCachedValuesFileName = "validationSetBottleneckFile.csv";

        /// <summary>Sets the learning rate of every batch. Default <c>new ExponentialLRDecay()</c> (0.01, times 0.94
        /// every 2 epochs), as in ML.NET; null uses the constant <see cref="LearningRate"/>. Batches per epoch, for
        /// the schedule, are floor(training rows / <see cref="BatchSize"/>) (at least 1), as in ML.NET.</summary>
        public LearningRateScheduler? LearningRateScheduler = new ExponentialLRDecay();

        /// <summary>The seed of weight initialization, shuffling, dropout and the validation split (an MlNetCnn
        /// addition). Null (the default) draws one from the <see cref="MLContext"/>, so a context created with a
        /// seed trains reproducibly.</summary>
        public int? Seed;

        /// <summary>Threads of the kernels and of image decoding (an MlNetCnn addition); 0 (the default) means one
        /// per processor. Results are deterministic for a given thread count.</summary>
        public int Threads;

        /// <summary>Checked while images are decoded and after every batch; cancelling stops <c>Fit</c> with an
        /// <see cref="OperationCanceledException"/> (an MlNetCnn addition). Default none.</summary>
        public CancellationToken CancellationToken;
    }
}
