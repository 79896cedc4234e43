namespace MlNetCnn.Imaging;

/// <summary>
/// Thrown when image data is malformed, truncated, unsupported or larger than <see cref="ImageDecoderOptions"/>
/// allow. It is the only exception the decoders throw for bad data.
/// </summary>
/// <remarks>
/// <para>
/// The message names the source (file path or the name given to <see cref="ImageDecoder.Decode"/>), the format and
/// what was wrong, for example <c>photo.png: invalid PNG: truncated IDAT chunk at offset 1234 (declared 8192 bytes,
/// 100 present)</c>. Errors reading a file from disk (missing file, access denied) are not format errors and surface
/// as the usual <see cref="IOException"/> subclasses.
/// </para>
/// <para>It derives from <see cref="FormatException"/>: <see cref="InvalidDataException"/>, the other natural base,
/// is sealed.</para>
/// </remarks>
public sealed class ImageFormatException : FormatException
{
    /// <summary>Creates an exception for a problem found in image data.</summary>
    /// <param name="sourceName">File path or name of the data; null for anonymous in-memory data.</param>
    /// <param name="format">The format the data claimed to be, or <see cref="ImageFormat.Unknown"/>.</param>
    /// <param name="problem">What was wrong, for example <c>bad Huffman table</c>.</param>
    /// <param name="innerException">The underlying exception, if any.</param>
    public ImageFormatException(string? sourceName, ImageFormat format, string problem, Exception? innerException = null)
        : base(BuildMessage(sourceName, format, problem), innerException)
    {
        SourceName = sourceName;
        Format = format;
        Problem = problem;
    }

    /// <summary>The file path or name of the data, or null for anonymous in-memory data.</summary>
    public string? SourceName { get; }

    /// <summary>The format the data claimed to be (<see cref="ImageFormat.Unknown"/> when unrecognised).</summary>
    public ImageFormat Format { get; }

    /// <summary>The problem alone, without the source and format prefix.</summary>
    public string Problem { get; }

    private static string BuildMessage(string? sourceName, ImageFormat format, string problem)
    {
        string source = string.IsNullOrEmpty(sourceName) ? "(in-memory image)" : sourceName;
        return format == ImageFormat.Unknown
            ? $"{source}: {problem}"
            : $"{source}: invalid {format.DisplayName()}: {problem}";
    }
}
