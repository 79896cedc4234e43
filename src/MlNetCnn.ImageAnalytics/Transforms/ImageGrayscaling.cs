using MlNetCnn.Data;

namespace MlNetCnn.Transforms.Image;

/// <summary>
/// Converts images to grayscale (<c>mlContext.Transforms.ConvertToGrayscale</c>). The output column has the input's
/// image type (same size). Trivial: <see cref="Fit"/> checks the schema and returns the transformer.
/// </summary>
public sealed class ImageGrayscalingEstimator : IEstimator<ImageGrayscalingTransformer>
{
    private readonly ImageGrayscalingTransformer _transformer;

    internal ImageGrayscalingEstimator(MLContext env, params (string Output, string Input)[] columns)
    {
        ArgumentNullException.ThrowIfNull(env);
        _transformer = new ImageGrayscalingTransformer(columns);
    }

    /// <summary>Checks the input schema and returns the transformer.</summary>
    /// <param name="input">The data (only its schema is read).</param>
    /// <returns>The transformer.</returns>
    /// <exception cref="ArgumentOutOfRangeException">An input column is missing or is not an image column.</exception>
    public ImageGrayscalingTransformer Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        _transformer.GetOutputSchema(input.Schema);
        return _transformer;
    }

    /// <summary>Returns the input shape plus the grayscale image columns (of the input columns' image types).</summary>
    /// <param name="inputSchema">The input shape.</param>
    /// <returns>The output shape.</returns>
    /// <exception cref="ArgumentOutOfRangeException">An input column is missing or is not an image column.</exception>
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
        => ImageColumns.OutputShape(inputSchema, _transformer.ColumnPairs, c => c, ImageGrayscalingTransformer.Component, ImageGrayscalingTransformer.Expected,
            (c, col) => ImageColumns.IsImage(col) ? ImageColumns.ImageShape(c.Output, (ImageDataViewType)col.ItemType) : null);
}

/// <summary>
/// Converts images to grayscale; see <see cref="ImageGrayscalingEstimator"/>.
/// </summary>
/// <remarks>
/// Each pixel becomes <c>Y = round(0.3 R + 0.59 G + 0.11 B)</c> (ML.NET's weights; computed exactly as
/// <c>(30 R + 59 G + 11 B + 50) / 100</c>, so a pixel with R = G = B keeps its value). The result reads as
/// R = G = B = Y; the alpha channel, when the image has one, is kept. Lazy: images are converted when their row is
/// read. A missing (null) image stays missing.
/// </remarks>
public sealed class ImageGrayscalingTransformer : RowToRowTransformerBase
{
    internal const string LoaderSignature = "ImageGrayscaleTransform";
    internal const string Component = "ConvertToGrayscale";
    internal const string Expected = "an image column (Image), for example from LoadImages or DecodeImages";

    private readonly (string Output, string Input)[] _columns;

    internal ImageGrayscalingTransformer((string Output, string Input)[] columns)
    {
        _columns = ImageColumns.Pairs(columns);
    }

    /// <summary>The (output, input) column name pairs.</summary>
    public IReadOnlyCollection<(string outputColumnName, string inputColumnName)> Columns => Array.AsReadOnly(_columns);

    internal IReadOnlyList<(string Output, string Input)> ColumnPairs => _columns;

    internal static ImageGrayscalingTransformer Load(ModelLoadContext ctx)
    {
        ctx.CheckAtModel(GetVersionInfo());
        return new ImageGrayscalingTransformer(ImageColumns.Read(ctx));
    }

    private protected override void SaveModel(ModelSaveContext ctx)
    {
        ctx.SetVersionInfo(GetVersionInfo());
        MlNetCnn.Transforms.ColumnPairs.Write(ctx.Writer, _columns);
    }

    private protected override IRowToRowMapper MakeRowMapper(DataViewSchema inputSchema)
        => ImageColumns.Bind(inputSchema, _columns, c => c, Component, Expected, (c, input) =>
            input.Type is ImageDataViewType type ? (type, row => MakeGetter(row, input)) : null);

    private static VersionInfo GetVersionInfo() => TransformVersions.FirstFormat("IMGGRAYT", LoaderSignature);

    private static ValueGetter<MLImage> MakeGetter(DataViewRow row, DataViewSchema.Column input)
        => ImageColumns.MapImage(row, input, source => source.Frame.Channels == 1 ? source : MLImage.FromFrame(ImageOps.Grayscale(source.Frame)));
}
