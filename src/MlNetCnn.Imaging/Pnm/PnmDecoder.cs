namespace MlNetCnn.Imaging;

/// <summary>Netpbm decoder: PBM (P1, P4), PGM (P2, P5) and PPM (P3, P6), maxval 1 to 65535, '#' comments.</summary>
/// <remarks>
/// <para>
/// The header is the magic number, width, height and (except for PBM) maxval, separated by white space; a '#'
/// starts a comment that runs to the end of the line. Binary rasters start after exactly one white-space byte;
/// samples are one byte when maxval is below 256, otherwise two bytes big-endian. Data after the first image is
/// ignored.
/// </para>
/// <para>
/// Samples above maxval are errors. Samples are rescaled to 0..255 as <c>(v * 255 + maxval / 2) / maxval</c> in
/// integer arithmetic (netpbm's <c>pamdepth</c> rounding); for maxval 255 they are copied. PBM 1 (black) becomes 0
/// and 0 (white) becomes 255.
/// </para>
/// </remarks>
internal static class PnmDecoder
{
    public static bool IsWhiteSpace(byte b) => b is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\r' or 0x0B or 0x0C;

    public static ImageFrame Decode(ReadOnlySpan<byte> data, DecodeContext context)
    {
        int kind = data[1] - '0';
        bool bitmap = kind is 1 or 4;
        bool ascii = kind <= 3;
        int channels = kind is 3 or 6 ? 3 : 1;
        int position = 2;
        int width = ReadNumber(data, ref position, "width", context);
        int height = ReadNumber(data, ref position, "height", context);
        int maxValue = bitmap ? 1 : ReadNumber(data, ref position, "maxval", context);
        context.CheckDimensions(width, height);
        if (maxValue is < 1 or > 65535)
        {
            throw context.Fail($"maxval {maxValue} is outside 1..65535");
        }

        long sampleCount = (long)width * height * channels;
        byte[] pixels;
        if (ascii)
        {
            // Every sample needs at least one character; samples other than PBM bits also need a separator.
            long remaining = data.Length - position;
            long minimum = bitmap ? sampleCount : 2 * sampleCount - 1;
            if (minimum > remaining)
            {
                throw context.Fail(
                    $"truncated pixel data: {sampleCount} samples need at least {minimum} characters, " +
                    $"{remaining} present");
            }

            pixels = new byte[sampleCount];
            ReadAsciiSamples(data, position, pixels, maxValue, bitmap, context);
        }
        else
        {
            if (position >= data.Length || !IsWhiteSpace(data[position]))
            {
                throw context.Fail("missing the white-space byte between the header and the pixel data");
            }

            position++;
            pixels = bitmap
                ? ReadPackedBits(data[position..], width, height, context)
                : ReadBinarySamples(data[position..], sampleCount, maxValue, context);
        }

        return new ImageFrame(width, height, channels, pixels);
    }

    private static byte[] ReadBinarySamples(ReadOnlySpan<byte> raster, long sampleCount, int maxValue, DecodeContext context)
    {
        int bytesPerSample = maxValue < 256 ? 1 : 2;
        long needed = sampleCount * bytesPerSample;
        if (needed > raster.Length)
        {
            throw context.Fail($"truncated pixel data: expected {needed} bytes, {raster.Length} present");
        }

        var pixels = new byte[sampleCount];
        for (long i = 0; i < sampleCount; i++)
        {
            int value = bytesPerSample == 1 ? raster[(int)i] : raster[(int)(2 * i)] << 8 | raster[(int)(2 * i + 1)];
            pixels[i] = Scale(value, maxValue, i, context);
        }

        return pixels;
    }

    private static byte[] ReadPackedBits(ReadOnlySpan<byte> raster, int width, int height, DecodeContext context)
    {
        int rowBytes = (width + 7) / 8;
        long needed = (long)rowBytes * height;
        if (needed > raster.Length)
        {
            throw context.Fail($"truncated pixel data: expected {needed} bytes, {raster.Length} present");
        }

        var pixels = new byte[(long)width * height];
        for (int y = 0; y < height; y++)
        {
            for (int x = 0; x < width; x++)
            {
                int bit = (raster[y * rowBytes + (x >> 3)] >> (7 - (x & 7))) & 1;
                pixels[(long)y * width + x] = bit == 1 ? (byte)0 : (byte)255;
            }
        }

        return pixels;
    }

    private static void ReadAsciiSamples(
        ReadOnlySpan<byte> data, int position, byte[] pixels, int maxValue, bool bitmap, DecodeContext context)
    {
        for (long i = 0; i < pixels.LongLength; i++)
        {
            SkipSeparators(data, ref position);
            if (position >= data.Length)
            {
                throw context.Fail($"truncated pixel data: found {i} of {pixels.LongLength} samples");
            }

            if (bitmap)
            {
                byte c = data[position++];
                if (c is not ((byte)'0' or (byte)'1'))
                {
                    throw context.Fail($"expected 0 or 1 at offset {position - 1}, found byte 0x{c:X2}");
                }

                pixels[i] = c == '1' ? (byte)0 : (byte)255;
                continue;
            }

            int value = ReadNumber(data, ref position, "sample", context);
            pixels[i] = Scale(value, maxValue, i, context);
        }
    }

    private static byte Scale(int value, int maxValue, long index, DecodeContext context)
    {
        if (value > maxValue)
        {
            throw context.Fail($"sample {index} has value {value}, above maxval {maxValue}");
        }

        return maxValue == 255 ? (byte)value : (byte)((value * 255L + maxValue / 2) / maxValue);
    }

    /// <summary>Skips white space and comments, then reads a decimal number of at most 9 digits.</summary>
    private static int ReadNumber(ReadOnlySpan<byte> data, ref int position, string what, DecodeContext context)
    {
        SkipSeparators(data, ref position);
        if (position >= data.Length)
        {
            throw context.Fail($"truncated header: the data ends before the {what}");
        }

        int start = position;
        long value = 0;
        while (position < data.Length && data[position] >= '0' && data[position] <= '9')
        {
            if (position - start >= 9)
            {
                throw context.Fail($"the {what} at offset {start} has too many digits");
            }

            value = value * 10 + (data[position] - '0');
            position++;
        }

        if (position == start)
        {
            throw context.Fail($"expected a number for the {what} at offset {start}, found byte 0x{data[start]:X2}");
        }

        if (position < data.Length && !IsWhiteSpace(data[position]) && data[position] != '#')
        {
            throw context.Fail($"unexpected byte 0x{data[position]:X2} after the {what} at offset {position}");
        }

        return (int)value;
    }

    private static void SkipSeparators(ReadOnlySpan<byte> data, ref int position)
    {
        while (position < data.Length)
        {
            byte b = data[position];
            if (IsWhiteSpace(b))
            {
                position++;
            }
            else if (b == '#')
            {
                while (position < data.Length && data[position] != '\n' && data[position] != '\r')
                {
                    position++;
                }
            }
            else
            {
                break;
            }
        }
    }
}
