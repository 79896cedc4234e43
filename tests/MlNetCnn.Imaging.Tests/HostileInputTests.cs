using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace MlNetCnn.Imaging.Tests;

/// <summary>Crafted headers that lie about sizes, broken tables, decompression bombs and unsupported variants:
/// each must fail fast with a clear <see cref="ImageFormatException"/> and without allocating what the header
/// claims.</summary>
public sealed class HostileInputTests
{
    [Fact]
    public void PngWithHugeDimensionsIsRejectedByTheLimit()
    {
        byte[] png = TestPng.Build(100_000, 100_000, 8, 0, 0, TestPng.Zlib(new byte[16]));
        AssertRejected(png, "declared 100000x100000 exceeds the limit of 65535 pixels per side");
    }

    [Fact]
    public void PngWhoseDeclaredSizeCannotComeFromItsIdatIsRejectedBeforeAllocating()
    {
        // 8000 x 8000 gray is within the pixel limit but needs 64 MB inflated; 1 KB of deflate cannot produce that.
        byte[] png = TestPng.Build(8000, 8000, 8, 0, 0, TestPng.Zlib(new byte[100_000]));
        AssertRejected(png, "too few for a 8000x8000 image");
    }

    [Fact]
    public void PngWhoseIdatInflatesFarBeyondTheDeclaredSizeFailsFast()
    {
        // 16 x 16 gray needs 16 * (1 + 16) = 272 bytes; the IDAT inflates to 20 MB of zeros (filter 0, black).
        byte[] png = TestPng.Build(16, 16, 8, 0, 0, TestPng.Zlib(new byte[20 << 20]));
        AssertRejected(png, "IDAT inflates to more than the 272 bytes the header implies");
    }

    [Fact]
    public void PngWithShortIdatReportsTruncation()
    {
        byte[] png = TestPng.Build(16, 16, 8, 0, 0, TestPng.Zlib(new byte[100]));
        AssertRejected(png, "truncated IDAT");
    }

    [Fact]
    public void PngWithBadCrcBadFilterOrUnknownCriticalChunkIsRejected()
    {
        byte[] good = TestPng.Build(2, 2, 8, 0, 0, TestPng.Zlib([0, 1, 2, 0, 3, 4]));
        Assert.Equal([1, 2, 3, 4], ImageDecoder.Decode(good).Pixels);

        byte[] badCrc = (byte[])good.Clone();
        badCrc[29] ^= 1;
        AssertRejected(badCrc, "CRC mismatch in IHDR chunk");

        AssertRejected(TestPng.Build(2, 2, 8, 0, 0, TestPng.Zlib([0, 1, 2, 7, 3, 4])), "unknown filter type 7 in row 1");
        AssertRejected(
            TestPng.Build(2, 2, 8, 0, 0, TestPng.Zlib([0, 1, 2, 0, 3, 4]), ("ABCD", [1, 2])),
            "unknown critical chunk ABCD");
        AssertRejected(
            TestPng.Build(2, 2, 16, 3, 0, TestPng.Zlib(new byte[10])), "bit depth 16 is not allowed with colour type 3");
    }

    [Fact]
    public void PngWithZlibPresetDictionaryIsRejectedAsCorrupt()
    {
        // FLG 0xBB sets FDICT (a preset dictionary PNG does not allow); the inflater reports it as ZLibException.
        byte[] zlib = [0x78, 0xBB, 0, 0, 0, 1, .. TestPng.Zlib(new byte[6]).AsSpan(2)];
        AssertRejected(TestPng.Build(2, 2, 8, 0, 0, zlib), "corrupt zlib data in IDAT");
    }

    [Fact]
    public void PngPaletteIndexBeyondThePaletteIsRejected()
    {
        byte[] png = TestPng.Build(2, 1, 8, 3, 0, TestPng.Zlib([0, 0, 5]), ("PLTE", [10, 20, 30, 40, 50, 60]));
        AssertRejected(png, "palette index 5 in row 0 is out of range");
    }

    [Fact]
    public void JpegWithHugeDimensionsIsRejectedByTheLimit()
    {
        byte[] jpeg = FixtureFiles.Read("jpeg/420.jpg");
        SetJpegSize(jpeg, 65_000, 65_000);
        AssertRejected(jpeg, "declared 65000x65000 exceeds the limit of 67108864 pixels");
    }

