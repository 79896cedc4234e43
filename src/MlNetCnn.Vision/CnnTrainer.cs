using MlNetCnn.Data;
using MlNetCnn.Engine;
using MlNetCnn.Keras;
using MlNetCnn.Keras.Layers;
using MlNetCnn.Runtime;
using MlNetCnn.Transforms;

namespace MlNetCnn.Vision;

/// <summary>
/// Trains a convolutional neural network for multiclass image classification
/// (<c>mlContext.MulticlassClassification.Trainers.Cnn</c>), with the Keras-style engine of this library.
/// </summary>
/// <remarks>
/// <para>Input: a key label column (from <c>MapValueToKey</c>: one class per key, at least 2 keys) and a known-size
/// Single vector feature column holding each image row-major as height x width x channels (see
/// <see cref="Options.InputShape"/>). Scale the pixels first, e.g. with <c>NormalizeMinMax</c>. Rows with a missing
/// label (key 0) or a NaN or infinite feature are skipped (counted in a warning on <see cref="MLContext.Log"/>).</para>
/// <para>Training reads the data once into memory, then runs <see cref="Options.Epoch"/> epochs of mini-batch
/// training minimizing the cross-entropy of the softmax output (Keras's sparse categorical cross-entropy), on the fast
/// kernels unless <see cref="Options.UseReferenceKernels"/>. Progress goes to <see cref="MLContext.Log"/> and
/// <see cref="Options.MetricsCallback"/>.</para>
/// <para>Output: a <see cref="MulticlassPredictionTransformer{TModel}"/> of <see cref="CnnModelParameters"/> that
/// appends <c>Score</c> (the softmax probabilities, slot names = the label's key values) and <c>PredictedLabel</c> (a
/// key with the label's key values, so <c>MapKeyToValue</c> recovers the labels).</para>
/// </remarks>
public sealed partial class CnnTrainer : ITrainerEstimator<MulticlassPredictionTransformer<CnnModelParameters>, CnnModelParameters>
{
    private const string Component = "CnnTrainer";
    private readonly MLContext _env;
    private readonly Options _options;

    internal CnnTrainer(MLContext env, Options options)
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
        if (!(options.LearningRate > 0) || !float.IsFinite(options.LearningRate))
        {
            throw new ArgumentOutOfRangeException(nameof(options.LearningRate), options.LearningRate, "The learning rate must be finite and positive.");
        }

        if (options.ValidationSetFraction is { } f && !(f > 0 && f < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(options.ValidationSetFraction), f, "The validation fraction must be strictly between 0 and 1.");
        }

        if (options.InputShape is { } shape && (shape.Length is < 2 or > 3 || shape.Any(d => d < 1)))
        {
            throw new ArgumentException($"InputShape must be (height, width, channels) or (height, width) of positive sizes, got ({string.Join(", ", shape)}).", nameof(options));
        }

