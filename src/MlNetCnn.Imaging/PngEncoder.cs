using System.Buffers.Binary;
using System.IO.Compression;

namespace MlNetCnn.Imaging;

/// <summary>Writes an <see cref="ImageFrame"/> as an 8-bit, non-interlaced PNG.</summary>
/// <remarks>
/// Gray frames become colour type 0, RGB colour type 2, RGBA colour type 6. Each row gets the filter whose output has
/// the smallest sum of absolute values when read as signed bytes (the heuristic libpng uses by default); the data is
/// compressed with <see cref="ZLibStream"/> at <see cref="CompressionLevel.Optimal"/>. The file holds IHDR, IDAT
/// chunks of at most 1 MiB each and IEND, nothing else.
/// </remarks>
public static class PngEncoder
{
    private const int MaxIdatChunk = 1 << 20;

    /// <summary>Encodes a frame as PNG.</summary>
    /// <param name="frame">The image to encode.</param>
    /// <returns>The complete PNG file.</returns>
    public static byte[] Encode(ImageFrame frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        byte[] compressed = CompressRows(frame);
        using var output = new MemoryStream(compressed.Length + 128);
        output.Write(PngDecoder.Signature);

        Span<byte> ihdr = stackalloc byte[13];
        BinaryPrimitives.WriteInt32BigEndian(ihdr, frame.Width);
        BinaryPrimitives.WriteInt32BigEndian(ihdr[4..], frame.Height);
        ihdr[8] = 8;
        ihdr[9] = frame.Channels switch { 1 => 0, 3 => 2, _ => 6 };
        ihdr[10] = 0;
        ihdr[11] = 0;
        ihdr[12] = 0;
        WriteChunk(output, "IHDR"u8, ihdr);

        for (int start = 0; start < compressed.Length; start += MaxIdatChunk)
        {
            WriteChunk(output, "IDAT"u8, compressed.AsSpan(start, Math.Min(MaxIdatChunk, compressed.Length - start)));
        }

        WriteChunk(output, "IEND"u8, []);
        return output.ToArray();
    }

    /// <summary>Encodes a frame as PNG and writes it to a file atomically.</summary>
    /// <param name="frame">The image to encode.</param>
    /// <param name="path">Destination; an existing file is replaced.</param>
    /// <remarks>The bytes go to a temporary file in the destination folder, which is then renamed over
    /// <paramref name="path"/>, so readers never see a half-written image.</remarks>
    public static void Save(ImageFrame frame, string path)
    {
        ArgumentNullException.ThrowIfNull(frame);
        ArgumentException.ThrowIfNullOrEmpty(path);
        byte[] bytes = Encode(frame);
        string fullPath = Path.GetFullPath(path);
        string directory = Path.GetDirectoryName(fullPath) ?? ".";
        string temp = Path.Combine(directory, $".{Path.GetFileName(fullPath)}.{Guid.NewGuid():N}.tmp");
        try
        {
            File.WriteAllBytes(temp, bytes);
            File.Move(temp, fullPath, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp))
            {
                File.Delete(temp);
            }
        }
    }

    private static byte[] CompressRows(ImageFrame frame)
    {
        int stride = frame.Stride;
        int bytesPerPixel = frame.Channels;
        byte[] zeros = new byte[stride];
        byte[] candidate = new byte[stride];
        byte[] best = new byte[stride];
        using var buffer = new MemoryStream();
        using (var zlib = new ZLibStream(buffer, CompressionLevel.Optimal, leaveOpen: true))
        {
            for (int y = 0; y < frame.Height; y++)
            {
                ReadOnlySpan<byte> row = frame.Pixels.AsSpan(y * stride, stride);
                ReadOnlySpan<byte> previous = y == 0 ? zeros : frame.Pixels.AsSpan((y - 1) * stride, stride);
                int bestType = 0;
                long bestScore = long.MaxValue;
                for (int type = PngFilters.None; type <= PngFilters.Paeth; type++)
                {
                    long score = PngFilters.Filter(type, row, previous, bytesPerPixel, candidate);
                    if (score < bestScore)
                    {
                        bestScore = score;
                        bestType = type;
                        (best, candidate) = (candidate, best);
                    }
                }

                zlib.WriteByte((byte)bestType);
                zlib.Write(best);
            }
        }

        return buffer.ToArray();
    }

    private static void WriteChunk(Stream output, ReadOnlySpan<byte> type, ReadOnlySpan<byte> body)
    {
        Span<byte> word = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(word, body.Length);
        output.Write(word);
        output.Write(type);
        output.Write(body);
        BinaryPrimitives.WriteUInt32BigEndian(word, Crc32.Compute(type, body));
        output.Write(word);
    }
}
