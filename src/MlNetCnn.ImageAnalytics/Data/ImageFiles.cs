using MlNetCnn.Imaging;

namespace MlNetCnn.Data;

/// <summary>Reads image files with size checks, and turns read and decode failures into one-line reasons.</summary>
internal static class ImageFiles
{
    /// <summary>The file extensions of the formats the decoder reads (lower case, with the dot).</summary>
    public static readonly IReadOnlySet<string> SupportedExtensions = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        ".png", ".jpg", ".jpeg", ".jpe", ".jfif", ".bmp", ".dib", ".pbm", ".pgm", ".ppm", ".pnm",
    };

    /// <summary>Image file extensions of formats the decoder does not read.</summary>
    public static readonly IReadOnlySet<string> UnsupportedImageExtensions = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        ".gif", ".webp", ".tif", ".tiff", ".heic", ".heif", ".avif", ".ico", ".svg", ".jxl", ".jp2", ".psd", ".raw", ".dng",
    };

    /// <summary>Opens a file and checks its size is at most <see cref="MLImage.MaxEncodedBytes"/>.</summary>
    public static FileStream OpenChecked(string path, out int length)
    {
        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
        if (stream.Length > MLImage.MaxEncodedBytes)
        {
            long size = stream.Length;
            stream.Dispose();
            throw new IOException($"'{path}' holds {size} bytes; image files of at most {MLImage.MaxEncodedBytes} bytes are read.");
        }

        length = (int)stream.Length;
        return stream;
    }

    /// <summary>Reads a whole file (at most 1 GiB).</summary>
    public static byte[] ReadAll(string path)
    {
        using var stream = OpenChecked(path, out int length);
        var bytes = new byte[length];
        stream.ReadExactly(bytes);
        return bytes;
    }

    /// <summary>Reads and decodes an image file.</summary>
    public static ImageFrame Decode(string path) => ImageDecoder.Decode(ReadAll(path), path);

    /// <summary>Whether <paramref name="e"/> is an expected failure to read or decode a file (as opposed to a
    /// bug).</summary>
    public static bool IsReadFailure(Exception e)
        => e is IOException or UnauthorizedAccessException or ImageFormatException or NotSupportedException or ArgumentException;

    /// <summary>A short reason for a read or decode failure of <paramref name="path"/>.</summary>
    public static string Describe(Exception e, string path) => e switch
    {
        FileNotFoundException => $"the file '{path}' does not exist",
        DirectoryNotFoundException => $"the folder of '{path}' does not exist",
        UnauthorizedAccessException => $"the file '{path}' cannot be read (access denied)",
        EndOfStreamException => $"the file '{path}' changed while it was read",
        ImageFormatException f => f.Message,
        _ => $"'{path}': {e.Message}",
    };
}
