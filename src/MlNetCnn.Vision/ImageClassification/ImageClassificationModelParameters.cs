using MlNetCnn.Data;
using MlNetCnn.Imaging;

namespace MlNetCnn.Vision;

/// <summary>
/// The image classifier <see cref="ImageClassificationTrainer"/> trains: it reads encoded image bytes, preprocesses
/// them as its architecture requires and scores them with its network (a softmax over the classes).
/// </summary>
/// <remarks>
/// <para>Preprocessing happens inside the model, so a saved model predicts straight from file bytes: decode (PNG,
/// JPEG, BMP, PBM/PGM/PPM; EXIF orientation applied), convert to the architecture's colour mode (gray: BT.601 luma;
/// RGB: gray replicated; alpha dropped), stretch to its size (2x box-filter halving while a side is at least twice
/// its target, then bilinear with half-pixel centres), scale samples to [0, 1].</para>
/// <para>Input: a vector of Byte (variable or known size) holding one encoded image per row. An empty vector or
/// bytes that are not a supported image raise an <see cref="InvalidOperationException"/> naming the row and the
/// column when the row is scored (ML.NET returns zero scores silently).</para>
/// <para>Saved into the model file (loader <c>ImageClassificationPred</c>, signature <c>IMAGPRED</c>, ML.NET's names):
/// the architecture, the input size and channel count and the class count, and the network (weights, kernel choice
/// and thread count) as the sub-model <c>Network</c> (a <see cref="CnnModelParameters"/>, whose binary stream
/// <c>KerasModel</c> holds the layers and float32 weights, as ML.NET keeps its graph in <c>TFModel</c>). A loaded
/// model predicts bit-identically.</para>
/// <para>Scoring is thread-safe (network calls are serialized; decoding runs on the caller's thread).
/// <see cref="Dispose"/> stops the kernels' worker threads; the model stays usable.</para>
/// </remarks>
public sealed class ImageClassificationModelParameters : IFeaturizingScoringModel, IDisposable
{
    internal const string LoaderSignature = "ImageClassificationPred";
    private const string NetworkModel = "Network";
    private readonly CnnModelParameters _network;
    private readonly ImageInput _input;

    internal ImageClassificationModelParameters(ImageClassificationTrainer.Architecture arch, ImageInput input, CnnModelParameters network)
    {
        Arch = arch;
        _input = input;
        _network = network;
    }

    /// <summary>The architecture the model was trained with (as given in the options; ML.NET's values ran
    /// <see cref="ImageClassificationTrainer.Architecture.ColorCnn"/>).</summary>
    public ImageClassificationTrainer.Architecture Arch { get; }

    /// <summary>The number of classes: the size of the score vector.</summary>
    public int ClassCount => _network.ClassCount;

    /// <summary>The height images are resized to.</summary>
    public int ImageHeight => _input.Height;

    /// <summary>The width images are resized to.</summary>
    public int ImageWidth => _input.Width;

    /// <summary>The channels the network reads: 1 (gray) or 3 (RGB).</summary>
    public int ImageChannels => _input.Channels;

    /// <summary>The number of weights of the network.</summary>
    public long ParameterCount => _network.ParameterCount;

    int IMulticlassScoringModel.FeatureSize => _input.Size;

    int IMulticlassScoringModel.PreferredBatchSize => 32;

    string IFeaturizingScoringModel.ExpectedFeatureType => Expected;

    /// <summary>What the feature column must be.</summary>
    internal const string Expected = "a vector of Byte holding an encoded image file (PNG, JPEG, BMP, PBM/PGM/PPM), as LoadRawImageBytes or a byte[] member gives";

    internal ImageInput Input => _input;

    internal CnnModelParameters Network => _network;

    /// <summary>The Keras-style summary of the network: layers, output shapes, parameter counts.</summary>
    /// <returns>The summary table.</returns>
    public string Summary() => _network.Summary();

    /// <summary>Stops the kernels' worker threads; they are started again on the next prediction.</summary>
    public void Dispose() => _network.Dispose();

