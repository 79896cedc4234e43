using System.Numerics;
using System.Runtime.InteropServices;
using MlNetCnn.Data;
using MlNetCnn.Imaging;

namespace MlNetCnn.Transforms.Image;

/// <summary>
/// Extracts image pixels into vectors; see <see cref="ImagePixelExtractingEstimator"/>.
/// </summary>
/// <remarks>
/// <para>The input must be an image column of known size (<c>Image&lt;height, width&gt;</c>, for example after
/// <c>ResizeImages</c>), since the output is a vector of fixed length <c>planes * height * width</c>; planes is the
/// number of colours in <c>colorsToExtract</c>.</para>
/// <para>Planar (<c>interleavePixelColors</c> false, the default): dimensions (planes, height, width); the value of
/// plane p at row y, column x is at index <c>(p * height + y) * width + x</c>. Interleaved: dimensions (height, width,
/// planes), index <c>(y * width + x) * planes + p</c>. Planes follow <c>orderOfExtraction</c>, skipping colours not
/// extracted. Gray images give R = G = B = the gray value; images without transparency give alpha 255.</para>
/// <para>Float output: each value is <c>(pixel + offsetImage) * scaleImage</c> in single precision (for example
/// <c>scaleImage: 1 / 255f</c> maps to [0, 1]). Byte output (<c>outputAsFloatArray</c> false): the raw pixel bytes;
/// offset and scale are ignored, as in ML.NET.</para>
/// <para>Lazy: pixels are extracted when their row is read. A missing (null) image gives a vector of zeros; an image
/// whose actual size differs from its column type's raises an <see cref="InvalidOperationException"/> naming the row
/// and column.</para>
/// </remarks>
public sealed class ImagePixelExtractingTransformer : RowToRowTransformerBase
{
    internal const string LoaderSignature = "ImagePixelExtractor";
    internal const string Component = "ExtractPixels";
    internal const string Expected = "an image column of known size (Image<height, width>); add ResizeImages before ExtractPixels";

    private readonly ColumnInfo[] _columns;

    internal ImagePixelExtractingTransformer(ColumnInfo[] columns)
    {
        _columns = ImageColumns.NotEmpty(columns, "At least one column is needed.");
    }

    internal IReadOnlyList<ColumnInfo> ColumnInfos => _columns;

    internal static ImagePixelExtractingTransformer Load(ModelLoadContext ctx)
    {
        ctx.CheckAtModel(GetVersionInfo());
        return new ImagePixelExtractingTransformer(ImageColumns.ReadColumns(ctx, "pixel extraction", (output, input) =>
        {
            var colors = (ImagePixelExtractingEstimator.ColorBits)ctx.Reader.ReadByte();
            var order = (ImagePixelExtractingEstimator.ColorsOrder)ctx.Reader.ReadByte();
            bool interleave = ctx.Reader.ReadBoolByte();
            bool asFloat = ctx.Reader.ReadBoolByte();
            float offset = ctx.Reader.ReadSingle();
            float scale = ctx.Reader.ReadSingle();
            return new ColumnInfo(output, input, colors, order, interleave, offset, scale, asFloat);
        }));
    }

    private protected override void SaveModel(ModelSaveContext ctx)
    {
        ctx.SetVersionInfo(GetVersionInfo());
        ImageColumns.WriteColumns(ctx.Writer, _columns, c => (c.Output, c.Input), c =>
        {
            ctx.Writer.Write((byte)c.Colors);
            ctx.Writer.Write((byte)c.Order);
            ctx.Writer.WriteBoolByte(c.Interleave);
            ctx.Writer.WriteBoolByte(c.OutputAsFloatArray);
            ctx.Writer.Write(c.Offset);
            ctx.Writer.Write(c.Scale);
        });
    }

    private protected override IRowToRowMapper MakeRowMapper(DataViewSchema inputSchema)
        => ImageColumns.Bind(inputSchema, _columns, c => (c.Output, c.Input), Component, Expected, (c, input) =>
        {
            if (input.Type is not ImageDataViewType { IsKnownSize: true } type)
            {
                return null;
            }

            var item = c.OutputAsFloatArray ? NumberDataViewType.Single : NumberDataViewType.Byte;
            var outputType = c.Interleave
                ? new VectorDataViewType(item, type.Height, type.Width, c.Planes)
                : new VectorDataViewType(item, c.Planes, type.Height, type.Width);
            Func<DataViewRow, Delegate> makeGetter = c.OutputAsFloatArray
                ? row => MakeGetter<float>(row, input, type, c)
                : row => MakeGetter<byte>(row, input, type, c);
            return (outputType, makeGetter);
        });

    private static VersionInfo GetVersionInfo() => TransformVersions.FirstFormat("IMGPXEXT", LoaderSignature);

