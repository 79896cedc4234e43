using MlNetCnn.Data;
using MlNetCnn.Imaging;

namespace MlNetCnn.Transforms.Image;

/// <summary>
/// Decodes a column of encoded image bytes (the content of PNG, JPEG, BMP or PBM/PGM/PPM files, for example a
/// <c>byte[]</c> member of an input class, or the output of <c>LoadRawImageBytes</c>) into an image column
/// (<c>mlContext.Transforms.DecodeImages</c>). An MlNetCnn addition: ML.NET decodes in-memory bytes with
/// <c>MLImage.CreateFromStream</c> before building the data view, or inside the ImageClassification trainer. With it,
/// every image transform chain works the same from bytes as from paths:
/// <c>DecodeImages("Image", "Bytes")</c> gives exactly the images <c>LoadImages("Image", folder, "Path")</c> gives for
/// the same files. Trivial: <see cref="Fit"/> checks the schema and returns the transformer.
/// </summary>
public sealed class ImageDecodingEstimator : IEstimator<ImageDecodingTransformer>
{
    private readonly ImageDecodingTransformer _transformer;

    internal ImageDecodingEstimator(MLContext env, params (string Output, string Input)[] columns)
    {
        ArgumentNullException.ThrowIfNull(env);
        _transformer = new ImageDecodingTransformer(columns);
    }

    /// <summary>Checks the input schema and returns the transformer.</summary>
    /// <param name="input">The data (only its schema is read).</param>
    /// <returns>The transformer.</returns>
    /// <exception cref="ArgumentOutOfRangeException">An input column is missing or is not a vector of bytes.</exception>
    public ImageDecodingTransformer Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        _transformer.GetOutputSchema(input.Schema);
        return _transformer;
    }

    /// <summary>Returns the input shape plus the image columns (of unknown size).</summary>
    /// <param name="inputSchema">The input shape.</param>
    /// <returns>The output shape.</returns>
    /// <exception cref="ArgumentOutOfRangeException">An input column is missing or is not a vector of bytes.</exception>
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
        => ImageColumns.OutputShape(inputSchema, _transformer.ColumnPairs, c => c, ImageDecodingTransformer.Component, ImageDecodingTransformer.Expected,
            (c, col) => col.Kind == SchemaShape.VectorKind.Scalar || col.IsKey || !NumberDataViewType.Byte.Equals(col.ItemType)
                ? null
                : ImageColumns.ImageShape(c.Output, new ImageDataViewType()));
}

/// <summary>
/// Decodes encoded image bytes into images; see <see cref="ImageDecodingEstimator"/>.
/// </summary>
/// <remarks>
/// The format is detected from the content. Lazy: bytes are decoded when their row is read; data that is not a
/// supported image raises an <see cref="InvalidOperationException"/> naming the row, the column and the decoder's
/// reason. An empty vector gives a missing (null) image.
/// </remarks>
public sealed class ImageDecodingTransformer : RowToRowTransformerBase
{
    internal const string LoaderSignature = "ImageDecodingTransform";
    internal const string Component = "DecodeImages";
    internal const string Expected = "a vector of Byte holding an encoded image file (PNG, JPEG, BMP, PBM/PGM/PPM)";

    private readonly (string Output, string Input)[] _columns;

    internal ImageDecodingTransformer((string Output, string Input)[] columns)
    {
        _columns = ImageColumns.Pairs(columns);
    }

    /// <summary>The (output, input) column name pairs.</summary>
    public IReadOnlyCollection<(string outputColumnName, string inputColumnName)> Columns => Array.AsReadOnly(_columns);

    internal IReadOnlyList<(string Output, string Input)> ColumnPairs => _columns;

    internal static ImageDecodingTransformer Load(ModelLoadContext ctx)
    {
        ctx.CheckAtModel(GetVersionInfo());
        return new ImageDecodingTransformer(ImageColumns.Read(ctx));
    }

    private protected override void SaveModel(ModelSaveContext ctx)
    {
        ctx.SetVersionInfo(GetVersionInfo());
        MlNetCnn.Transforms.ColumnPairs.Write(ctx.Writer, _columns);
    }

    private protected override IRowToRowMapper MakeRowMapper(DataViewSchema inputSchema)
        => ImageColumns.Bind(inputSchema, _columns, c => c, Component, Expected, (c, input) =>
            input.Type is VectorDataViewType { ItemType: var item } && NumberDataViewType.Byte.Equals(item)
                ? (new ImageDataViewType(), row => MakeGetter(row, input, c.Output))
                : null);

    private static VersionInfo GetVersionInfo() => TransformVersions.FirstFormat("IMGDECOD", LoaderSignature);

    private static ValueGetter<MLImage> MakeGetter(DataViewRow row, DataViewSchema.Column input, string output)
    {
        var getBytes = row.GetGetter<VBuffer<byte>>(input);
        VBuffer<byte> bytes = default;
        VBuffer<byte> dense = default;
        return ImageColumns.CachePerRow(row, () =>
        {
            getBytes(ref bytes);
            if (bytes.Length == 0)
            {
                return null;
            }

            ReadOnlySpan<byte> data;
            if (bytes.IsDense)
            {
                data = bytes.GetValues();
            }
            else
            {
                bytes.CopyToDense(ref dense);
                data = dense.GetValues();
            }

            try
            {
                return MLImage.FromFrame(ImageDecoder.Decode(data, $"{ImageColumns.RowText(row)}, column '{input.Name}'"));
            }
            catch (ImageFormatException e)
            {
                throw new InvalidOperationException(
                    $"{Component}: cannot decode the image of {ImageColumns.RowText(row)} for column '{output}' (bytes column '{input.Name}'): {e.Problem}.", e);
            }
        });
    }
}
