using System.Diagnostics;
using System.Globalization;
using MlNetCnn.Data;
using MlNetCnn.Engine;
using MlNetCnn.Runtime;
using MlNetCnn.Trainers;
using MlNetCnn.Transforms;

namespace MlNetCnn.Vision;

/// <summary>
/// Trains a convolutional network to classify images given as encoded file bytes
/// (<c>mlContext.MulticlassClassification.Trainers.ImageClassification</c>, ML.NET's <c>ImageClassificationTrainer</c>).
/// </summary>
/// <remarks>
/// <para><b>From scratch, not transfer learning.</b> ML.NET retrains the last layer of a pretrained TensorFlow network
/// that it downloads; those networks are not available here, so the whole network of <see cref="Options.Arch"/> is
/// trained from random weights (ML.NET's architecture values train <see cref="Architecture.ColorCnn"/>). Expect to
/// need more images and epochs than with a pretrained network.</para>
/// <para>Input: a key label column (<c>MapValueToKey</c>; at least 2 classes) and a vector-of-Byte feature column
/// holding each row's encoded image (PNG, JPEG, BMP, PBM/PGM/PPM), as <c>LoadRawImageBytes</c> or a <c>byte[]</c>
/// member gives.</para>
/// <para>Training: every image is decoded and preprocessed once, in parallel, and kept in memory (Size floats per
/// image: 784 for <see cref="Architecture.SmallCnn"/>, 12,288 for <see cref="Architecture.ColorCnn"/>). Rows with a
/// missing label are skipped, and so are rows whose image is empty or cannot be decoded, as ML.NET does; each
/// skipped image is named (row and reason) in a warning on <see cref="MLContext.Log"/>, and a data set with no usable
/// image is an error. A validation set comes from <see cref="Options.ValidationSet"/> or
/// <see cref="Options.ValidationSetFraction"/>. Then <see cref="Options.Epoch"/> epochs of mini-batch SGD with
/// momentum on the softmax cross-entropy, the images reshuffled every epoch (ML.NET shuffles once), with the
/// learning-rate schedule, per-epoch metrics and early stopping of <see cref="Options"/>.</para>
/// <para>Output: a <see cref="MulticlassPredictionTransformer{TModel}"/> of
/// <see cref="ImageClassificationModelParameters"/> that appends <c>Score</c> (the softmax probabilities, slot names
/// = the label's key values) and <c>PredictedLabel</c> (a key with the label's key values). The image preprocessing
/// is part of the model, so the transformer (and a saved model) scores raw image bytes.</para>
/// </remarks>
public sealed partial class ImageClassificationTrainer : ITrainerEstimator<MulticlassPredictionTransformer<ImageClassificationModelParameters>, ImageClassificationModelParameters>
{
    internal const string Component = "ImageClassificationTrainer";
    private const string LabelExpected = "a key column (map the labels with MapValueToKey)";
    private readonly MLContext _env;
    private readonly Options _options;

    internal ImageClassificationTrainer(MLContext env, Options options)
    {
        ArgumentNullException.ThrowIfNull(env);
        ArgumentNullException.ThrowIfNull(options);
        SchemaErrors.CheckName(options.LabelColumnName, nameof(options.LabelColumnName));
        SchemaErrors.CheckName(options.FeatureColumnName, nameof(options.FeatureColumnName));
        SchemaErrors.CheckName(options.ScoreColumnName, nameof(options.ScoreColumnName));
        SchemaErrors.CheckName(options.PredictedLabelColumnName, nameof(options.PredictedLabelColumnName));
        ArgumentOutOfRangeException.ThrowIfNegative(options.Epoch, nameof(options.Epoch));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.BatchSize, nameof(options.BatchSize));
        ArgumentOutOfRangeException.ThrowIfNegative(options.Threads, nameof(options.Threads));
        if (!ImageArchitectures.IsDefined(options.Arch))
        {
            throw ImageArchitectures.Unknown(options.Arch);
        }

        if (!(options.LearningRate > 0) || !float.IsFinite(options.LearningRate))
        {
            throw new ArgumentOutOfRangeException(nameof(options.LearningRate), options.LearningRate, "The learning rate must be finite and positive.");
        }

