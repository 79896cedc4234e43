using System.Buffers.Binary;
using System.Numerics;

namespace MlNetCnn.Imaging;

/// <summary>Windows BMP decoder: OS/2 1.x core header and BITMAPINFOHEADER through V5; 1, 4 and 8-bit palettes,
/// 16, 24 and 32-bit pixels (BI_RGB, BI_BITFIELDS, BI_ALPHABITFIELDS); bottom-up and top-down rows.</summary>
/// <remarks>
/// <para>
/// BI_RGB 16-bit pixels are 5-5-5; BI_RGB 32-bit pixels are B, G, R and an unused byte (no alpha, as Windows
/// defines it). With bit fields, an alpha mask (in a V3+ header or with BI_ALPHABITFIELDS) gives an RGBA frame.
/// A field of n &lt; 8 bits is widened to 8 bits by repeating its bit pattern (5-bit v becomes
/// <c>(v &lt;&lt; 3) | (v &gt;&gt; 2)</c>, as ImageMagick and most decoders do); a wider field keeps its top 8 bits.
/// </para>
/// <para>RLE4/RLE8 and embedded JPEG/PNG bitmaps are refused with an explanatory message. Palette indices beyond
/// the palette are errors. The pixel array must be complete, including each row's padding to 4 bytes.</para>
/// </remarks>
internal static class BmpDecoder
{
    private const int FileHeaderSize = 14;

    public static ImageFrame Decode(ReadOnlySpan<byte> data, DecodeContext context)
    {
        if (data.Length < FileHeaderSize + 4)
        {
            throw context.Fail($"truncated header: {data.Length} bytes");
        }

        uint pixelOffset = BinaryPrimitives.ReadUInt32LittleEndian(data[10..]);
        uint headerSize = BinaryPrimitives.ReadUInt32LittleEndian(data[14..]);
        if (headerSize is not (12 or 40 or 52 or 56 or 108 or 124))
        {
            throw context.Fail(headerSize == 64
                ? "OS/2 2.x bitmap headers are not supported"
                : $"unsupported DIB header size {headerSize} (expected 12, 40, 52, 56, 108 or 124)");
        }

        if (data.Length < FileHeaderSize + headerSize)
        {
            throw context.Fail($"truncated {headerSize}-byte DIB header ({data.Length} bytes in the file)");
        }

        ReadOnlySpan<byte> dib = data.Slice(FileHeaderSize, (int)headerSize);
        bool core = headerSize == 12;
        long width = core
            ? BinaryPrimitives.ReadUInt16LittleEndian(dib[4..])
            : BinaryPrimitives.ReadInt32LittleEndian(dib[4..]);
        long height = core
            ? BinaryPrimitives.ReadUInt16LittleEndian(dib[6..])
            : BinaryPrimitives.ReadInt32LittleEndian(dib[8..]);
        int planes = BinaryPrimitives.ReadUInt16LittleEndian(dib[(core ? 8 : 12)..]);
        int bitCount = BinaryPrimitives.ReadUInt16LittleEndian(dib[(core ? 10 : 14)..]);
        uint compression = core ? 0 : BinaryPrimitives.ReadUInt32LittleEndian(dib[16..]);
        bool topDown = height < 0;
        height = Math.Abs(height);
        context.CheckDimensions(width, height);
        if (planes != 1)
        {
            throw context.Fail($"planes is {planes}, expected 1");
        }

        CheckCompression(compression, bitCount, context);
        if (bitCount is not (1 or 4 or 8 or 16 or 24 or 32))
        {
            throw context.Fail($"unsupported bit count {bitCount} (expected 1, 4, 8, 16, 24 or 32)");
        }

        long stride = (width * bitCount + 31) / 32 * 4;
        long pixelBytes = stride * height;
        if (pixelOffset > data.Length || pixelBytes > data.Length - pixelOffset)
        {
            throw context.Fail(
                $"truncated pixel data: {pixelBytes} bytes expected at offset {pixelOffset}, the file has " +
                $"{data.Length} bytes");
        }

        ReadOnlySpan<byte> pixels = data.Slice((int)pixelOffset, (int)pixelBytes);
        int w = (int)width;
        int h = (int)height;
        if (bitCount <= 8)
        {
            byte[] palette = ReadPalette(data, dib, headerSize, bitCount, context);
            return DecodePalette(pixels, w, h, (int)stride, bitCount, topDown, palette, context);
        }

        if (bitCount == 24)
        {
            return DecodeDirect(pixels, w, h, (int)stride, 24, topDown, default);
        }

        BitFields fields = ReadBitFields(data, dib, headerSize, compression, bitCount, context);
        return DecodeDirect(pixels, w, h, (int)stride, bitCount, topDown, fields);
    }