    [Fact]
    public void JpegDeclaringMoreBlocksThanItsDataCanHoldIsRejectedBeforeAllocating()
    {
        byte[] jpeg = FixtureFiles.Read("jpeg/420-progressive.jpg");
        SetJpegSize(jpeg, 8000, 8000);
        AssertRejected(jpeg, "declared 8000x8000 needs at least");
    }

    [Fact]
    public void JpegWithOverfullHuffmanTableIsRejected()
    {
        byte[] jpeg = FixtureFiles.Read("jpeg/444.jpg");
        int dht = FindMarker(jpeg, 0xC4);
        Span<byte> counts = jpeg.AsSpan(dht + 5, 16);
        int donor = counts[1..].IndexOfAnyExcept((byte)0, (byte)1) + 1;
        Assert.True(donor > 0);

        // Two codes of length 1 use the whole code space, leaving none for longer codes (same symbol count).
        counts[0] += 2;
        counts[donor] -= 2;
        AssertRejected(jpeg, "bad Huffman table (DC 0): more codes of length 1 than fit");
    }

    [Fact]
    public void HuffmanTablesWithTooManyCodesForALengthAreRefused()
    {
        var counts = new byte[16];
        counts[2] = 8; // eight 3-bit codes would use all of 000..111, including the reserved all-ones code
        Assert.Null(JpegHuffmanTable.Build(counts, new byte[8], out string? problem));
        Assert.Equal("more codes of length 3 than fit", problem);

        counts[2] = 7;
        Assert.NotNull(JpegHuffmanTable.Build(counts, new byte[7], out problem));
        Assert.Null(problem);

        counts[2] = 200; // far beyond the code space: refused before any table entry is written
        Assert.Null(JpegHuffmanTable.Build(counts, new byte[200], out _));
    }

