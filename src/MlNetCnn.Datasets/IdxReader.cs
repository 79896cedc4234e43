using System.Buffers.Binary;
using System.IO.Compression;
using System.Runtime.InteropServices;

namespace MlNetCnn.Datasets;

/// <summary>
/// Reads IDX files (the MNIST / Fashion-MNIST format), raw or gzip-compressed.
/// </summary>
/// <remarks>
/// Layout (all numbers big-endian): a 4-byte magic number <c>00 00 TT ND</c> where <c>TT</c> is the
/// <see cref="IdxDataType"/> code and <c>ND</c> the number of dimensions (at least 1); then <c>ND</c> unsigned 32-bit
/// dimension sizes (each at least 1); then exactly <c>size(TT) * d0 * d1 * ... </c> bytes of elements in row-major
/// order. A file whose first two bytes are the gzip magic <c>1F 8B</c> is decompressed first.
/// Every size is checked before anything is allocated: the payload the header declares must be at most the limit
/// (<see cref="DefaultMaxPayloadBytes"/> unless given), and the data must hold exactly that many bytes — for a raw file
/// this is checked against the file length; for a gzip file against the size recorded in the gzip trailer (and the
/// largest size deflate can expand the file to), or, when those do not agree, by decompressing once without storing.
/// Elements are decoded straight into the returned array, which is then the only large allocation.
/// </remarks>
public static class IdxReader
{
    /// <summary>The default largest payload <see cref="Read(string)"/> accepts: 1 GiB.</summary>
    public const long DefaultMaxPayloadBytes = 1L << 30;

    /// <summary>At most this many extra bytes are counted for the "trailing data" error of a gzip file.</summary>
    private const long TrailingCountLimit = 1 << 20;

    /// <summary>Deflate expands at most about 1032:1 (258-byte matches coded in 2 bits), so a gzip file of n bytes
    /// decompresses to less than 1032 * (n + 1) bytes.</summary>
    private const long MaxDeflateRatio = 1032;

    /// <summary>Reads an IDX file, raw or gzip-compressed, with a payload of at most <see cref="DefaultMaxPayloadBytes"/>.</summary>
    /// <param name="path">The file to read.</param>
    /// <returns>The element type, the dimensions and the elements.</returns>
    /// <exception cref="InvalidDataException">The file is not a valid IDX file (bad magic number, unknown type code,
    /// zero dimensions, a payload over the limit, truncated or with trailing data, corrupt gzip data). The message
    /// names the file and says what was expected and found.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    public static IdxArray Read(string path) => Read(path, DefaultMaxPayloadBytes);

