namespace MlNetCnn.Imaging;

/// <summary>The IHDR fields of a PNG and the sizes derived from them.</summary>
internal sealed class PngHeader
{
    /// <summary>Adam7 passes: (first column, first row, column step, row step).</summary>
    public static readonly (int X0, int Y0, int Dx, int Dy)[] Adam7 =
    [
        (0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4), (1, 0, 2, 2), (0, 1, 1, 2),
    ];

    public int Width { get; init; }

    public int Height { get; init; }

    public int BitDepth { get; init; }

    /// <summary>0 gray, 2 RGB, 3 palette, 4 gray + alpha, 6 RGBA.</summary>
    public int ColorType { get; init; }

    public bool Interlaced { get; init; }

    /// <summary>Samples per pixel in the file: 1, 3, 1, 2 or 4 for colour types 0, 2, 3, 4, 6.</summary>
    public int SamplesPerPixel => ColorType switch { 2 => 3, 4 => 2, 6 => 4, _ => 1 };

    public int BitsPerPixel => SamplesPerPixel * BitDepth;

    /// <summary>The byte distance the filters use to find the "left" pixel: at least 1.</summary>
    public int FilterStride => Math.Max(1, BitsPerPixel / 8);

    /// <summary>Bytes in a filtered row of <paramref name="pixels"/> pixels, without the filter-type byte.</summary>
    public long RowBytes(int pixels) => ((long)pixels * BitsPerPixel + 7) / 8;

    /// <summary>The passes to decode: one full-image pass, or the seven Adam7 passes (empty ones included).</summary>
    public IEnumerable<(int X0, int Y0, int Dx, int Dy, int Columns, int Rows)> Passes()
    {
        if (!Interlaced)
        {
            yield return (0, 0, 1, 1, Width, Height);
            yield break;
        }

        foreach (var (x0, y0, dx, dy) in Adam7)
        {
            int columns = Width > x0 ? (Width - x0 + dx - 1) / dx : 0;
            int rows = Height > y0 ? (Height - y0 + dy - 1) / dy : 0;
            yield return (x0, y0, dx, dy, columns, rows);
        }
    }

    /// <summary>Size of the inflated image data: every non-empty pass row plus its filter byte.</summary>
    public long InflatedSize()
    {
        long total = 0;
        foreach (var pass in Passes())
        {
            if (pass.Columns > 0 && pass.Rows > 0)
            {
                total += pass.Rows * (1 + RowBytes(pass.Columns));
            }
        }

        return total;
    }

    public static PngHeader Parse(ReadOnlySpan<byte> ihdr, DecodeContext context)
    {
        if (ihdr.Length != 13)
        {
            throw context.Fail($"IHDR chunk has {ihdr.Length} bytes, expected 13");
        }

        uint width = ReadUInt32(ihdr);
        uint height = ReadUInt32(ihdr[4..]);
        int depth = ihdr[8];
        int colorType = ihdr[9];
        if (width > int.MaxValue || height > int.MaxValue)
        {
            throw context.Fail($"declared {width}x{height} is larger than the PNG limit of 2^31-1 per side");
        }

        context.CheckDimensions(width, height);
        bool depthOk = colorType switch
        {
            0 => depth is 1 or 2 or 4 or 8 or 16,
            3 => depth is 1 or 2 or 4 or 8,
            2 or 4 or 6 => depth is 8 or 16,
            _ => throw context.Fail($"invalid colour type {colorType} in IHDR (expected 0, 2, 3, 4 or 6)"),
        };
        if (!depthOk)
        {
            throw context.Fail($"bit depth {depth} is not allowed with colour type {colorType}");
        }

        if (ihdr[10] != 0)
        {
            throw context.Fail($"unknown compression method {ihdr[10]} in IHDR (expected 0)");
        }

        if (ihdr[11] != 0)
        {
            throw context.Fail($"unknown filter method {ihdr[11]} in IHDR (expected 0)");
        }

        if (ihdr[12] > 1)
        {
            throw context.Fail($"unknown interlace method {ihdr[12]} in IHDR (expected 0 or 1)");
        }

        return new PngHeader
        {
            Width = (int)width,
            Height = (int)height,
            BitDepth = depth,
            ColorType = colorType,
            Interlaced = ihdr[12] == 1,
        };
    }

    public static uint ReadUInt32(ReadOnlySpan<byte> data) =>
        (uint)(data[0] << 24 | data[1] << 16 | data[2] << 8 | data[3]);
}
