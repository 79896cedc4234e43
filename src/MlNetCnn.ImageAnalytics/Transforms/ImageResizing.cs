using MlNetCnn.Data;

namespace MlNetCnn.Transforms.Image;

/// <summary>
/// Resizes images to a fixed size (<c>mlContext.Transforms.ResizeImages</c>). The output column's type carries the
/// new size (<see cref="ImageDataViewType"/>(height, width)). Trivial: <see cref="Fit"/> checks the schema and
/// returns the transformer.
/// </summary>
public sealed class ImageResizingEstimator : IEstimator<ImageResizingTransformer>
{
    private readonly ImageResizingTransformer _transformer;

    internal ImageResizingEstimator(MLContext env, string outputColumnName, int imageWidth, int imageHeight, string? inputColumnName, ResizingKind resizing, Anchor cropAnchor)
    {
        ArgumentNullException.ThrowIfNull(env);
        var column = new ImageResizingTransformer.ColumnInfo(outputColumnName, inputColumnName, imageWidth, imageHeight, resizing, cropAnchor);
        _transformer = new ImageResizingTransformer(new[] { column });
    }

    /// <summary>How an image is fitted into the target size.</summary>
    public enum ResizingKind : byte
    {
        /// <summary>Isotropic (uniform) scaling so the whole image fits, then padding with black to the target size
        /// (letterboxing), the image centred.</summary>
        IsoPad = 0,

        /// <summary>Isotropic (uniform) scaling so the image covers the target size, then cropping the overflow at the
        /// <see cref="Anchor"/>.</summary>
        IsoCrop = 1,

        /// <summary>Ignore the aspect ratio: stretch or squeeze into the target size.</summary>
        Fill = 2,
    }

    /// <summary>Where <see cref="ResizingKind.IsoCrop"/> keeps the image when it crops: <see cref="Center"/> crops
    /// both sides equally, <see cref="Bottom"/> keeps the bottom (crops at the top), and so on.</summary>
    public enum Anchor : byte
    {
        /// <summary>Keep the right edge (crop on the left).</summary>
        Right = 0,

        /// <summary>Keep the left edge (crop on the right).</summary>
        Left = 1,

        /// <summary>Keep the top edge (crop at the bottom).</summary>
        Top = 2,

        /// <summary>Keep the bottom edge (crop at the top).</summary>
        Bottom = 3,

        /// <summary>Crop both sides equally.</summary>
        Center = 4,
    }

    /// <summary>Checks the input schema and returns the transformer.</summary>
    /// <param name="input">The data (only its schema is read).</param>
    /// <returns>The transformer.</returns>
    /// <exception cref="ArgumentOutOfRangeException">An input column is missing or is not an image column.</exception>
    public ImageResizingTransformer Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        _transformer.GetOutputSchema(input.Schema);
        return _transformer;
    }

    /// <summary>Returns the input shape plus the resized image columns.</summary>
    /// <param name="inputSchema">The input shape.</param>
    /// <returns>The output shape.</returns>
    /// <exception cref="ArgumentOutOfRangeException">An input column is missing or is not an image column.</exception>
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
        => ImageColumns.OutputShape(inputSchema, _transformer.ColumnInfos, c => (c.Output, c.Input), ImageResizingTransformer.Component,
            ImageResizingTransformer.Expected, (c, col) => ImageColumns.IsImage(col) ? ImageColumns.ImageShape(c.Output, c.Type) : null);
}

/// <summary>
/// Resizes images; see <see cref="ImageResizingEstimator"/> and, for the exact pixel arithmetic,
/// <see cref="ImageResizingEstimator.ResizingKind"/>.
/// </summary>
/// <remarks>
/// <para>Resampling is bilinear with half-pixel centres (OpenCV's <c>INTER_LINEAR</c>), without low-pass filtering,
/// so shrinking by more than 2x aliases. An image that already has the target size is passed through unchanged.</para>
/// <para><see cref="ImageResizingEstimator.ResizingKind.IsoPad"/>: scale <c>s = min(width / W, height / H)</c>; the
/// scaled image measures <c>clamp(round(W s), 1, width)</c> x <c>clamp(round(H s), 1, height)</c> and is centred
/// (left and top borders <c>floor(extra / 2)</c>) on an opaque black canvas.</para>
/// <para><see cref="ImageResizingEstimator.ResizingKind.IsoCrop"/>: scale <c>s = max(width / W, height / H)</c>; the
/// scaled image measures <c>max(width, round(W s))</c> x <c>max(height, round(H s))</c>; the window kept starts, along
/// the overflowing axis, at 0 for the <c>Left</c>/<c>Top</c> anchor, at the whole excess for <c>Right</c>/<c>Bottom</c>,
/// and at <c>floor(excess / 2)</c> for <c>Center</c> (and, as in ML.NET, for an anchor of the other axis).</para>
/// <para>Lazy: images are resized when their row is read. A missing (null) image stays missing.</para>
/// </remarks>
public sealed class ImageResizingTransformer : RowToRowTransformerBase
{
    internal const string LoaderSignature = "ImageScalerTransform";
    internal const string Component = "ResizeImages";
    internal const string Expected = "an image column (Image), for example from LoadImages or DecodeImages";