    private static void CheckCompression(uint compression, int bitCount, DecodeContext context)
    {
        switch (compression)
        {
            case 0:
                return;
            case 1 or 2:
                throw context.Fail($"RLE{(compression == 1 ? 8 : 4)}-compressed bitmaps are not supported");
            case 3 or 6 when bitCount is 16 or 32:
                return;
            case 3 or 6:
                throw context.Fail($"bit-field compression needs 16 or 32 bits per pixel, not {bitCount}");
            case 4 or 5:
                throw context.Fail($"bitmaps with an embedded {(compression == 4 ? "JPEG" : "PNG")} are not supported");
            default:
                throw context.Fail($"unknown compression {compression}");
        }
    }

    private static byte[] ReadPalette(
        ReadOnlySpan<byte> data, ReadOnlySpan<byte> dib, uint headerSize, int bitCount, DecodeContext context)
    {
        bool core = headerSize == 12;
        long colors = core ? 0 : BinaryPrimitives.ReadUInt32LittleEndian(dib[32..]);
        if (colors == 0)
        {
            colors = 1L << bitCount;
        }

        if (colors > 256)
        {
            throw context.Fail($"palette of {colors} colours, at most 256 are allowed");
        }

        int entrySize = core ? 3 : 4;
        long start = FileHeaderSize + headerSize;
        if (start + colors * entrySize > data.Length)
        {
            throw context.Fail($"truncated palette: {colors} entries at offset {start}");
        }

        var palette = new byte[colors * 3];
        for (int i = 0; i < colors; i++)
        {
            int p = (int)start + i * entrySize;
            palette[i * 3] = data[p + 2];
            palette[i * 3 + 1] = data[p + 1];
            palette[i * 3 + 2] = data[p];
        }

        return palette;
    }

    private static ImageFrame DecodePalette(
        ReadOnlySpan<byte> pixels, int width, int height, int stride, int bitCount, bool topDown, byte[] palette,
        DecodeContext context)
    {
        var frame = new ImageFrame(width, height, 3);
        byte[] output = frame.Pixels;
        int mask = (1 << bitCount) - 1;
        int entries = palette.Length / 3;
        for (int y = 0; y < height; y++)
        {
            ReadOnlySpan<byte> row = pixels.Slice((topDown ? y : height - 1 - y) * stride, stride);
            int o = y * width * 3;
            for (int x = 0; x < width; x++, o += 3)
            {
                int bit = x * bitCount;
                int index = (row[bit >> 3] >> (8 - bitCount - (bit & 7))) & mask;
                if (index >= entries)
                {
                    throw context.Fail($"palette index {index} at ({x}, {y}) is beyond the {entries}-colour palette");
                }

                output[o] = palette[index * 3];
                output[o + 1] = palette[index * 3 + 1];
                output[o + 2] = palette[index * 3 + 2];
            }
        }

        return frame;
    }

    private static ImageFrame DecodeDirect(
        ReadOnlySpan<byte> pixels, int width, int height, int stride, int bitCount, bool topDown, BitFields fields)
    {
        int channels = bitCount != 24 && fields.Alpha.Mask != 0 ? 4 : 3;
        var frame = new ImageFrame(width, height, channels);
        byte[] output = frame.Pixels;
        for (int y = 0; y < height; y++)
        {
            ReadOnlySpan<byte> row = pixels.Slice((topDown ? y : height - 1 - y) * stride, stride);
            int o = y * width * channels;
            for (int x = 0; x < width; x++, o += channels)
            {
                if (bitCount == 24)
                {
                    output[o] = row[x * 3 + 2];
                    output[o + 1] = row[x * 3 + 1];
                    output[o + 2] = row[x * 3];
                    continue;
                }

                uint value = bitCount == 16
                    ? BinaryPrimitives.ReadUInt16LittleEndian(row[(x * 2)..])
                    : BinaryPrimitives.ReadUInt32LittleEndian(row[(x * 4)..]);
                output[o] = fields.Red.Extract(value);
                output[o + 1] = fields.Green.Extract(value);
                output[o + 2] = fields.Blue.Extract(value);
                if (channels == 4)
                {
                    output[o + 3] = fields.Alpha.Extract(value);
                }
            }
        }

        return frame;
    }

