using MlNetCnn.Transforms;
using MlNetCnn.Transforms.Image;

namespace MlNetCnn.Data;

/// <summary>
/// Loads images named by a text column of file paths (<c>mlContext.Transforms.LoadImages</c>), or the raw bytes of
/// those files (<c>mlContext.Transforms.LoadRawImageBytes</c>). Trivial: there is nothing to learn; <see cref="Fit"/>
/// checks the schema and returns the transformer.
/// </summary>
public sealed class ImageLoadingEstimator : IEstimator<ImageLoadingTransformer>
{
    private readonly ImageLoadingTransformer _transformer;

    internal ImageLoadingEstimator(MLContext env, string? imageFolder, bool loadImages, params (string Output, string Input)[] columns)
    {
        ArgumentNullException.ThrowIfNull(env);
        _transformer = new ImageLoadingTransformer(imageFolder, loadImages, columns);
    }

    /// <summary>Checks the input schema and returns the transformer.</summary>
    /// <param name="input">The data (only its schema is read).</param>
    /// <returns>The transformer.</returns>
    /// <exception cref="ArgumentOutOfRangeException">An input column is missing or is not text.</exception>
    public ImageLoadingTransformer Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        _transformer.GetOutputSchema(input.Schema);
        return _transformer;
    }

    /// <summary>Returns the input shape plus the output columns: an <see cref="ImageDataViewType"/> of unknown size
    /// (<c>LoadImages</c>) or a variable-length vector of bytes (<c>LoadRawImageBytes</c>).</summary>
    /// <param name="inputSchema">The input shape.</param>
    /// <returns>The output shape.</returns>
    /// <exception cref="ArgumentOutOfRangeException">An input column is missing or is not a text scalar.</exception>
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
        => ImageColumns.OutputShape(inputSchema, _transformer.ColumnPairs, c => c, _transformer.Component, ImageLoadingTransformer.Expected, (c, col) =>
            col.Kind != SchemaShape.VectorKind.Scalar || col.IsKey || col.ItemType is not TextDataViewType
                ? null
                : _transformer.LoadsImages
                    ? ImageColumns.ImageShape(c.Output, new ImageDataViewType())
                    : new SchemaShape.Column(c.Output, SchemaShape.VectorKind.VariableVector, NumberDataViewType.Byte, false));
}

/// <summary>
/// Loads images (or their raw bytes) from the files named in text columns; see <see cref="ImageLoadingEstimator"/>.
/// </summary>
/// <remarks>
/// <para>
/// A path is resolved as <c>Path.Combine(ImageFolder, path)</c> when <see cref="ImageFolder"/> is set (an absolute
/// path stays as it is), else relative to the current directory. An empty path gives a missing image (null) or an
/// empty byte vector.
/// </para>
/// <para>
/// Lazy, as in ML.NET: a file is read only when its row is read, and a file that does not exist or is not a readable
/// image raises an <see cref="InvalidOperationException"/> at that moment, naming the row, the column and the path
/// (with the decoder's reason). <c>LoadRawImageBytes</c> does not check the content: its bytes are whatever the file
/// holds. Files larger than 1 GiB are refused.
/// </para>
/// </remarks>
public sealed class ImageLoadingTransformer : RowToRowTransformerBase
{
    internal const string LoaderSignature = "ImageLoaderTransform";
    internal const string Expected = "a text scalar column of image file paths (to decode in-memory image bytes use DecodeImages)";

    private readonly (string Output, string Input)[] _columns;

    internal ImageLoadingTransformer(string? imageFolder, bool loadImages, (string Output, string Input)[] columns)
    {
        _columns = ImageColumns.Pairs(columns);
        ImageFolder = string.IsNullOrWhiteSpace(imageFolder) ? null : imageFolder;
        LoadsImages = loadImages;
    }

    /// <summary>The folder relative paths are resolved against, or null for the current directory.</summary>
    public readonly string? ImageFolder;

    /// <summary>The (output, input) column name pairs.</summary>
    public IReadOnlyCollection<(string outputColumnName, string inputColumnName)> Columns => Array.AsReadOnly(_columns);