    /// <summary>Reads an IDX file, raw or gzip-compressed, with a payload of at most <paramref name="maxPayloadBytes"/>.</summary>
    /// <param name="path">The file to read.</param>
    /// <param name="maxPayloadBytes">The largest payload (element bytes, header excluded) accepted; 1 to
    /// <see cref="Array.MaxLength"/>.</param>
    /// <returns>The element type, the dimensions and the elements.</returns>
    /// <exception cref="InvalidDataException">The file is not a valid IDX file; the message names it.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    public static IdxArray Read(string path, long maxPayloadBytes)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxPayloadBytes);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxPayloadBytes, (long)Array.MaxLength);

        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        return IsGzip(file) ? ReadGzip(file, path, maxPayloadBytes) : ReadRaw(file, path, maxPayloadBytes);
    }

    /// <summary>True when the file starts with the gzip magic bytes 1F 8B. Leaves the stream at position 0.</summary>
    internal static bool IsGzip(FileStream file)
    {
        Span<byte> start = stackalloc byte[2];
        int got = file.ReadAtLeast(start, 2, throwOnEndOfStream: false);
        file.Position = 0;
        return got == 2 && start[0] == 0x1F && start[1] == 0x8B;
    }

    private static IdxArray ReadRaw(FileStream file, string path, long maxPayloadBytes)
    {
        const string Source = "file";
        var header = IdxHeader.Read(file, path, Source, maxPayloadBytes);
        long found = file.Length - header.HeaderBytes;
        CheckPayloadLength(path, Source, header, found, foundIsLowerBound: false);
        Array data = ReadElements(file, header, path, Source);
        long extra = IdxStreams.Count(file, TrailingCountLimit, path);
        CheckPayloadLength(path, Source, header, header.PayloadBytes + extra, foundIsLowerBound: extra == TrailingCountLimit);
        return new IdxArray(path, header.DataType, header.Dimensions, data);
    }

    private static IdxArray ReadGzip(FileStream file, string path, long maxPayloadBytes)
    {
        const string Source = "decompressed data";
        uint? sizeHint = ReadGzipSizeHint(file);

        var gzip = new GZipStream(file, CompressionMode.Decompress, leaveOpen: true);
        try
        {
            var header = IdxHeader.Read(gzip, path, Source, maxPayloadBytes);
            long total = header.HeaderBytes + header.PayloadBytes;
            if (sizeHint != (uint)total || total > (file.Length * MaxDeflateRatio) + MaxDeflateRatio)
            {
                // The gzip trailer does not confirm the declared size, or the file is too small to expand to it:
                // it is damaged, has extra data, or has several gzip members. Count the decompressed bytes without
                // storing them (bounded by the file size times the deflate ratio) before allocating.
                long found = IdxStreams.Count(gzip, header.PayloadBytes + TrailingCountLimit, path);
                CheckPayloadLength(path, Source, header, found, foundIsLowerBound: found == header.PayloadBytes + TrailingCountLimit);

                gzip.Dispose();
                file.Position = 0;
                gzip = new GZipStream(file, CompressionMode.Decompress, leaveOpen: true);
                IdxHeader.Read(gzip, path, Source, maxPayloadBytes);
            }

            Array data = ReadElements(gzip, header, path, Source);
            long extra = IdxStreams.Count(gzip, TrailingCountLimit, path);
            CheckPayloadLength(path, Source, header, header.PayloadBytes + extra, foundIsLowerBound: extra == TrailingCountLimit);
            return new IdxArray(path, header.DataType, header.Dimensions, data);
        }
        finally
        {
            gzip.Dispose();
        }
    }

    /// <summary>The uncompressed size mod 2^32 from the last 4 bytes of a gzip file (RFC 1952 ISIZE), or null
    /// when the file is too short to hold a gzip header and trailer. Leaves the stream at position 0.</summary>
    private static uint? ReadGzipSizeHint(FileStream file)
    {
        const int MinimumGzipLength = 18;
        if (file.Length < MinimumGzipLength)
        {
            return null;
        }

        Span<byte> trailer = stackalloc byte[4];
        file.Position = file.Length - 4;
        file.ReadExactly(trailer);
        file.Position = 0;
        return BinaryPrimitives.ReadUInt32LittleEndian(trailer);
    }

    private static void CheckPayloadLength(string path, string source, IdxHeader header, long found, bool foundIsLowerBound)
    {
        if (found < header.PayloadBytes)
        {
            throw new InvalidDataException(
                $"{path}: the IDX payload is truncated: the header declares {header.DimensionText} elements of " +
                $"{IdxDataTypes.Describe(header.DataType)}, so {header.PayloadBytes} bytes were expected after the " +
                $"{header.HeaderBytes}-byte header, but the {source} holds only {found}.");
        }

        if (found > header.PayloadBytes)
        {
            string extra = (foundIsLowerBound ? "at least " : string.Empty) + (found - header.PayloadBytes);
            throw new InvalidDataException(
                $"{path}: the IDX data has {extra} unexpected bytes after the payload: the header declares " +
                $"{header.DimensionText} elements of {IdxDataTypes.Describe(header.DataType)}, so exactly " +
                $"{header.PayloadBytes} bytes were expected after the {header.HeaderBytes}-byte header.");
        }
    }

    /// <summary>Allocates the element array the header declares and fills it from the stream, in machine byte order.</summary>
    private static Array ReadElements(Stream stream, IdxHeader header, string path, string source)
    {
        int count = header.ElementCount;
        Array data = header.DataType switch
        {
            IdxDataType.UnsignedByte => new byte[count],
            IdxDataType.SignedByte => new sbyte[count],
            IdxDataType.Int16 => new short[count],
            IdxDataType.Int32 => new int[count],
            IdxDataType.Single => new float[count],
            _ => new double[count],
        };

        // View the element array as its raw bytes (PayloadBytes = count * element size <= Array.MaxLength).
        Span<byte> bytes = MemoryMarshal.CreateSpan(ref MemoryMarshal.GetArrayDataReference(data), (int)header.PayloadBytes);
        int got = IdxStreams.ReadBlock(stream, bytes, path);
        CheckPayloadLength(path, source, header, got, foundIsLowerBound: false);
        if (BitConverter.IsLittleEndian)
        {
            SwapToLittleEndian(data);
        }

        return data;
    }

    private static void SwapToLittleEndian(Array data)
    {
        switch (data)
        {
            case short[] i16:
                BinaryPrimitives.ReverseEndianness(i16, i16);
                break;
            case int[] i32:
                BinaryPrimitives.ReverseEndianness(i32, i32);
                break;
            case float[] f32:
                Span<int> f32Bits = MemoryMarshal.Cast<float, int>(f32.AsSpan());
                BinaryPrimitives.ReverseEndianness(f32Bits, f32Bits);
                break;
            case double[] f64:
                Span<long> f64Bits = MemoryMarshal.Cast<double, long>(f64.AsSpan());
                BinaryPrimitives.ReverseEndianness(f64Bits, f64Bits);
                break;
        }
    }
}