    private static BitFields ReadBitFields(
        ReadOnlySpan<byte> data, ReadOnlySpan<byte> dib, uint headerSize, uint compression, int bitCount,
        DecodeContext context)
    {
        if (compression == 0)
        {
            return bitCount == 16
                ? new BitFields(new(0x7C00), new(0x03E0), new(0x001F), default)
                : new BitFields(new(0xFF0000), new(0xFF00), new(0xFF), default);
        }

        uint red, green, blue, alpha = 0;
        if (headerSize >= 52)
        {
            red = BinaryPrimitives.ReadUInt32LittleEndian(dib[40..]);
            green = BinaryPrimitives.ReadUInt32LittleEndian(dib[44..]);
            blue = BinaryPrimitives.ReadUInt32LittleEndian(dib[48..]);
            if (headerSize >= 56)
            {
                alpha = BinaryPrimitives.ReadUInt32LittleEndian(dib[52..]);
            }
        }
        else
        {
            int count = compression == 6 ? 4 : 3;
            int start = FileHeaderSize + (int)headerSize;
            if (start + 4 * count > data.Length)
            {
                throw context.Fail($"truncated bit-field masks at offset {start}");
            }

            red = BinaryPrimitives.ReadUInt32LittleEndian(data[start..]);
            green = BinaryPrimitives.ReadUInt32LittleEndian(data[(start + 4)..]);
            blue = BinaryPrimitives.ReadUInt32LittleEndian(data[(start + 8)..]);
            if (count == 4)
            {
                alpha = BinaryPrimitives.ReadUInt32LittleEndian(data[(start + 12)..]);
            }
        }

        return new BitFields(
            Field(red, "red", bitCount, context),
            Field(green, "green", bitCount, context),
            Field(blue, "blue", bitCount, context),
            alpha == 0 ? default : Field(alpha, "alpha", bitCount, context));
    }

    private static BitField Field(uint mask, string name, int bitCount, DecodeContext context)
    {
        if (mask == 0)
        {
            throw context.Fail($"the {name} bit-field mask is zero");
        }

        if (bitCount == 16 && mask > 0xFFFF)
        {
            throw context.Fail($"the {name} bit-field mask 0x{mask:X8} does not fit in 16-bit pixels");
        }

        uint shifted = mask >> BitOperations.TrailingZeroCount(mask);
        if ((shifted & (shifted + 1)) != 0)
        {
            throw context.Fail($"the {name} bit-field mask 0x{mask:X8} is not one run of bits");
        }

        return new BitField(mask);
    }

    private readonly record struct BitFields(BitField Red, BitField Green, BitField Blue, BitField Alpha);

    /// <summary>One contiguous channel mask and how to scale its value to 8 bits.</summary>
    private readonly struct BitField
    {
        private readonly int _shift;
        private readonly int _bits;

        public BitField(uint mask)
        {
            Mask = mask;
            _shift = BitOperations.TrailingZeroCount(mask);
            _bits = BitOperations.PopCount(mask);
        }

        public uint Mask { get; }

        public byte Extract(uint pixel)
        {
            ulong value = (pixel & Mask) >> _shift;
            if (_bits >= 8)
            {
                return (byte)(value >> (_bits - 8));
            }

            // Repeat the field's bit pattern to fill 8 bits: 5-bit v becomes (v << 3) | (v >> 2).
            ulong repeated = 0;
            int filled = 0;
            while (filled < 8)
            {
                repeated = repeated << _bits | value;
                filled += _bits;
            }

            return (byte)(repeated >> (filled - 8));
        }
    }
}