    /// <summary>Whether <paramref name="type"/> can hold encoded images: a vector of Byte.</summary>
    internal static bool IsImageBytes(DataViewType type)
        => type is VectorDataViewType { ItemType: var item } && ReferenceEquals(item, NumberDataViewType.Byte);

    bool IFeaturizingScoringModel.AcceptsFeatureType(DataViewType type) => IsImageBytes(type);

    FeatureReader IFeaturizingScoringModel.CreateFeatureReader(DataViewRow row, DataViewSchema.Column column)
    {
        var getter = row.GetGetter<VBuffer<byte>>(column);
        VBuffer<byte> bytes = default;
        VBuffer<byte> dense = default;
        return destination =>
        {
            getter(ref bytes);
            var data = DenseBytes(in bytes, ref dense);
            if (data.IsEmpty)
            {
                throw new InvalidOperationException($"ImageClassification: row {row.Position} has no image: column '{column.Name}' is empty; expected {Expected}.");
            }

            try
            {
                _input.Featurize(data, destination, $"row {row.Position}, column '{column.Name}'");
            }
            catch (ImageFormatException e)
            {
                throw new InvalidOperationException($"ImageClassification: cannot decode the image of row {row.Position} in column '{column.Name}': {e.Problem}.", e);
            }
        };
    }

    void IMulticlassScoringModel.Score(ReadOnlySpan<float> features, Span<float> scores, int rows)
        => ((IMulticlassScoringModel)_network).Score(features, scores, rows);

    /// <inheritdoc/>
    void ICanSaveModel.Save(ModelSaveContext ctx)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        ctx.SetVersionInfo(GetVersionInfo());
        ctx.Writer.Write((int)Arch);
        ctx.Writer.Write(_input.Height);
        ctx.Writer.Write(_input.Width);
        ctx.Writer.Write(_input.Channels);
        ctx.Writer.Write(ClassCount);
        ctx.SaveModel(_network, NetworkModel);
    }

    /// <summary>The values of a byte vector as one span (sparse vectors are densified into
    /// <paramref name="dense"/>).</summary>
    internal static ReadOnlySpan<byte> DenseBytes(in VBuffer<byte> bytes, ref VBuffer<byte> dense)
    {
        if (bytes.IsDense)
        {
            return bytes.GetValues();
        }

        bytes.CopyToDense(ref dense);
        return dense.GetValues();
    }

    internal static ImageClassificationModelParameters Load(ModelLoadContext ctx)
    {
        ctx.CheckAtModel(GetVersionInfo());
        var arch = (ImageClassificationTrainer.Architecture)ctx.Reader.ReadInt32();
        int height = ctx.Reader.ReadInt32();
        int width = ctx.Reader.ReadInt32();
        int channels = ctx.Reader.ReadInt32();
        int classes = ctx.Reader.ReadInt32();
        if (!Enum.IsDefined(arch))
        {
            throw ctx.Corrupt($"the architecture {(int)arch} is unknown");
        }

        if (height is < 1 or > 4096 || width is < 1 or > 4096 || channels is not (1 or 3))
        {
            throw ctx.Corrupt($"the image input is {width}x{height} with {channels} channels; expected sizes 1-4096 and 1 or 3 channels");
        }

        var network = ctx.LoadModel<CnnModelParameters>(NetworkModel);
        if (!network.InputShape.SequenceEqual(new[] { height, width, channels }) || network.ClassCount != classes)
        {
            throw ctx.Corrupt($"the network reads {string.Join("x", network.InputShape)} images into {network.ClassCount} classes, "
                + $"but the model declares {height}x{width}x{channels} and {classes}");
        }

        return new ImageClassificationModelParameters(arch, new ImageInput(height, width, channels), network);
    }

    private static VersionInfo GetVersionInfo() => new(
        modelSignature: "IMAGPRED",
        verWrittenCur: 0x00010001,
        verReadableCur: 0x00010001,
        verWeCanReadBack: 0x00010001,
        loaderSignature: LoaderSignature);
}
