namespace MlNetCnn.Imaging;

/// <summary>Decodes PNG, JPEG, BMP and PGM/PPM data into an <see cref="ImageFrame"/>, detecting the format from its
/// first bytes. Pure managed code, no native dependency.</summary>
/// <remarks>
/// <para>Output channels by source:</para>
/// <list type="bullet">
/// <item>PNG: gray without transparency gives 1 channel; RGB and palette without transparency give 3; anything with
/// an alpha channel or a tRNS chunk gives 4 (gray + alpha becomes RGBA). 16-bit samples are reduced to 8 bits as
/// <c>(v * 255 + 32767) / 65535</c>, which equals <c>round(v / 257)</c>. Low bit depths are scaled up exactly
/// (1-bit gray 1 becomes 255, 2-bit times 85, 4-bit times 17).</item>
/// <item>JPEG: grayscale gives 1 channel, YCbCr (or Adobe RGB) gives 3. Decoding follows libjpeg's defaults:
/// the accurate integer IDCT ("islow"), triangle ("fancy") chroma upsampling for 2:1 factors and libjpeg's
/// YCbCr-to-RGB tables, so pixels match <c>djpeg</c> closely. CMYK/YCCK, arithmetic coding, lossless and 12-bit
/// JPEG are refused. The EXIF orientation is applied unless <see cref="ImageDecoderOptions.ApplyExifOrientation"/> is
/// false.</item>
/// <item>BMP: palette, 16-bit, 24-bit and 32-bit without an alpha mask give 3 channels; bit fields with an alpha mask
/// give 4. RLE and embedded JPEG/PNG bitmaps are refused.</item>
/// <item>PBM/PGM give 1 channel, PPM gives 3. Samples are rescaled from <c>maxval</c> to 255 as
/// <c>(v * 255 + maxval / 2) / maxval</c>.</item>
/// </list>
/// <para>Every problem in the data raises <see cref="ImageFormatException"/>. Sizes are checked against the
/// <see cref="ImageDecoderOptions"/> limits and against the amount of data present before memory is allocated.</para>
/// </remarks>
public static class ImageDecoder
{
    /// <summary>Identifies the format from the first bytes of the data.</summary>
    /// <param name="data">The start of the file (16 bytes are enough).</param>
    /// <returns>The format, or <see cref="ImageFormat.Unknown"/>.</returns>
    public static ImageFormat DetectFormat(ReadOnlySpan<byte> data)
    {
        if (data.Length >= 8 && data[..8].SequenceEqual(PngDecoder.Signature))
        {
            return ImageFormat.Png;
        }

        if (data.Length >= 3 && data[0] == 0xFF && data[1] == 0xD8 && data[2] == 0xFF)
        {
            return ImageFormat.Jpeg;
        }

        if (data.Length >= 2 && data[0] == (byte)'B' && data[1] == (byte)'M')
        {
            return ImageFormat.Bmp;
        }

        if (data.Length >= 3 && data[0] == (byte)'P' && data[1] >= (byte)'1' && data[1] <= (byte)'6'
            && PnmDecoder.IsWhiteSpace(data[2]))
        {
            return ImageFormat.Pnm;
        }

        return ImageFormat.Unknown;
    }

    /// <summary>Decodes an image held in memory.</summary>
    /// <param name="data">The complete file contents.</param>
    /// <param name="sourceName">A name for error messages (for example the file path); null for none.</param>
    /// <param name="options">Limits; null for <see cref="ImageDecoderOptions.Default"/>.</param>
    /// <returns>The decoded frame.</returns>
    /// <exception cref="ImageFormatException">The data is not a supported image, is malformed or truncated, or
    /// exceeds the limits.</exception>
    public static ImageFrame Decode(ReadOnlySpan<byte> data, string? sourceName = null, ImageDecoderOptions? options = null)
    {
        options ??= ImageDecoderOptions.Default;
        ImageFormat format = DetectFormat(data);
        var context = new DecodeContext(sourceName, format, options);
        return format switch
        {
            ImageFormat.Png => PngDecoder.Decode(data, context),
            ImageFormat.Jpeg => JpegDecoder.Decode(data, context),
            ImageFormat.Bmp => BmpDecoder.Decode(data, context),
            ImageFormat.Pnm => PnmDecoder.Decode(data, context),
            _ => throw context.Fail(DescribeUnknown(data)),
        };
    }

    /// <summary>Reads and decodes an image file.</summary>
    /// <param name="path">Path of the file; it is named in error messages.</param>
    /// <param name="options">Limits; null for <see cref="ImageDecoderOptions.Default"/>.</param>
    /// <returns>The decoded frame.</returns>
    /// <exception cref="ImageFormatException">The file is not a supported image, is malformed or truncated, or
    /// exceeds the limits.</exception>
    /// <exception cref="IOException">The file cannot be read (see <see cref="File.ReadAllBytes(string)"/>).</exception>
    public static ImageFrame DecodeFile(string path, ImageDecoderOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        byte[] data = File.ReadAllBytes(path);
        return Decode(data, path, options);
    }

    private static string DescribeUnknown(ReadOnlySpan<byte> data)
    {
        if (data.IsEmpty)
        {
            return "the data is empty; expected a PNG, JPEG, BMP or PGM/PPM image";
        }

        string head = Convert.ToHexString(data[..Math.Min(8, data.Length)]);
        if (data.Length >= 2 && data[0] == (byte)'P' && data[1] == (byte)'7')
        {
            return "PAM (P7) images are not supported; expected a PNG, JPEG, BMP or PGM/PPM image";
        }

        return $"unrecognised image format (first bytes {head}); expected a PNG, JPEG, BMP or PGM/PPM image";
    }
}
