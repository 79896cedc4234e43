using System.IO.Compression;

namespace MlNetCnn.Imaging;

/// <summary>PNG decoder: every colour type and bit depth, PLTE and tRNS, Adam7, all five filters.</summary>
/// <remarks>
/// <para>
/// Structure is checked strictly: the signature, IHDR first, every chunk's length and CRC-32, consecutive IDAT
/// chunks, a PLTE for palette images, no unknown critical chunk, and a closing IEND. Ancillary chunks other than
/// tRNS are skipped (after their CRC is checked); a tRNS that does not fit the colour type is ignored, as libpng does.
/// </para>
/// <para>
/// The image data is inflated row by row through <see cref="ZLibStream"/> into two row buffers, so memory is the
/// output frame plus two rows. Before anything is allocated the declared size is compared with the compressed size
/// (deflate cannot expand more than 1032:1). Inflating stops one byte after the size the header implies: data that
/// inflates to more, or to less, is an error, so a "zip bomb" fails after at most that much work.
/// </para>
/// </remarks>
internal static class PngDecoder
{
    /// <summary>Deflate's largest possible expansion: a 258-byte match coded in two bits.</summary>
    private const long MaxDeflateRatio = 1032;

    public static ReadOnlySpan<byte> Signature => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    public static ImageFrame Decode(ReadOnlySpan<byte> data, DecodeContext context)
    {
        PngHeader? header = null;
        byte[]? palette = null;
        byte[]? transparency = null;
        var idat = new List<(int Offset, int Length)>();
        long idatTotal = 0;
        bool idatEnded = false;
        bool sawEnd = false;
        int offset = 8;
        while (offset < data.Length)
        {
            if (data.Length - offset < 8)
            {
                throw context.Fail($"truncated chunk header at offset {offset}");
            }

            uint length = PngHeader.ReadUInt32(data[offset..]);
            ReadOnlySpan<byte> typeBytes = data.Slice(offset + 4, 4);
            string type = ChunkName(typeBytes, offset, context);
            if (length > int.MaxValue)
            {
                throw context.Fail($"{type} chunk at offset {offset} declares {length} bytes, more than 2^31-1");
            }

            long available = data.Length - offset - 12L;
            if (length > available)
            {
                throw context.Fail(
                    $"truncated {type} chunk at offset {offset} (declared {length} bytes, {Math.Max(0, available)} " +
                    "present before the CRC)");
            }

            ReadOnlySpan<byte> body = data.Slice(offset + 8, (int)length);
            uint storedCrc = PngHeader.ReadUInt32(data[(offset + 8 + (int)length)..]);
            if (Crc32.Compute(typeBytes, body) != storedCrc)
            {
                throw context.Fail($"CRC mismatch in {type} chunk at offset {offset}");
            }

            if (header is null && type != "IHDR")
            {
                throw context.Fail($"the first chunk is {type}, expected IHDR");
            }

            if (type != "IDAT" && idat.Count > 0)
            {
                idatEnded = true;
            }

            switch (type)
            {
                case "IHDR":
                    if (header is not null)
                    {
                        throw context.Fail($"second IHDR chunk at offset {offset}");
                    }

                    header = PngHeader.Parse(body, context);
                    break;
                case "PLTE":
                    palette = ParsePalette(body, header!, palette, idat.Count > 0, context);
                    break;
                case "tRNS":
                    if (idat.Count == 0 && (header!.ColorType != 3 || palette is not null))
                    {
                        transparency = body.ToArray();
                    }

                    break;
                case "IDAT":
                    if (idatEnded)
                    {
                        throw context.Fail($"IDAT chunk at offset {offset} does not follow the previous IDAT chunks");
                    }

                    idat.Add((offset + 8, (int)length));
                    idatTotal += length;
                    break;
                case "IEND":
                    sawEnd = true;
                    break;
                default:
                    if (char.IsUpper(type[0]))
                    {
                        throw context.Fail($"unknown critical chunk {type} at offset {offset}");
                    }

                    break;
            }

            offset += 12 + (int)length;
            if (sawEnd)
            {
                break;
            }
        }

        if (header is null)
        {
            throw context.Fail("no IHDR chunk after the signature");
        }

        if (idat.Count == 0)
        {
            throw context.Fail(sawEnd ? "no IDAT chunk before IEND" : "no IDAT chunk (file truncated?)");
        }

        if (!sawEnd)
        {
            throw context.Fail("missing IEND chunk (file truncated?)");
        }

        if (header.ColorType == 3 && palette is null)
        {
            throw context.Fail("palette image without a PLTE chunk");
        }

        long inflated = header.InflatedSize();
        if (inflated > idatTotal * MaxDeflateRatio + 1024)
        {
            throw context.Fail(
                $"IDAT holds {idatTotal} compressed bytes, too few for a {header.Width}x{header.Height} image that " +
                $"inflates to {inflated} bytes (truncated IDAT)");
        }

        byte[] compressed = new byte[idatTotal];
        int position = 0;
        foreach (var (start, count) in idat)
        {
            data.Slice(start, count).CopyTo(compressed.AsSpan(position));
            position += count;
        }

        return Inflate(compressed, header, palette, transparency, inflated, context);
    }

