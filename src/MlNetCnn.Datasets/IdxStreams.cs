using System.Buffers;

namespace MlNetCnn.Datasets;

/// <summary>Stream helpers shared by the IDX reader: full reads and byte counting with decoder errors named by file.</summary>
internal static class IdxStreams
{
    /// <summary>Reads until <paramref name="buffer"/> is full or the stream ends.</summary>
    /// <returns>The number of bytes read; less than the buffer length only at the end of the stream.</returns>
    /// <exception cref="InvalidDataException">The gzip decoder found corrupt data; the message names <paramref name="path"/>.</exception>
    public static int ReadBlock(Stream stream, Span<byte> buffer, string path)
    {
        int total = 0;
        try
        {
            while (total < buffer.Length)
            {
                int n = stream.Read(buffer[total..]);
                if (n == 0)
                {
                    break;
                }

                total += n;
            }
        }
        catch (InvalidDataException ex)
        {
            throw new InvalidDataException($"{path}: the gzip data is corrupt: {ex.Message}", ex);
        }

        return total;
    }

    /// <summary>Reads and discards bytes until the stream ends or <paramref name="limit"/> bytes have been seen.</summary>
    /// <returns>The number of bytes seen, at most <paramref name="limit"/>.</returns>
    public static long Count(Stream stream, long limit, string path)
    {
        byte[] scratch = ArrayPool<byte>.Shared.Rent(1 << 16);
        try
        {
            long total = 0;
            while (total < limit)
            {
                int want = (int)Math.Min(scratch.Length, limit - total);
                int n = ReadBlock(stream, scratch.AsSpan(0, want), path);
                total += n;
                if (n < want)
                {
                    break;
                }
            }

            return total;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(scratch);
        }
    }
}
