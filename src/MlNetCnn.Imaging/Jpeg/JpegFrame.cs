namespace MlNetCnn.Imaging;

/// <summary>The frame header (SOF) of a JPEG and the geometry derived from it.</summary>
internal sealed class JpegFrame
{
    public JpegFrame(int width, int height, bool progressive, JpegComponent[] components)
    {
        Width = width;
        Height = height;
        Progressive = progressive;
        Components = components;
        MaxH = components.Max(c => c.H);
        MaxV = components.Max(c => c.V);
        McusPerLine = DivideRoundUp(width, 8 * MaxH);
        McusPerColumn = DivideRoundUp(height, 8 * MaxV);
        foreach (JpegComponent c in components)
        {
            // libjpeg's downsampled_width / downsampled_height.
            c.SampleWidth = DivideRoundUp(width * c.H, MaxH);
            c.SampleHeight = DivideRoundUp(height * c.V, MaxV);
            c.BlocksPerLine = DivideRoundUp(c.SampleWidth, 8);
            c.BlocksPerColumn = DivideRoundUp(c.SampleHeight, 8);
            c.BlocksPerLineAllocated = McusPerLine * c.H;
            c.BlocksPerColumnAllocated = McusPerColumn * c.V;
        }
    }

    public int Width { get; }

    public int Height { get; }

    public bool Progressive { get; }

    public JpegComponent[] Components { get; }

    public int MaxH { get; }

    public int MaxV { get; }

    public int McusPerLine { get; }

    public int McusPerColumn { get; }

    /// <summary>Blocks that carry image samples, over all components (each needs at least one bit of data).</summary>
    public long CodedBlocks => Components.Sum(c => (long)c.BlocksPerLine * c.BlocksPerColumn);

    public void AllocateCoefficients()
    {
        foreach (JpegComponent c in Components)
        {
            c.Coefficients = new short[(long)c.BlocksPerLineAllocated * c.BlocksPerColumnAllocated * 64];
        }
    }

    public static int DivideRoundUp(int a, int b) => (int)(((long)a + b - 1) / b);
}

/// <summary>One colour component of a JPEG frame and its coefficient storage.</summary>
internal sealed class JpegComponent
{
    public int Id { get; init; }

    /// <summary>Horizontal sampling factor, 1..4.</summary>
    public int H { get; init; }

    /// <summary>Vertical sampling factor, 1..4.</summary>
    public int V { get; init; }

    public int QuantTableIndex { get; init; }

    /// <summary>Samples per row of this component (before upsampling).</summary>
    public int SampleWidth { get; set; }

    /// <summary>Sample rows of this component (before upsampling).</summary>
    public int SampleHeight { get; set; }

    /// <summary>Blocks per row that hold samples; a non-interleaved scan codes exactly these.</summary>
    public int BlocksPerLine { get; set; }

    public int BlocksPerColumn { get; set; }

    /// <summary>Blocks per row including the padding of interleaved MCUs.</summary>
    public int BlocksPerLineAllocated { get; set; }

    public int BlocksPerColumnAllocated { get; set; }

    /// <summary>Quantized DCT coefficients, 64 per block in natural (row-major) order.</summary>
    public short[] Coefficients { get; set; } = [];

    /// <summary>The quantization table in natural order, copied when the component's first scan starts.</summary>
    public ushort[]? Quantization { get; set; }

    public int DcPredictor { get; set; }

    public Span<short> Block(int row, int column) =>
        Coefficients.AsSpan((row * BlocksPerLineAllocated + column) * 64, 64);
}