    private static ImageFrame Inflate(
        byte[] compressed, PngHeader header, byte[]? palette, byte[]? transparency, long inflated, DecodeContext context)
    {
        var writer = new PngPixelWriter(header, context, palette, transparency);
        int stride = header.FilterStride;
        long maxRowBytes = header.RowBytes(header.Width);
        byte[] current = new byte[maxRowBytes + 1];
        byte[] previous = new byte[maxRowBytes + 1];
        long consumed = 0;
        using var stream = new ZLibStream(new MemoryStream(compressed, writable: false), CompressionMode.Decompress);
        try
        {
            int passIndex = 0;
            foreach (var (x0, y0, dx, dy, columns, rows) in header.Passes())
            {
                passIndex++;
                if (columns == 0 || rows == 0)
                {
                    continue;
                }

                int rowBytes = (int)header.RowBytes(columns);
                Array.Clear(previous);
                for (int r = 0; r < rows; r++)
                {
                    Span<byte> row = current.AsSpan(0, rowBytes + 1);
                    int got = stream.ReadAtLeast(row, row.Length, throwOnEndOfStream: false);
                    consumed += got;
                    if (got < row.Length)
                    {
                        string where = header.Interlaced ? $" of pass {passIndex}" : string.Empty;
                        throw context.Fail(
                            $"truncated IDAT: the image data ends in row {r}{where} after {consumed} of {inflated} " +
                            "bytes");
                    }

                    int filter = row[0];
                    if (!PngFilters.Unfilter(filter, row[1..], previous.AsSpan(1, rowBytes), stride))
                    {
                        throw context.Fail($"unknown filter type {filter} in row {y0 + r * dy}");
                    }

                    writer.WriteRow(row[1..], columns, y0 + r * dy, x0, dx);
                    (current, previous) = (previous, current);
                }
            }

            Span<byte> probe = stackalloc byte[1];
            if (stream.Read(probe) != 0)
            {
                throw context.Fail($"IDAT inflates to more than the {inflated} bytes the header implies");
            }
        }
        catch (Exception e) when (e is InvalidDataException or IOException)
        {
            // ZLibStream reports bad data as InvalidDataException, and some inflater errors as ZLibException (an
            // IOException); the source is a MemoryStream, so no real I/O error can occur here.
            throw context.Fail($"corrupt zlib data in IDAT after {consumed} inflated bytes: {e.Message}", e);
        }

        return writer.ToFrame();
    }

    private static byte[] ParsePalette(
        ReadOnlySpan<byte> body, PngHeader header, byte[]? existing, bool afterImageData, DecodeContext context)
    {
        if (existing is not null)
        {
            throw context.Fail("more than one PLTE chunk");
        }

        if (afterImageData)
        {
            throw context.Fail("PLTE chunk after IDAT");
        }

        if (header.ColorType is 0 or 4)
        {
            throw context.Fail("PLTE chunk in a grayscale image");
        }

        if (body.Length == 0 || body.Length % 3 != 0 || body.Length > 256 * 3)
        {
            throw context.Fail($"PLTE chunk has {body.Length} bytes, expected 3 to 768 and a multiple of 3");
        }

        return body.ToArray();
    }

    private static string ChunkName(ReadOnlySpan<byte> type, int offset, DecodeContext context)
    {
        foreach (byte b in type)
        {
            if (!char.IsAsciiLetter((char)b))
            {
                throw context.Fail($"invalid chunk type {Convert.ToHexString(type)} at offset {offset}");
            }
        }

        return string.Create(4, type.ToArray(), static (span, bytes) =>
        {
            for (int i = 0; i < 4; i++)
            {
                span[i] = (char)bytes[i];
            }
        });
    }
}
