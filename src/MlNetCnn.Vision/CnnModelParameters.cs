using MlNetCnn.Keras;
using MlNetCnn.Kernels;

namespace MlNetCnn.Vision;

/// <summary>
/// The trained CNN held by the transformer <see cref="CnnTrainer"/> returns: a Keras-style network whose last layer
/// is a softmax over the classes.
/// </summary>
/// <remarks>
/// <para>Saved into the model file (loader <c>CnnModelParameters</c>, signature <c>CNN PRED</c>): the input shape,
/// the class count, the kernel choice and thread count in <c>Model.key</c>, and the whole network (architecture and
/// float32 weights, see <c>Sequential.Save</c>) as the binary stream <c>KerasModel</c>, as ImageClassification keeps
/// its graph in <c>TFModel</c>. A loaded model predicts bit-identically: same weights, same kernels, same thread
/// count.</para>
/// <para>Scoring is thread-safe (calls are serialized). <see cref="Dispose"/> stops the fast kernels' worker threads;
/// the model stays usable and starts them again when it next predicts.</para>
/// </remarks>
public sealed class CnnModelParameters : IMulticlassScoringModel, IDisposable
{
    internal const string LoaderSignature = "CnnModelParameters";
    private const string NetworkStream = "KerasModel";
    private const int MaxDimension = 1 << 16;
    private readonly Lock _lock = new();
    private readonly Sequential _network;
    private readonly int[] _inputShape;
    private IKernels? _kernels;

    internal CnnModelParameters(Sequential network, int[] inputShape, int classes, bool referenceKernels, int threads, IKernels kernels)
    {
        _network = network;
        _inputShape = inputShape;
        ClassCount = classes;
        UsesReferenceKernels = referenceKernels;
        Threads = threads;
        _kernels = kernels;
        FeatureSize = inputShape.Aggregate(1, (a, b) => a * b);
    }

    /// <summary>The number of classes: the size of the score vector.</summary>
    public int ClassCount { get; }

    /// <summary>The image shape the network reads: (height, width, channels).</summary>
    public IReadOnlyList<int> InputShape => Array.AsReadOnly(_inputShape);

    /// <summary>The number of weights of the network.</summary>
    public long ParameterCount => _network.CountParams();

    /// <summary>Whether the network runs on the reference kernels rather than the fast ones.</summary>
    public bool UsesReferenceKernels { get; }

    /// <summary>The thread count of the fast kernels.</summary>
    public int Threads { get; }

    /// <summary>The number of floats of one feature vector (height x width x channels).</summary>
    public int FeatureSize { get; }

    int IMulticlassScoringModel.PreferredBatchSize => 64;

    /// <summary>The network this model runs (for tests and tooling inside the product).</summary>
    internal Sequential Network => _network;

    /// <summary>The Keras-style summary of the network: layers, output shapes, parameter counts.</summary>
    /// <returns>The summary table.</returns>
    public string Summary() => _network.Summary();

    /// <summary>Stops the fast kernels' worker threads; they are started again on the next prediction.</summary>
    public void Dispose()
    {
        lock (_lock)
        {
            (_kernels as IDisposable)?.Dispose();
            _kernels = null;
        }
    }

    void IMulticlassScoringModel.Score(ReadOnlySpan<float> features, Span<float> scores, int rows)
    {
        lock (_lock)
        {
            if (_kernels == null)
            {
                _kernels = CreateKernels(UsesReferenceKernels, Threads);
                _network.Kernels = _kernels;
            }

            _network.Predict(features.Slice(0, rows * FeatureSize), scores.Slice(0, rows * ClassCount), Math.Max(1, rows));
        }
    }

    /// <inheritdoc/>
    void ICanSaveModel.Save(ModelSaveContext ctx)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        ctx.SetVersionInfo(GetVersionInfo());
        ctx.Writer.Write(_inputShape.Length);
        foreach (int d in _inputShape)
        {
            ctx.Writer.Write(d);
        }

        ctx.Writer.Write(ClassCount);
        ctx.Writer.WriteBoolByte(UsesReferenceKernels);
        ctx.Writer.Write(Threads);
        lock (_lock)
        {
            ctx.SaveBinaryStream(NetworkStream, w =>
            {
                w.Flush();
                _network.Save(w.BaseStream);
            });
        }
    }

    /// <summary>Creates the kernels a model runs with.</summary>
    internal static IKernels CreateKernels(bool reference, int threads) => reference ? new ReferenceKernels() : new FastKernels(threads);

    internal static CnnModelParameters Load(ModelLoadContext ctx)
    {
        ctx.CheckAtModel(GetVersionInfo());
        int rank = ctx.ReadCount("input rank", 3, 4);
        if (rank != 3)
        {
            throw ctx.Corrupt($"the input shape has {rank} dimensions, expected 3 (height, width, channels)");
        }

        var shape = new int[rank];
        for (int i = 0; i < rank; i++)
        {
            shape[i] = ctx.Reader.ReadInt32();
            if (shape[i] < 1 || shape[i] > MaxDimension)
            {
                throw ctx.Corrupt($"input dimension {i} is {shape[i]}");
            }
        }

        int classes = ctx.Reader.ReadInt32();
        bool reference = ctx.Reader.ReadBoolByte();
        int threads = ctx.Reader.ReadInt32();
        if (classes < 2 || classes > 1_000_000 || threads < 1 || threads > 4096 || (long)shape[0] * shape[1] * shape[2] > int.MaxValue)
        {
            throw ctx.Corrupt($"it has {classes} classes and {threads} threads");
        }

        Sequential? network = null;
        ctx.LoadBinaryStream(NetworkStream, r => network = Sequential.Load(r.BaseStream, r.EntryName));
        if (!network!.IsBuilt || !network.InputShape!.SequenceEqual(shape) || network.OutputShape.Count != 1 || network.OutputShape[0] != classes)
        {
            throw ctx.Corrupt($"the network's input {string.Join("x", network.InputShape ?? Array.Empty<int>())} or output does not match the declared {string.Join("x", shape)} images and {classes} classes");
        }

        var kernels = CreateKernels(reference, threads);
        network.Kernels = kernels;
        return new CnnModelParameters(network, shape, classes, reference, threads, kernels);
    }

    private static VersionInfo GetVersionInfo() => new(
        modelSignature: "CNN PRED",
        verWrittenCur: 0x00010001,
        verReadableCur: 0x00010001,
        verWeCanReadBack: 0x00010001,
        loaderSignature: LoaderSignature);
}