        if (!(options.Momentum >= 0 && options.Momentum < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(options.Momentum), options.Momentum, "The momentum must be in [0, 1).");
        }

        if (options.ValidationSetFraction is { } f && !(f > 0 && f < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(options.ValidationSetFraction), f, "ValidationSetFraction must be strictly between 0 and 1 (or null for no validation split).");
        }

        _env = env;
        _options = options;
    }

    /// <summary>The trainer's needs: no normalization (images are scaled inside), no caching (images are decoded
    /// once), validation supported.</summary>
    public TrainerInfo Info { get; } = new(normalization: false, caching: false, supportValid: true);

    /// <summary>Trains on <paramref name="input"/>, validating on <see cref="Options.ValidationSet"/> or on a held-out
    /// fraction.</summary>
    /// <param name="input">The training data.</param>
    /// <returns>The prediction transformer.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A column is missing or mistyped; the message names it.</exception>
    /// <exception cref="ArgumentException">Early stopping has nothing to watch (no validation set and
    /// <see cref="Options.TestOnTrainSet"/> false), as in ML.NET.</exception>
    /// <exception cref="InvalidOperationException">No usable image, or fewer than 2 classes.</exception>
    public MulticlassPredictionTransformer<ImageClassificationModelParameters> Fit(IDataView input) => Fit(input, _options.ValidationSet);

    /// <summary>Trains on <paramref name="trainData"/> and reports metrics on <paramref name="validationData"/> after
    /// every epoch (ML.NET's overload).</summary>
    /// <param name="trainData">The training data.</param>
    /// <param name="validationData">The validation data (same label and feature columns), or null for
    /// <see cref="Options.ValidationSetFraction"/>.</param>
    /// <returns>The prediction transformer.</returns>
    public MulticlassPredictionTransformer<ImageClassificationModelParameters> Fit(IDataView trainData, IDataView? validationData)
    {
        ArgumentNullException.ThrowIfNull(trainData);
        var (label, feature) = CheckColumns(trainData.Schema);
        int classes = checked((int)label.Type.GetKeyCount());
        if (classes < 2)
        {
            throw new InvalidOperationException($"{Component}: the label column '{label.Name}' has {classes} key; a classifier needs at least 2 classes.");
        }

        if (_options.EarlyStoppingCriteria != null && validationData == null && _options.ValidationSetFraction == null && !_options.TestOnTrainSet)
        {
            throw new ArgumentException("Early stopping is on but has no metric to watch: there is no validation set (ValidationSet, ValidationSetFraction) and TestOnTrainSet is false. Turn early stopping off (EarlyStoppingCriteria = null), give a validation set, or set TestOnTrainSet.", nameof(trainData));
        }

        var arch = ImageArchitectures.Resolve(_options.Arch);
        var input = ImageArchitectures.InputOf(arch);
        int seed = _options.Seed ?? _env.NextSeed();
        var clock = Stopwatch.StartNew();
        var train = ReadImages(trainData, label, feature, input, "training");
        DecodedImages? validation = null;
        if (validationData != null)
        {
            var (vLabel, vFeature) = CheckColumns(validationData.Schema);
            if (!vLabel.Type.Equals(label.Type))
            {
                throw SchemaErrors.WrongType(Component, vLabel.Name, $"in the validation set the training label's type {label.Type}", vLabel.Type.ToString());
            }

            validation = ReadImages(validationData, vLabel, vFeature, input, "validation");
        }
        else if (_options.ValidationSetFraction is { } fraction)
        {
            if (train.Count < 2)
            {
                _env.WriteLog(ChannelMessageKind.Warning, Component, $"{train.Count} training image cannot be split into training and validation sets; training without validation.");
            }
            else
            {
                (train, validation) = train.Split(fraction, unchecked((seed * 31) + 17));
            }
        }

        _env.WriteLog(ChannelMessageKind.Info, Component, string.Create(CultureInfo.InvariantCulture,
            $"Decoded {train.Count + (validation?.Count ?? 0)} images to {input} in {clock.Elapsed.TotalSeconds:F1} s."));
        WarnUnusedLearningRate();
        return Train(trainData.Schema, label, feature, arch, input, classes, seed, train, validation);
    }

    /// <summary>Checks the label and feature columns and returns the output shape: the input plus <c>Score</c> (a
    /// Single vector) and <c>PredictedLabel</c> (a <see cref="uint"/> key), with the annotations the label's key
    /// values give.</summary>
    /// <param name="inputSchema">The input shape.</param>
    /// <returns>The output shape.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A column is missing or mistyped; the message names it.</exception>
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        var label = SchemaErrors.Find(inputSchema, Component, _options.LabelColumnName, LabelExpected);
        if (!label.IsKey || label.Kind != SchemaShape.VectorKind.Scalar)
        {
            throw SchemaErrors.WrongType(Component, label.Name, LabelExpected, label.GetTypeString());
        }

        var feature = SchemaErrors.Find(inputSchema, Component, _options.FeatureColumnName, ImageClassificationModelParameters.Expected);
        if (feature.IsKey || feature.Kind == SchemaShape.VectorKind.Scalar || !ReferenceEquals(feature.ItemType, NumberDataViewType.Byte))
        {
            throw SchemaErrors.WrongType(Component, feature.Name, ImageClassificationModelParameters.Expected, feature.GetTypeString());
        }

        var scoreAnnotations = new List<SchemaShape.Column>();
        var predictedAnnotations = new List<SchemaShape.Column>();
        if (label.Annotations.TryFindColumn(AnnotationUtils.Kinds.KeyValues, out var kv))
        {
            scoreAnnotations.Add(TypeHelpers.VectorAnnotation(AnnotationUtils.Kinds.SlotNames, TextDataViewType.Instance));
            scoreAnnotations.Add(TypeHelpers.VectorAnnotation(AnnotationUtils.Kinds.TrainingLabelValues, kv.ItemType));
            predictedAnnotations.Add(TypeHelpers.VectorAnnotation(AnnotationUtils.Kinds.KeyValues, kv.ItemType));
        }

        foreach (var list in new[] { scoreAnnotations, predictedAnnotations })
        {
            list.Add(TypeHelpers.ScalarAnnotation(AnnotationUtils.Kinds.ScoreColumnKind, TextDataViewType.Instance));
            list.Add(TypeHelpers.ScalarAnnotation(AnnotationUtils.Kinds.ScoreValueKind, TextDataViewType.Instance));
        }

        var result = inputSchema.ToList();
        result.Add(new SchemaShape.Column(_options.ScoreColumnName, SchemaShape.VectorKind.Vector, NumberDataViewType.Single, false, new SchemaShape(scoreAnnotations)));
        result.Add(new SchemaShape.Column(_options.PredictedLabelColumnName, SchemaShape.VectorKind.Scalar, NumberDataViewType.UInt32, true, new SchemaShape(predictedAnnotations)));
        return new SchemaShape(result);
    }

    private MulticlassPredictionTransformer<ImageClassificationModelParameters> Train(DataViewSchema trainSchema, DataViewSchema.Column label,
        DataViewSchema.Column feature, Architecture arch, ImageInput input, int classes, int seed, DecodedImages train, DecodedImages? validation)
    {
        var kernels = CnnModelParameters.CreateKernels(reference: false, _options.Threads);
        try
        {
            var network = ImageArchitectures.Build(arch, classes, seed);
            network.Compile(new Sgd(_options.LearningRate, _options.Momentum), "sparse_categorical_crossentropy", new[] { "accuracy" }, kernels, seed);
            int batches = (train.Count + _options.BatchSize - 1) / _options.BatchSize;
            int validationBatches = validation == null ? 0 : (validation.Count + _options.BatchSize - 1) / _options.BatchSize;
            var monitor = new ImageClassificationMonitor(_env, _options, Math.Max(1, train.Count / _options.BatchSize), validationBatches);
            string mapped = arch == _options.Arch ? arch.ToString() : $"{arch} (for {_options.Arch}: pretrained networks are not available, the network trains from scratch)";
            _env.WriteLog(ChannelMessageKind.Info, Component,
                $"Training {mapped}, {network.CountParams()} weights, on {train.Count} images of {input}, {classes} classes: {_options.Epoch} epochs of {batches} batches of {_options.BatchSize}{(validation != null ? $", validating on {validation.Count} images" : string.Empty)}.");
            network.Fit(train.ImageTensor(input), train.LabelArray(), _options.BatchSize, _options.Epoch, verbose: 0,
                callbacks: new[] { monitor },
                validationData: validation == null ? null : (validation.ImageTensor(input), validation.LabelTensor()),
                shuffle: true, cancellationToken: _options.CancellationToken);
            int threads = kernels is Kernels.FastKernels fast ? fast.Threads : 1;
            var cnn = new CnnModelParameters(network, new[] { input.Height, input.Width, input.Channels }, classes, referenceKernels: false, threads, kernels);
            var model = new ImageClassificationModelParameters(_options.Arch, input, cnn);
            return new MulticlassPredictionTransformer<ImageClassificationModelParameters>(model, trainSchema, feature.Name, label.Name,
                _options.ScoreColumnName, _options.PredictedLabelColumnName);
        }
        catch
        {
            (kernels as IDisposable)?.Dispose();
            throw;
        }
    }

    private (DataViewSchema.Column Label, DataViewSchema.Column Feature) CheckColumns(DataViewSchema schema)
    {
        var label = SchemaErrors.Find(schema, Component, _options.LabelColumnName, LabelExpected);
        if (label.Type is not KeyDataViewType)
        {
            throw SchemaErrors.WrongType(Component, label.Name, LabelExpected, label.Type.ToString());
        }

        var feature = SchemaErrors.Find(schema, Component, _options.FeatureColumnName, ImageClassificationModelParameters.Expected);
        if (!ImageClassificationModelParameters.IsImageBytes(feature.Type))
        {
            throw SchemaErrors.WrongType(Component, feature.Name, ImageClassificationModelParameters.Expected, feature.Type.ToString());
        }

        return (label, feature);
    }

    private DecodedImages ReadImages(IDataView data, DataViewSchema.Column label, DataViewSchema.Column feature, ImageInput input, string what)
    {
        var images = DecodedImages.Read(data, label, feature, input, _options.Threads, _options.CancellationToken);
        if (images.MissingLabels > 0)
        {
            _env.WriteLog(ChannelMessageKind.Warning, Component, $"Skipped {images.MissingLabels} {what} rows with a missing label in '{label.Name}'.");
        }

        const int Named = 10;
        foreach (var (row, reason) in images.BadImages.Take(Named))
        {
            _env.WriteLog(ChannelMessageKind.Warning, Component, $"Skipped {what} row {row}: cannot decode the image in '{feature.Name}': {reason}.");
        }

        if (images.BadImages.Count > Named)
        {
            _env.WriteLog(ChannelMessageKind.Warning, Component, $"Skipped {images.BadImages.Count} {what} rows in all whose image in '{feature.Name}' is empty or cannot be decoded.");
        }

        if (images.Count == 0)
        {
            string why = images.BadImages.Count > 0 ? $" (row {images.BadImages[0].Row}: {images.BadImages[0].Reason})" : string.Empty;
            throw new InvalidOperationException($"{Component}: the {what} data has no row with a label in '{label.Name}' and a decodable image in '{feature.Name}'{why}.");
        }

        return images;
    }

    private void WarnUnusedLearningRate()
    {
        float? scheduled = _options.LearningRateScheduler switch
        {
            ExponentialLRDecay e => e.LearningRate,
            PolynomialLRDecay p => p.LearningRate,
            _ => null,
        };
        if (scheduled is { } rate && rate != _options.LearningRate)
        {
            _env.WriteLog(ChannelMessageKind.Warning, Component, string.Create(CultureInfo.InvariantCulture,
                $"Options.LearningRate ({_options.LearningRate}) is not used: the LearningRateScheduler sets the rate, starting at {rate} (as in ML.NET). Set LearningRateScheduler = null for a constant rate, or give the schedule the rate."));
        }
    }
}