    private static ValueGetter<VBuffer<T>> MakeGetter<T>(DataViewRow row, DataViewSchema.Column input, ImageDataViewType type, ColumnInfo info)
        where T : struct
    {
        var getSource = row.GetGetter<MLImage>(input);
        MLImage source = null!;
        int size = info.Planes * type.Height * type.Width;
        return (ref VBuffer<T> value) =>
        {
            getSource(ref source);
            var editor = VBufferEditor.Create(ref value, size);
            if (source is null)
            {
                editor.Values.Clear();
                value = editor.Commit();
                return;
            }

            var frame = source.Frame;
            if (frame.Width != type.Width || frame.Height != type.Height)
            {
                throw new InvalidOperationException(
                    $"{Component}: the image of {ImageColumns.RowText(row)}, column '{input.Name}', is {frame.Width}x{frame.Height} pixels "
                    + $"but the column type {type} declares {type.Width}x{type.Height}.");
            }

            if (typeof(T) == typeof(float))
            {
                Fill(frame, info, MemoryMarshal.Cast<T, float>(editor.Values), info.Offset, info.Scale);
            }
            else
            {
                Fill(frame, info, MemoryMarshal.Cast<T, byte>(editor.Values));
            }

            value = editor.Commit();
        };
    }

    private static void Fill(ImageFrame frame, ColumnInfo info, Span<float> values, float offset, float scale)
    {
        var (a, r, g, b) = info.Positions;
        int pixels = frame.Width * frame.Height;
        int planes = info.Planes;
        for (int p = 0; p < pixels; p++)
        {
            MLImage.GetRgba(frame, p, out byte red, out byte green, out byte blue, out byte alpha);
            if (a >= 0) values[Index(info.Interleave, p, a, planes, pixels)] = (alpha + offset) * scale;
            if (r >= 0) values[Index(info.Interleave, p, r, planes, pixels)] = (red + offset) * scale;
            if (g >= 0) values[Index(info.Interleave, p, g, planes, pixels)] = (green + offset) * scale;
            if (b >= 0) values[Index(info.Interleave, p, b, planes, pixels)] = (blue + offset) * scale;
        }
    }

    private static void Fill(ImageFrame frame, ColumnInfo info, Span<byte> values)
    {
        var (a, r, g, b) = info.Positions;
        int pixels = frame.Width * frame.Height;
        int planes = info.Planes;
        for (int p = 0; p < pixels; p++)
        {
            MLImage.GetRgba(frame, p, out byte red, out byte green, out byte blue, out byte alpha);
            if (a >= 0) values[Index(info.Interleave, p, a, planes, pixels)] = alpha;
            if (r >= 0) values[Index(info.Interleave, p, r, planes, pixels)] = red;
            if (g >= 0) values[Index(info.Interleave, p, g, planes, pixels)] = green;
            if (b >= 0) values[Index(info.Interleave, p, b, planes, pixels)] = blue;
        }
    }

    private static int Index(bool interleave, int pixel, int plane, int planes, int pixels)
        => interleave ? (pixel * planes) + plane : (plane * pixels) + pixel;

    /// <summary>The settings of one extracted column.</summary>
    internal sealed class ColumnInfo
    {
        public ColumnInfo(string output, string? input, ImagePixelExtractingEstimator.ColorBits colors, ImagePixelExtractingEstimator.ColorsOrder order,
            bool interleave, float offset, float scale, bool outputAsFloatArray)
        {
            (Output, Input) = ImageColumns.Pair(output, input);
            if (colors == 0 || (colors & ImagePixelExtractingEstimator.ColorBits.All) != colors)
            {
                throw new ArgumentOutOfRangeException("colorsToExtract", colors, "At least one colour plane is needed, and only Alpha, Red, Green and Blue exist.");
            }

            if (!Enum.IsDefined(order))
            {
                throw new ArgumentOutOfRangeException("orderOfExtraction", order, "Unknown colour order; expected ARGB, ARBG, ABRG, ABGR, AGRB or AGBR.");
            }

            if (outputAsFloatArray)
            {
                if (!float.IsFinite(offset))
                {
                    throw new ArgumentOutOfRangeException("offsetImage", offset, "The offset must be a finite number.");
                }

                if (!float.IsFinite(scale) || scale == 0)
                {
                    throw new ArgumentOutOfRangeException("scaleImage", scale, "The scale must be a finite, non-zero number.");
                }
            }
            else
            {
                // As ML.NET: byte output ignores offset and scale.
                offset = 0;
                scale = 1;
            }

            Colors = colors;
            Order = order;
            Interleave = interleave;
            Offset = offset;
            Scale = scale;
            OutputAsFloatArray = outputAsFloatArray;
            Planes = BitOperations.PopCount((uint)colors);
            Positions = ImagePixelExtractingEstimator.GetOrder(order, colors);
        }

        public string Output { get; }

        public string Input { get; }

        public ImagePixelExtractingEstimator.ColorBits Colors { get; }

        public ImagePixelExtractingEstimator.ColorsOrder Order { get; }

        public bool Interleave { get; }

        public float Offset { get; }

        public float Scale { get; }

        public bool OutputAsFloatArray { get; }

        public int Planes { get; }

        public (int A, int R, int G, int B) Positions { get; }
    }
}
