using MlNetCnn.Data;

namespace MlNetCnn.Transforms.Image;

/// <summary>
/// Extracts the pixels of known-size images into a vector (<c>mlContext.Transforms.ExtractPixels</c>): one plane per
/// extracted colour, planar (dimensions planes x height x width, CHW) or interleaved (height x width x planes, HWC),
/// as <see cref="float"/> values <c>(pixel + offset) * scale</c> or raw bytes. Trivial: <see cref="Fit"/> checks the
/// schema and returns the transformer.
/// </summary>
public sealed class ImagePixelExtractingEstimator : IEstimator<ImagePixelExtractingTransformer>
{
    private readonly ImagePixelExtractingTransformer _transformer;

    internal ImagePixelExtractingEstimator(MLContext env, string outputColumnName, string? inputColumnName, ColorBits colorsToExtract,
        ColorsOrder orderOfExtraction, bool interleavePixelColors, float offsetImage, float scaleImage, bool outputAsFloatArray)
    {
        ArgumentNullException.ThrowIfNull(env);
        _transformer = new ImagePixelExtractingTransformer(new[]
        {
            new ImagePixelExtractingTransformer.ColumnInfo(outputColumnName, inputColumnName, colorsToExtract, orderOfExtraction,
                interleavePixelColors, offsetImage, scaleImage, outputAsFloatArray),
        });
    }

    /// <summary>Which colour channels are extracted (flags; the values are saved in models, as in ML.NET).</summary>
    [Flags]
    public enum ColorBits : byte
    {
        /// <summary>The alpha (opacity) channel; 255 for images without transparency.</summary>
        Alpha = 0x01,

        /// <summary>The red channel (the gray value for gray images).</summary>
        Red = 0x02,

        /// <summary>The green channel (the gray value for gray images).</summary>
        Green = 0x04,

        /// <summary>The blue channel (the gray value for gray images).</summary>
        Blue = 0x08,

        /// <summary>Red, green and blue (the default).</summary>
        Rgb = Red | Green | Blue,

        /// <summary>Alpha, red, green and blue.</summary>
        All = Alpha | Red | Green | Blue,
    }

    /// <summary>The order of the extracted planes (or of the values of one pixel when interleaved). Colours not in
    /// <see cref="ColorBits"/> are skipped: for example <see cref="ABGR"/> with <see cref="ColorBits.Rgb"/> gives
    /// blue, green, red.</summary>
    public enum ColorsOrder : byte
    {
        /// <summary>Alpha, red, green, blue (the default).</summary>
        ARGB = 1,

        /// <summary>Alpha, red, blue, green.</summary>
        ARBG = 2,

        /// <summary>Alpha, blue, red, green.</summary>
        ABRG = 3,

        /// <summary>Alpha, blue, green, red.</summary>
        ABGR = 4,

        /// <summary>Alpha, green, red, blue.</summary>
        AGRB = 5,

        /// <summary>Alpha, green, blue, red.</summary>
        AGBR = 6,
    }

    /// <summary>Checks the input schema and returns the transformer.</summary>
    /// <param name="input">The data (only its schema is read).</param>
    /// <returns>The transformer.</returns>
    /// <exception cref="ArgumentOutOfRangeException">An input column is missing or is not a known-size image
    /// column.</exception>
    public ImagePixelExtractingTransformer Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        _transformer.GetOutputSchema(input.Schema);
        return _transformer;
    }

    /// <summary>Returns the input shape plus the known-size pixel vector columns (Single, or Byte when
    /// <c>outputAsFloatArray</c> is false).</summary>
    /// <param name="inputSchema">The input shape.</param>
    /// <returns>The output shape.</returns>
    /// <exception cref="ArgumentOutOfRangeException">An input column is missing or is not a known-size image
    /// column.</exception>
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
        => ImageColumns.OutputShape(inputSchema, _transformer.ColumnInfos, c => (c.Output, c.Input), ImagePixelExtractingTransformer.Component,
            ImagePixelExtractingTransformer.Expected, (c, col) => ImageColumns.IsImage(col) && ((ImageDataViewType)col.ItemType).IsKnownSize
                ? new SchemaShape.Column(c.Output, SchemaShape.VectorKind.Vector, c.OutputAsFloatArray ? NumberDataViewType.Single : NumberDataViewType.Byte, false)
                : null);

    /// <summary>The position of each colour in the output order, or -1 when it is not extracted (ML.NET's
    /// rule: walk the order's letters, numbering only the extracted colours).</summary>
    internal static (int A, int R, int G, int B) GetOrder(ColorsOrder order, ColorBits colors)
    {
        int a = -1, r = -1, g = -1, b = -1;
        int next = 0;
        foreach (char letter in order.ToString())
        {
            switch (letter)
            {
                case 'A' when colors.HasFlag(ColorBits.Alpha):
                    a = next++;
                    break;
                case 'R' when colors.HasFlag(ColorBits.Red):
                    r = next++;
                    break;
                case 'G' when colors.HasFlag(ColorBits.Green):
                    g = next++;
                    break;
                case 'B' when colors.HasFlag(ColorBits.Blue):
                    b = next++;
                    break;
            }
        }

        return (a, r, g, b);
    }
}
