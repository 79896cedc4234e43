using MlNetCnn.Data;
using MlNetCnn.Transforms.Image;

namespace MlNetCnn;

/// <summary>
/// The image transforms of <c>mlContext.Transforms</c>: <see cref="LoadImages"/>, <see cref="LoadRawImageBytes"/>,
/// <see cref="DecodeImages"/> (an MlNetCnn addition), <see cref="ResizeImages"/>, <see cref="ConvertToGrayscale"/> and
/// <see cref="ExtractPixels"/>, with ML.NET's signatures and defaults.
/// </summary>
/// <remarks>
/// A typical chain: <c>LoadImages("Image", folder, "ImagePath")</c> (or <c>DecodeImages("Image", "ImageBytes")</c> for
/// in-memory files), then <c>ResizeImages("Image", 28, 28)</c>, then <c>ExtractPixels("Features", "Image")</c>. Every
/// transform is lazy (files are read and pixels computed when a row is read), works row by row (so prediction engines
/// work) and is saved in model files with its parameters.
/// </remarks>
public static class ImageEstimatorsCatalog
{
    /// <summary>Loads the images whose file paths are in a text column.</summary>
    /// <param name="catalog">The transforms catalog.</param>
    /// <param name="outputColumnName">The image column to create (type <see cref="ImageDataViewType"/> of unknown
    /// size).</param>
    /// <param name="imageFolder">The folder relative paths are resolved against (null: the current directory).</param>
    /// <param name="inputColumnName">The text column of paths; null means <paramref name="outputColumnName"/>.</param>
    /// <returns>The estimator.</returns>
    /// <remarks>PNG, JPEG, BMP and PBM/PGM/PPM files are decoded by content. A file that is missing or not a
    /// readable image raises an <see cref="InvalidOperationException"/> naming the row and the path when that row is
    /// read; an empty path gives a missing (null) image. See <see cref="ImageLoadingTransformer"/>.</remarks>
    public static ImageLoadingEstimator LoadImages(this TransformsCatalog catalog, string outputColumnName, string? imageFolder, string? inputColumnName = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new ImageLoadingEstimator(((IInternalCatalog)catalog).GetEnvironment(), imageFolder, true, ImageColumns.Pair(outputColumnName, inputColumnName));
    }

    /// <summary>Loads the raw bytes of the files whose paths are in a text column, as a variable-length vector of
    /// <see cref="byte"/> (the input the ImageClassification trainer expects).</summary>
    /// <param name="catalog">The transforms catalog.</param>
    /// <param name="outputColumnName">The byte vector column to create.</param>
    /// <param name="imageFolder">The folder relative paths are resolved against (null: the current directory).</param>
    /// <param name="inputColumnName">The text column of paths; null means <paramref name="outputColumnName"/>.</param>
    /// <returns>The estimator.</returns>
    /// <remarks>The bytes are the file's content, unchecked. A missing file raises an
    /// <see cref="InvalidOperationException"/> naming the row and the path when that row is read; an empty path
    /// gives an empty vector.</remarks>
    public static ImageLoadingEstimator LoadRawImageBytes(this TransformsCatalog catalog, string outputColumnName, string? imageFolder, string? inputColumnName = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new ImageLoadingEstimator(((IInternalCatalog)catalog).GetEnvironment(), imageFolder, false, ImageColumns.Pair(outputColumnName, inputColumnName));
    }

    /// <summary>Decodes a column of encoded image bytes (a <c>byte[]</c> or <see cref="VBuffer{T}"/> of bytes
    /// holding a PNG, JPEG, BMP or PBM/PGM/PPM file) into an image column. <b>An MlNetCnn addition, not in
    /// ML.NET</b>: it makes in-memory images work in every image chain exactly as files do.</summary>
    /// <param name="catalog">The transforms catalog.</param>
    /// <param name="outputColumnName">The image column to create (type <see cref="ImageDataViewType"/> of unknown
    /// size).</param>
    /// <param name="inputColumnName">The byte vector column; null means <paramref name="outputColumnName"/>.</param>
    /// <returns>The estimator.</returns>
    /// <remarks>Data that is not a supported image raises an <see cref="InvalidOperationException"/> naming the row
    /// when that row is read; an empty vector gives a missing (null) image. See
    /// <see cref="ImageDecodingTransformer"/>.</remarks>
    public static ImageDecodingEstimator DecodeImages(this TransformsCatalog catalog, string outputColumnName, string? inputColumnName = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new ImageDecodingEstimator(((IInternalCatalog)catalog).GetEnvironment(), ImageColumns.Pair(outputColumnName, inputColumnName));
    }