        _env = env;
        _options = options;
    }

    /// <summary>The trainer's needs: no normalization required (but recommended), no caching (the data is read
    /// once), validation supported.</summary>
    public TrainerInfo Info { get; } = new(normalization: false, caching: false, supportValid: true);

    /// <summary>Trains on <paramref name="input"/>, validating on <see cref="Options.ValidationSet"/> or a held-out
    /// fraction when configured.</summary>
    /// <param name="input">The training data.</param>
    /// <returns>The prediction transformer.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A column is missing or mistyped; the message names it.</exception>
    /// <exception cref="InvalidOperationException">No usable row, fewer than 2 classes, or a network that does not
    /// fit.</exception>
    public MulticlassPredictionTransformer<CnnModelParameters> Fit(IDataView input) => Fit(input, _options.ValidationSet);

    /// <summary>Trains on <paramref name="trainData"/> and reports metrics on <paramref name="validationData"/>
    /// after every epoch.</summary>
    /// <param name="trainData">The training data.</param>
    /// <param name="validationData">The validation data (same label and feature columns), or null.</param>
    /// <returns>The prediction transformer.</returns>
    public MulticlassPredictionTransformer<CnnModelParameters> Fit(IDataView trainData, IDataView? validationData)
    {
        ArgumentNullException.ThrowIfNull(trainData);
        var (label, feature) = CheckColumns(trainData.Schema);
        int classes = (int)label.Type.GetKeyCount();
        if (classes < 2)
        {
            throw new InvalidOperationException($"{Component}: the label column '{label.Name}' has {classes} key; a classifier needs at least 2 classes.");
        }

        var shape = ResolveInputShape(feature);
        int featureSize = ((VectorDataViewType)feature.Type).Size;
        int seed = _options.Seed ?? _env.NextSeed();
        var train = ReadRows(trainData, label, feature, featureSize, "training");
        TrainingData? validation = null;
        if (validationData != null)
        {
            var (vLabel, vFeature) = CheckColumns(validationData.Schema);
            if (!vLabel.Type.Equals(label.Type) || !vFeature.Type.Equals(feature.Type))
            {
                throw SchemaErrors.WrongType(Component, vLabel.Type.Equals(label.Type) ? vFeature.Name : vLabel.Name,
                    $"in the validation set the training data's types {label.Type} and {feature.Type}", $"{vLabel.Type} and {vFeature.Type}");
            }

            validation = ReadRows(validationData, vLabel, vFeature, featureSize, "validation");
        }
        else if (_options.ValidationSetFraction is { } fraction)
        {
            if (train.Count < 2)
            {
                throw new InvalidOperationException($"{Component}: {train.Count} training row cannot be split into training and validation sets.");
            }

            (train, validation) = train.Split(fraction, unchecked(seed * 31 + 17));
        }

        var kernels = CnnModelParameters.CreateKernels(_options.UseReferenceKernels, _options.Threads);
        try
        {
            var network = BuildNetwork(shape, classes, seed);
            network.Compile(CreateOptimizer(), "sparse_categorical_crossentropy", new[] { "accuracy" }, kernels, seed);
            int batches = (train.Count + _options.BatchSize - 1) / _options.BatchSize;
            var monitor = new TrainingMonitor(_env, _options, batches);
            _env.WriteLog(ChannelMessageKind.Info, Component,
                $"Training a CNN of {network.CountParams()} weights on {train.Count} rows of {string.Join("x", shape)} images, {classes} classes, {_options.Epoch} epochs of {batches} batches{(validation != null ? $", validating on {validation.Count} rows" : string.Empty)}.");
            network.Fit(train.FeatureTensor(shape), train.LabelArray(), _options.BatchSize, _options.Epoch, verbose: 0,
                callbacks: new[] { monitor },
                validationData: validation == null ? null : (validation.FeatureTensor(shape), validation.LabelTensor()),
                shuffle: _options.Shuffle, cancellationToken: _options.CancellationToken);
            int threads = kernels is Kernels.FastKernels fast ? fast.Threads : 1;
            var model = new CnnModelParameters(network, shape, classes, _options.UseReferenceKernels, threads, kernels);
            return new MulticlassPredictionTransformer<CnnModelParameters>(model, trainData.Schema, feature.Name, label.Name,
                _options.ScoreColumnName, _options.PredictedLabelColumnName);
        }
        catch
        {
            (kernels as IDisposable)?.Dispose();
            throw;
        }
    }

    /// <summary>Checks the label and feature columns and returns the output shape: the input plus <c>Score</c>
    /// (a Single vector) and <c>PredictedLabel</c> (a <see cref="uint"/> key), with the annotations the label's key
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

        var feature = SchemaErrors.Find(inputSchema, Component, _options.FeatureColumnName, FeatureExpected);
        if (feature.IsKey || feature.Kind != SchemaShape.VectorKind.Vector || !ReferenceEquals(feature.ItemType, NumberDataViewType.Single))
        {
            throw SchemaErrors.WrongType(Component, feature.Name, FeatureExpected, feature.GetTypeString());
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

    private const string LabelExpected = "a key column (map the labels with MapValueToKey)";
    private const string FeatureExpected = "a known-size vector of Single (the image pixels)";

    private (DataViewSchema.Column Label, DataViewSchema.Column Feature) CheckColumns(DataViewSchema schema)
    {
        var label = SchemaErrors.Find(schema, Component, _options.LabelColumnName, LabelExpected);
        if (label.Type is not KeyDataViewType)
        {
            throw SchemaErrors.WrongType(Component, label.Name, LabelExpected, label.Type.ToString());
        }

        var feature = SchemaErrors.Find(schema, Component, _options.FeatureColumnName, FeatureExpected);
        if (feature.Type is not VectorDataViewType { IsKnownSize: true } vec || !ReferenceEquals(vec.ItemType, NumberDataViewType.Single))
        {
            throw SchemaErrors.WrongType(Component, feature.Name, FeatureExpected, feature.Type.ToString());
        }

        return (label, feature);
    }

    private TrainingData ReadRows(IDataView data, DataViewSchema.Column label, DataViewSchema.Column feature, int featureSize, string what)
    {
        var rows = TrainingData.Read(data, label, feature, featureSize, _options.CancellationToken);
        if (rows.MissingLabels + rows.BadFeatures > 0)
        {
            _env.WriteLog(ChannelMessageKind.Warning, Component,
                $"Skipped {rows.MissingLabels} {what} rows with a missing label in '{label.Name}' and {rows.BadFeatures} with a NaN or infinite value in '{feature.Name}'.");
        }

        if (rows.Count == 0)
        {
            throw new InvalidOperationException($"{Component}: the {what} data has no row with a label in '{label.Name}' and finite features in '{feature.Name}'.");
        }

        return rows;
    }

    /// <summary>(height, width, channels) from the options or the feature column; see
    /// <see cref="Options.InputShape"/>.</summary>
    private int[] ResolveInputShape(DataViewSchema.Column feature)
    {
        var vec = (VectorDataViewType)feature.Type;
        int[]? shape = _options.InputShape is { } given ? (given.Length == 2 ? new[] { given[0], given[1], 1 } : (int[])given.Clone()) : null;
        if (shape == null)
        {
            var dims = vec.Dimensions;
            if (dims.Length == 3)
            {
                shape = dims.ToArray();
            }
            else if (dims.Length == 2)
            {
                shape = new[] { dims[0], dims[1], 1 };
            }
            else if (dims.Length == 1 && Math.Sqrt(vec.Size) is var root && root == Math.Floor(root))
            {
                shape = new[] { (int)root, (int)root, 1 };
                _env.WriteLog(ChannelMessageKind.Info, Component, $"Column '{feature.Name}' is a flat vector of {vec.Size} values: reading it as {(int)root}x{(int)root} single-channel images. Set Options.InputShape to change this.");
            }
            else
            {
                throw SchemaErrors.WrongType(Component, feature.Name,
                    "image dimensions: declare them with [VectorType(height, width, channels)] or set CnnTrainer.Options.InputShape", vec.ToString());
            }
        }

        if ((long)shape[0] * shape[1] * shape[2] != vec.Size)
        {
            throw SchemaErrors.WrongType(Component, feature.Name, $"{shape[0]}x{shape[1]}x{shape[2]} = {(long)shape[0] * shape[1] * shape[2]} values (the input shape)", vec.ToString());
        }

        return shape;
    }

    private Sequential BuildNetwork(int[] shape, int classes, int seed)
    {
        if (_options.Layers == null)
        {
            return Applications.FashionMnistCnn(shape[0], shape[1], shape[2], classes, seed);
        }

        var layers = _options.Layers.Where(l => l is not InputLayer).Select(LayerCloner.Clone).ToList();
        if (layers.Count == 0 || layers[^1] is not Dense { Activation.IsSoftmax: true } last)
        {
            throw new InvalidOperationException($"{Component}: the last of Options.Layers must be Dense({classes}, activation: \"softmax\"), giving one probability per class.");
        }

        if (last.Units != classes)
        {
            throw new InvalidOperationException($"{Component}: the last layer '{last.Name}' has {last.Units} units but the label column has {classes} classes.");
        }

        layers.Insert(0, new InputLayer(new Shape(shape), "input"));
        try
        {
            return new Sequential(layers, seed: seed);
        }
        catch (ShapeException e)
        {
            throw new InvalidOperationException($"{Component}: the layers do not fit {shape[0]}x{shape[1]}x{shape[2]} images: {e.Message}", e);
        }
    }

    private Optimizer CreateOptimizer() => _options.Optimizer switch
    {
        OptimizerKind.Sgd => new Sgd(_options.LearningRate, _options.Momentum),
        OptimizerKind.RmsProp => new RmsProp(_options.LearningRate),
        _ => new Adam(_options.LearningRate),
    };
}
