namespace MlNetCnn.Imaging;

/// <summary>Turns unfiltered PNG rows (any colour type and bit depth) into 8-bit gray, RGB or RGBA pixels.</summary>
/// <remarks>
/// 16-bit samples become <c>(v * 255 + 32767) / 65535</c> (= round(v / 257)); 1, 2 and 4-bit gray is scaled by
/// 255, 85 and 17. Transparency from tRNS is compared against the raw sample (full 16 bits for 16-bit images).
/// </remarks>
internal sealed class PngPixelWriter
{
    private readonly PngHeader _header;
    private readonly DecodeContext _context;
    private readonly byte[]? _palette;
    private readonly byte[]? _paletteAlpha;
    private readonly int[]? _transparentKey;
    private readonly byte[] _output;
    private readonly int[] _samples;

    public PngPixelWriter(PngHeader header, DecodeContext context, byte[]? palette, byte[]? transparency)
    {
        _header = header;
        _context = context;
        _palette = palette;
        bool hasTransparency = false;
        if (transparency is not null)
        {
            if (header.ColorType == 3 && palette is not null && transparency.Length <= palette.Length / 3)
            {
                _paletteAlpha = new byte[palette.Length / 3];
                Array.Fill(_paletteAlpha, (byte)255);
                transparency.CopyTo(_paletteAlpha, 0);
                hasTransparency = true;
            }
            else if (header.ColorType == 0 && transparency.Length == 2)
            {
                _transparentKey = [transparency[0] << 8 | transparency[1]];
                hasTransparency = true;
            }
            else if (header.ColorType == 2 && transparency.Length == 6)
            {
                _transparentKey =
                [
                    transparency[0] << 8 | transparency[1],
                    transparency[2] << 8 | transparency[3],
                    transparency[4] << 8 | transparency[5],
                ];
                hasTransparency = true;
            }

            // Anything else (tRNS with an alpha channel, wrong length) is ignored, as libpng does.
        }

        OutputChannels = header.ColorType switch
        {
            0 => hasTransparency ? 4 : 1,
            2 or 3 => hasTransparency ? 4 : 3,
            _ => 4,
        };
        _output = new byte[(long)header.Width * header.Height * OutputChannels];
        _samples = new int[header.SamplesPerPixel];
    }

    public int OutputChannels { get; }

    public ImageFrame ToFrame() => new(_header.Width, _header.Height, OutputChannels, _output);

    /// <summary>Writes one unfiltered row holding <paramref name="columns"/> pixels to output row
    /// <paramref name="y"/>, pixel i landing at column <c>x0 + i * dx</c>.</summary>
    public void WriteRow(ReadOnlySpan<byte> row, int columns, int y, int x0, int dx)
    {
        int outChannels = OutputChannels;
        int depth = _header.BitDepth;
        int samplesPerPixel = _header.SamplesPerPixel;
        int[] s = _samples;
        long rowStart = (long)y * _header.Width;
        for (int i = 0; i < columns; i++)
        {
            ReadPixel(row, i, samplesPerPixel, depth, s);
            long o = (rowStart + x0 + (long)i * dx) * outChannels;
            switch (_header.ColorType)
            {
                case 0:
                    byte gray = ScaleGray(s[0], depth);
                    if (outChannels == 1)
                    {
                        _output[o] = gray;
                    }
                    else
                    {
                        _output[o] = gray;
                        _output[o + 1] = gray;
                        _output[o + 2] = gray;
                        _output[o + 3] = s[0] == _transparentKey![0] ? (byte)0 : (byte)255;
                    }

                    break;
                case 2:
                    _output[o] = Scale(s[0], depth);
                    _output[o + 1] = Scale(s[1], depth);
                    _output[o + 2] = Scale(s[2], depth);
                    if (outChannels == 4)
                    {
                        int[] key = _transparentKey!;
                        _output[o + 3] = s[0] == key[0] && s[1] == key[1] && s[2] == key[2] ? (byte)0 : (byte)255;
                    }

                    break;
                case 3:
                    int index = s[0];
                    byte[] palette = _palette!;
                    if (index * 3 >= palette.Length)
                    {
                        throw _context.Fail(
                            $"palette index {index} in row {y} is out of range (the palette has {palette.Length / 3} " +
                            "entries)");
                    }

                    _output[o] = palette[index * 3];
                    _output[o + 1] = palette[index * 3 + 1];
                    _output[o + 2] = palette[index * 3 + 2];
                    if (outChannels == 4)
                    {
                        _output[o + 3] = _paletteAlpha![index];
                    }

                    break;
                case 4:
                    byte g = Scale(s[0], depth);
                    _output[o] = g;
                    _output[o + 1] = g;
                    _output[o + 2] = g;
                    _output[o + 3] = Scale(s[1], depth);
                    break;
                default:
                    _output[o] = Scale(s[0], depth);
                    _output[o + 1] = Scale(s[1], depth);
                    _output[o + 2] = Scale(s[2], depth);
                    _output[o + 3] = Scale(s[3], depth);
                    break;
            }
        }
    }

    private static void ReadPixel(ReadOnlySpan<byte> row, int pixel, int samplesPerPixel, int depth, int[] samples)
    {
        switch (depth)
        {
            case 8:
                for (int k = 0, p = pixel * samplesPerPixel; k < samplesPerPixel; k++)
                {
                    samples[k] = row[p + k];
                }

                break;
            case 16:
                for (int k = 0, p = pixel * samplesPerPixel * 2; k < samplesPerPixel; k++, p += 2)
                {
                    samples[k] = row[p] << 8 | row[p + 1];
                }

                break;
            default:
                // Sub-byte depths only occur with one sample per pixel; bits are packed most significant first.
                int bit = pixel * depth;
                int shift = 8 - depth - (bit & 7);
                samples[0] = (row[bit >> 3] >> shift) & ((1 << depth) - 1);
                break;
        }
    }

    private static byte Scale(int value, int depth) =>
        depth == 16 ? (byte)((value * 255 + 32767) / 65535) : (byte)value;

    private static byte ScaleGray(int value, int depth) => depth switch
    {
        1 => (byte)(value * 255),
        2 => (byte)(value * 85),
        4 => (byte)(value * 17),
        8 => (byte)value,
        _ => (byte)((value * 255 + 32767) / 65535),
    };
}