    /// <summary>Resizes images to <paramref name="imageWidth"/> x <paramref name="imageHeight"/>.</summary>
    /// <param name="catalog">The transforms catalog.</param>
    /// <param name="outputColumnName">The image column to create; its type is
    /// <see cref="ImageDataViewType"/>(<paramref name="imageHeight"/>, <paramref name="imageWidth"/>).</param>
    /// <param name="imageWidth">The target width in pixels.</param>
    /// <param name="imageHeight">The target height in pixels.</param>
    /// <param name="inputColumnName">The image column; null means <paramref name="outputColumnName"/>.</param>
    /// <param name="resizing">How the aspect ratio is handled: <see cref="ImageResizingEstimator.ResizingKind.IsoCrop"/>
    /// (default; scale to cover, crop the overflow), <see cref="ImageResizingEstimator.ResizingKind.IsoPad"/> (scale to
    /// fit, pad with black) or <see cref="ImageResizingEstimator.ResizingKind.Fill"/> (stretch).</param>
    /// <param name="cropAnchor">Where <see cref="ImageResizingEstimator.ResizingKind.IsoCrop"/> keeps the image
    /// (default <see cref="ImageResizingEstimator.Anchor.Center"/>).</param>
    /// <returns>The estimator.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A size is less than 1, or an enum value is undefined.</exception>
    /// <remarks>The exact arithmetic is described on <see cref="ImageResizingTransformer"/>.</remarks>
    public static ImageResizingEstimator ResizeImages(this TransformsCatalog catalog, string outputColumnName, int imageWidth, int imageHeight,
        string? inputColumnName = null, ImageResizingEstimator.ResizingKind resizing = ImageResizingEstimator.ResizingKind.IsoCrop,
        ImageResizingEstimator.Anchor cropAnchor = ImageResizingEstimator.Anchor.Center)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new ImageResizingEstimator(((IInternalCatalog)catalog).GetEnvironment(), outputColumnName, imageWidth, imageHeight, inputColumnName, resizing, cropAnchor);
    }

    /// <summary>Converts images to grayscale: <c>Y = round(0.3 R + 0.59 G + 0.11 B)</c> (ML.NET's weights).</summary>
    /// <param name="catalog">The transforms catalog.</param>
    /// <param name="outputColumnName">The image column to create (same image type as the input).</param>
    /// <param name="inputColumnName">The image column; null means <paramref name="outputColumnName"/>.</param>
    /// <returns>The estimator.</returns>
    /// <remarks>See <see cref="ImageGrayscalingTransformer"/>.</remarks>
    public static ImageGrayscalingEstimator ConvertToGrayscale(this TransformsCatalog catalog, string outputColumnName, string? inputColumnName = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new ImageGrayscalingEstimator(((IInternalCatalog)catalog).GetEnvironment(), ImageColumns.Pair(outputColumnName, inputColumnName));
    }

    /// <summary>Extracts the pixels of known-size images into a vector.</summary>
    /// <param name="catalog">The transforms catalog.</param>
    /// <param name="outputColumnName">The vector column to create.</param>
    /// <param name="inputColumnName">The image column, of known size (for example after
    /// <see cref="ResizeImages"/>); null means <paramref name="outputColumnName"/>.</param>
    /// <param name="colorsToExtract">The colour planes to extract (default red, green and blue).</param>
    /// <param name="orderOfExtraction">The order of the planes (default <see cref="ImagePixelExtractingEstimator.ColorsOrder.ARGB"/>).</param>
    /// <param name="interleavePixelColors">False (default): planar, dimensions (planes, height, width), CHW. True:
    /// interleaved, dimensions (height, width, planes), HWC.</param>
    /// <param name="offsetImage">Added to each pixel value first (float output only).</param>
    /// <param name="scaleImage">Multiplies the offset value (float output only); must be finite and non-zero.</param>
    /// <param name="outputAsFloatArray">True (default): a vector of <see cref="float"/>
    /// <c>(pixel + offsetImage) * scaleImage</c>. False: a vector of the raw <see cref="byte"/> values.</param>
    /// <returns>The estimator.</returns>
    /// <exception cref="ArgumentOutOfRangeException">No colour is selected, an enum value is undefined, or the offset
    /// or scale is not finite (or the scale is zero).</exception>
    /// <remarks>See <see cref="ImagePixelExtractingTransformer"/> for the layout and edge cases.</remarks>
    public static ImagePixelExtractingEstimator ExtractPixels(this TransformsCatalog catalog, string outputColumnName, string? inputColumnName = null,
        ImagePixelExtractingEstimator.ColorBits colorsToExtract = ImagePixelExtractingEstimator.ColorBits.Rgb,
        ImagePixelExtractingEstimator.ColorsOrder orderOfExtraction = ImagePixelExtractingEstimator.ColorsOrder.ARGB,
        bool interleavePixelColors = false, float offsetImage = 0f, float scaleImage = 1f, bool outputAsFloatArray = true)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new ImagePixelExtractingEstimator(((IInternalCatalog)catalog).GetEnvironment(), outputColumnName, inputColumnName, colorsToExtract,
            orderOfExtraction, interleavePixelColors, offsetImage, scaleImage, outputAsFloatArray);
    }
}
