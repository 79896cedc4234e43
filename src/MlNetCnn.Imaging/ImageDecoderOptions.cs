namespace MlNetCnn.Imaging;

/// <summary>Limits and switches for <see cref="ImageDecoder"/>.</summary>
/// <remarks>
/// The limits are checked against the header before any pixel memory is allocated, so a hostile file that declares
/// an enormous image fails at once with an <see cref="ImageFormatException"/>.
/// </remarks>
public sealed class ImageDecoderOptions
{
    /// <summary>The options used when none are given.</summary>
    public static ImageDecoderOptions Default { get; } = new();

    /// <summary>
    /// Largest accepted <c>width * height</c>. Default 67,108,864 (64 megapixels: 8192 x 8192), which bounds the
    /// decoded RGBA frame at 256 MiB.
    /// </summary>
    public long MaxPixels { get; init; } = 64L * 1024 * 1024;

    /// <summary>Largest accepted width or height, in pixels. Default 65,535 (the JPEG limit).</summary>
    public int MaxDimension { get; init; } = 65_535;

    /// <summary>
    /// Whether a JPEG's EXIF orientation (APP1 tag 0x0112, values 1 to 8) is applied, so the frame comes out the
    /// way a viewer shows it. Default true. A malformed EXIF block is ignored (treated as orientation 1).
    /// </summary>
    public bool ApplyExifOrientation { get; init; } = true;
}