    [Fact]
    public void JpegWithCorruptEntropyDataIsRejected()
    {
        byte[] jpeg = FixtureFiles.Read("jpeg/420.jpg");
        int sos = FindMarker(jpeg, 0xDA);
        int start = sos + 2 + BinaryPrimitives.ReadUInt16BigEndian(jpeg.AsSpan(sos + 2));
        jpeg.AsSpan(start, 40).Fill(0xFE);
        ImageFormatException error = AssertRejected(jpeg, "scan 1");
        Assert.Contains("JPEG", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void JpegWithUndefinedTableIsRejected()
    {
        byte[] jpeg = FixtureFiles.Read("jpeg/gray.jpg");
        int sos = FindMarker(jpeg, 0xDA);
        jpeg[sos + 6] = 0x33; // DC table 3, AC table 3
        AssertRejected(jpeg, "scan 1 uses DC Huffman table 3, which is not defined");
    }

    [Theory]
    [InlineData("jpeg/unsupported-arithmetic.jpg", "arithmetic-coded JPEG is not supported")]
    [InlineData("jpeg/unsupported-cmyk.jpg", "4-component (CMYK or YCCK) JPEG is not supported")]
    [InlineData("bmp/unsupported-rle8.bmp", "RLE8-compressed bitmaps are not supported")]
    public void UnsupportedVariantsAreRefusedWithAClearMessage(string file, string message)
    {
        AssertRejected(FixtureFiles.Read(file), message);
    }

    [Fact]
    public void BmpWithHugeOrUnbackedDimensionsIsRejected()
    {
        AssertRejected(TestBmp(100_000, 10), "declared 100000x10 exceeds the limit of 65535 pixels per side");
        AssertRejected(TestBmp(8000, 8000), "truncated pixel data: 192000000 bytes expected");
    }

    [Fact]
    public void PnmWithHugeOrUnbackedDimensionsIsRejected()
    {
        AssertRejected(Encoding.ASCII.GetBytes("P6\n100000 100000\n255\n"), "exceeds the limit");
        AssertRejected(
            Encoding.ASCII.GetBytes("P5\n8000 8000\n255\n0123456789"), "truncated pixel data: expected 64000000 bytes");
        AssertRejected(Encoding.ASCII.GetBytes("P2\n8000 8000\n255\n1 2 3\n"), "truncated pixel data: 64000000 samples");
        AssertRejected(Encoding.ASCII.GetBytes("P2 2 1 100 50 101"), "sample 1 has value 101, above maxval 100");
        AssertRejected(Encoding.ASCII.GetBytes("P5 1 1 0\n\0"), "maxval 0 is outside 1..65535");
    }

    [Fact]
    public void UnknownOrEmptyDataIsRejected()
    {
        ImageFormatException unknown = AssertRejected(
            Encoding.ASCII.GetBytes("GIF89a......"), "unrecognised image format (first bytes 474946383961");
        Assert.Equal(ImageFormat.Unknown, unknown.Format);
        AssertRejected([], "the data is empty");
        AssertRejected(Encoding.ASCII.GetBytes("P7\nWIDTH 1\n"), "PAM (P7) images are not supported");
    }

    internal static ImageFormatException AssertRejected(byte[] data, string expected)
    {
        Exception? error = CorruptionTests.Run(data, "hostile", out _);
        ImageFormatException format = Assert.IsType<ImageFormatException>(error);
        Assert.Contains(expected, format.Message, StringComparison.Ordinal);
        Assert.StartsWith("hostile: ", format.Message, StringComparison.Ordinal);
        return format;
    }

    private static void SetJpegSize(byte[] jpeg, int width, int height)
    {
        int sof = Math.Max(FindMarker(jpeg, 0xC0), FindMarker(jpeg, 0xC2));
        BinaryPrimitives.WriteUInt16BigEndian(jpeg.AsSpan(sof + 5), (ushort)height);
        BinaryPrimitives.WriteUInt16BigEndian(jpeg.AsSpan(sof + 7), (ushort)width);
    }

    /// <summary>Offset of the first marker 0xFF <paramref name="code"/> among the header segments (-1 if absent).</summary>
    private static int FindMarker(byte[] jpeg, int code)
    {
        int p = 2;
        while (p + 4 <= jpeg.Length && jpeg[p] == 0xFF)
        {
            if (jpeg[p + 1] == code)
            {
                return p;
            }

            if (jpeg[p + 1] == 0xDA)
            {
                return -1;
            }

            p += 2 + BinaryPrimitives.ReadUInt16BigEndian(jpeg.AsSpan(p + 2));
        }

        return -1;
    }

    private static byte[] TestBmp(int width, int height)
    {
        var bmp = new byte[54];
        "BM"u8.CopyTo(bmp);
        BinaryPrimitives.WriteInt32LittleEndian(bmp.AsSpan(10), 54);
        BinaryPrimitives.WriteInt32LittleEndian(bmp.AsSpan(14), 40);
        BinaryPrimitives.WriteInt32LittleEndian(bmp.AsSpan(18), width);
        BinaryPrimitives.WriteInt32LittleEndian(bmp.AsSpan(22), height);
        BinaryPrimitives.WriteInt16LittleEndian(bmp.AsSpan(26), 1);
        BinaryPrimitives.WriteInt16LittleEndian(bmp.AsSpan(28), 24);
        return bmp;
    }
}

/// <summary>Builds small PNG files chunk by chunk for tests.</summary>
internal static class TestPng
{
    public static byte[] Build(
        int width, int height, int depth, int colorType, int interlace, byte[] idat, params (string Type, byte[] Body)[] before)
    {
        using var stream = new MemoryStream();
        stream.Write([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]);
        var ihdr = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(ihdr, width);
        BinaryPrimitives.WriteInt32BigEndian(ihdr.AsSpan(4), height);
        ihdr[8] = (byte)depth;
        ihdr[9] = (byte)colorType;
        ihdr[12] = (byte)interlace;
        Chunk(stream, "IHDR", ihdr);
        foreach (var (type, body) in before)
        {
            Chunk(stream, type, body);
        }

        Chunk(stream, "IDAT", idat);
        Chunk(stream, "IEND", []);
        return stream.ToArray();
    }

    public static byte[] Zlib(byte[] raw)
    {
        using var buffer = new MemoryStream();
        using (var zlib = new ZLibStream(buffer, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            zlib.Write(raw);
        }

        return buffer.ToArray();
    }

    private static void Chunk(Stream stream, string type, byte[] body)
    {
        Span<byte> word = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(word, body.Length);
        stream.Write(word);
        byte[] typeBytes = Encoding.ASCII.GetBytes(type);
        stream.Write(typeBytes);
        stream.Write(body);
        BinaryPrimitives.WriteUInt32BigEndian(word, Crc32.Compute(typeBytes, body));
        stream.Write(word);
    }
}