    /// <summary>True for <c>LoadImages</c> (image output), false for <c>LoadRawImageBytes</c> (byte vector).</summary>
    internal bool LoadsImages { get; }

    internal IReadOnlyList<(string Output, string Input)> ColumnPairs => _columns;

    internal string Component => LoadsImages ? "LoadImages" : "LoadRawImageBytes";

    internal static ImageLoadingTransformer Load(ModelLoadContext ctx)
    {
        ctx.CheckAtModel(GetVersionInfo());
        var columns = ImageColumns.Read(ctx);
        string? folder = ctx.Reader.ReadBoolByte() ? ctx.Reader.ReadCheckedString(1 << 16) : null;
        byte kind = ctx.Reader.ReadByte();
        if (kind > 1)
        {
            throw ctx.Corrupt($"unknown output kind {kind}");
        }

        return new ImageLoadingTransformer(folder, kind == 0, columns);
    }

    private protected override void SaveModel(ModelSaveContext ctx)
    {
        ctx.SetVersionInfo(GetVersionInfo());
        MlNetCnn.Transforms.ColumnPairs.Write(ctx.Writer, _columns);
        ctx.Writer.WriteBoolByte(ImageFolder != null);
        if (ImageFolder != null)
        {
            ctx.Writer.WriteString(ImageFolder);
        }

        ctx.Writer.Write((byte)(LoadsImages ? 0 : 1));
    }

    private protected override IRowToRowMapper MakeRowMapper(DataViewSchema inputSchema)
        => ImageColumns.Bind(inputSchema, _columns, c => c, Component, Expected, (c, input) =>
            input.Type is not TextDataViewType
                ? null
                : LoadsImages
                    ? (new ImageDataViewType(), row => MakeImageGetter(row, input, c.Output))
                    : (new VectorDataViewType(NumberDataViewType.Byte), row => MakeBytesGetter(row, input, c.Output)));

    private static VersionInfo GetVersionInfo() => TransformVersions.FirstFormat("IMGLOADR", LoaderSignature);

    private string Resolve(ReadOnlyMemory<char> path)
    {
        string p = path.ToString();
        return ImageFolder == null ? p : Path.Combine(ImageFolder, p);
    }

    private ValueGetter<MLImage> MakeImageGetter(DataViewRow row, DataViewSchema.Column input, string output)
    {
        var getPath = row.GetGetter<ReadOnlyMemory<char>>(input);
        ReadOnlyMemory<char> path = default;
        return ImageColumns.CachePerRow(row, () =>
        {
            getPath(ref path);
            if (path.Span.IsWhiteSpace())
            {
                return null;
            }

            string full = Resolve(path);
            try
            {
                return MLImage.FromFrame(ImageFiles.Decode(full));
            }
            catch (Exception e) when (ImageFiles.IsReadFailure(e))
            {
                throw new InvalidOperationException(
                    $"{Component}: cannot load the image of {ImageColumns.RowText(row)} for column '{output}' (path column '{input.Name}'): "
                    + $"{ImageFiles.Describe(e, full)}.",
                    e);
            }
        });
    }

    private ValueGetter<VBuffer<byte>> MakeBytesGetter(DataViewRow row, DataViewSchema.Column input, string output)
    {
        var getPath = row.GetGetter<ReadOnlyMemory<char>>(input);
        ReadOnlyMemory<char> path = default;
        return (ref VBuffer<byte> value) =>
        {
            getPath(ref path);
            if (path.Span.IsWhiteSpace())
            {
                value = VBufferEditor.Create(ref value, 0).Commit();
                return;
            }

            string full = Resolve(path);
            try
            {
                using var stream = ImageFiles.OpenChecked(full, out int length);
                var editor = VBufferEditor.Create(ref value, length);
                stream.ReadExactly(editor.Values);
                value = editor.Commit();
            }
            catch (Exception e) when (ImageFiles.IsReadFailure(e))
            {
                throw new InvalidOperationException(
                    $"{Component}: cannot read the file of {ImageColumns.RowText(row)} for column '{output}' (path column '{input.Name}'): "
                    + $"{ImageFiles.Describe(e, full)}.",
                    e);
            }
        };
    }
}