    private readonly ColumnInfo[] _columns;

    internal ImageResizingTransformer(ColumnInfo[] columns)
    {
        _columns = ImageColumns.NotEmpty(columns, "At least one column is needed.");
    }

    internal IReadOnlyList<ColumnInfo> ColumnInfos => _columns;

    internal static ImageResizingTransformer Load(ModelLoadContext ctx)
    {
        ctx.CheckAtModel(GetVersionInfo());
        return new ImageResizingTransformer(ImageColumns.ReadColumns(ctx, "resizing", (output, input) =>
        {
            int width = ctx.Reader.ReadInt32();
            int height = ctx.Reader.ReadInt32();
            var kind = (ImageResizingEstimator.ResizingKind)ctx.Reader.ReadByte();
            var anchor = (ImageResizingEstimator.Anchor)ctx.Reader.ReadByte();
            return new ColumnInfo(output, input, width, height, kind, anchor);
        }));
    }

    private protected override void SaveModel(ModelSaveContext ctx)
    {
        ctx.SetVersionInfo(GetVersionInfo());
        ImageColumns.WriteColumns(ctx.Writer, _columns, c => (c.Output, c.Input), c =>
        {
            ctx.Writer.Write(c.Width);
            ctx.Writer.Write(c.Height);
            ctx.Writer.Write((byte)c.Resizing);
            ctx.Writer.Write((byte)c.CropAnchor);
        });
    }

    private protected override IRowToRowMapper MakeRowMapper(DataViewSchema inputSchema)
        => ImageColumns.Bind(inputSchema, _columns, c => (c.Output, c.Input), Component, Expected, (c, input) =>
            input.Type is ImageDataViewType ? (c.Type, row => MakeGetter(row, input, c)) : null);

    private static VersionInfo GetVersionInfo() => TransformVersions.FirstFormat("IMGSCALF", LoaderSignature);

    private static ValueGetter<MLImage> MakeGetter(DataViewRow row, DataViewSchema.Column input, ColumnInfo info)
        => ImageColumns.MapImage(row, input, source =>
        {
            var frame = source.Frame;
            return frame.Width == info.Width && frame.Height == info.Height
                ? source
                : MLImage.FromFrame(ImageOps.Resize(frame, info.Width, info.Height, info.Resizing, info.CropAnchor));
        });

    /// <summary>The settings of one resized column.</summary>
    internal sealed class ColumnInfo
    {
        public ColumnInfo(string output, string? input, int width, int height, ImageResizingEstimator.ResizingKind resizing, ImageResizingEstimator.Anchor cropAnchor)
        {
            (Output, Input) = ImageColumns.Pair(output, input);
            if (width < 1)
            {
                throw new ArgumentOutOfRangeException("imageWidth", width, "The image width must be at least 1.");
            }

            if (height < 1)
            {
                throw new ArgumentOutOfRangeException("imageHeight", height, "The image height must be at least 1.");
            }

            if (!Enum.IsDefined(resizing))
            {
                throw new ArgumentOutOfRangeException(nameof(resizing), resizing, "Unknown resizing kind; expected IsoPad, IsoCrop or Fill.");
            }

            if (!Enum.IsDefined(cropAnchor))
            {
                throw new ArgumentOutOfRangeException(nameof(cropAnchor), cropAnchor, "Unknown crop anchor; expected Right, Left, Top, Bottom or Center.");
            }

            Width = width;
            Height = height;
            Resizing = resizing;
            CropAnchor = cropAnchor;
            Type = new ImageDataViewType(height, width);
        }

        public string Output { get; }

        public string Input { get; }

        public int Width { get; }

        public int Height { get; }

        public ImageResizingEstimator.ResizingKind Resizing { get; }

        public ImageResizingEstimator.Anchor CropAnchor { get; }

        public ImageDataViewType Type { get; }
    }
}
