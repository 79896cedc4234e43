namespace MlNetCnn.Kernels.Fast;

/// <summary>
/// How the fast convolution runs one geometry, and how it cuts the caller's workspace. The image is read through a
/// zero-padded copy (Hp x Wp) only when the geometry has padding or windows that reach past the image; the copy is
/// made a chunk of images at a time so the workspace stays bounded (about 4 MB of padded images at most, or one image).
/// </summary>
internal readonly struct ConvPlan
{
    public const long DefaultPadChunkFloats = 1 << 20;
    private const long BandFloats = 1 << 16;
    private const int KBlockPixels = 256;

    public ConvPlan(in Conv2DGeometry g, int lanes, int threads, int mr, long padChunkFloats)
    {
        Hp = Math.Max(g.PadTop + g.InHeight, (g.OutHeight - 1) * g.StrideH + g.KernelHeight);
        Wp = Math.Max(g.PadLeft + g.InWidth, (g.OutWidth - 1) * g.StrideW + g.KernelWidth);
        Pad = g.PadTop > 0 || g.PadLeft > 0 || Hp > g.InHeight || Wp > g.InWidth;
        long imageFloats = (long)Hp * Wp * g.InChannels;
        ChunkImages = Pad ? (int)Math.Clamp(padChunkFloats / Math.Max(imageFloats, 1), 1, Math.Max(g.Batch, 1)) : Math.Max(g.Batch, 1);
        Rows = g.KernelHeight * g.KernelWidth * g.InChannels;
        FPad = RoundUp(g.Filters, lanes);
        ColPad = RoundUp(Rows, lanes);
        BandRows = (int)Math.Clamp(BandFloats / ((long)Math.Max(g.OutWidth, 1) * ColPad), 1, Math.Max(g.OutHeight, 1));
        KBlockRows = Math.Max(1, KBlockPixels / Math.Max(g.OutWidth, 1));
        int mTiles = (Rows + mr - 1) / mr;
        FilterKSplit = threads > 1 && mTiles < 4 * threads;
        Threads = threads;

        long padChunk = Pad ? ChunkImages * imageFloats : 0;
        bool packF = g.Filters % lanes != 0;
        ForwardFloats = Slack(3) + Ints(g.KernelHeight) + padChunk + (packF ? (long)Rows * FPad : 0);
        FilterFloats = Slack(4) + Ints((long)ChunkImages * g.OutHeight) + padChunk
            + (packF ? (long)ChunkImages * g.OutHeight * g.OutWidth * FPad : 0)
            + (FilterKSplit ? (long)threads * Rows * g.Filters : 0);
        DataFloats = Slack(2 + 2 * threads) + (long)g.Filters * ColPad
            + threads * ((long)BandRows * g.OutWidth * ColPad + (Pad ? imageFloats : 0));
    }

    /// <summary>Rows and columns of the image the kernels read (padded when <see cref="Pad"/>).</summary>
    public int Hp { get; }

    public int Wp { get; }

    public bool Pad { get; }

    /// <summary>Images per padded chunk (the whole batch when no padding is needed).</summary>
    public int ChunkImages { get; }

    /// <summary>KH * KW * C: the GEMM depth of the forward pass, the rows of the kernel gradient.</summary>
    public int Rows { get; }

    /// <summary>Filters rounded up to whole vectors.</summary>
    public int FPad { get; }

    /// <summary><see cref="Rows"/> rounded up to whole vectors: the row stride of the backward-data column buffer.</summary>
    public int ColPad { get; }

    /// <summary>Output rows per band of the backward-data column buffer.</summary>
    public int BandRows { get; }

    /// <summary>Output rows per cache block of the filter gradient's reduction.</summary>
    public int KBlockRows { get; }

    /// <summary>Whether the filter gradient splits its reduction over threads (few rows) rather than its rows.</summary>
    public bool FilterKSplit { get; }

    public int Threads { get; }

    public long ForwardFloats { get; }

    public long FilterFloats { get; }

    public long DataFloats { get; }

    public long WorkspaceFloats => Math.Max(ForwardFloats, Math.Max(FilterFloats, DataFloats));

    public static int RoundUp(int value, int multiple) => (value + multiple - 1) / multiple * multiple;

    private static long Ints(long count) => count;

    private static long Slack(int regions) => 16L * regions;
}

/// <summary>Cuts 64-byte aligned regions off the front of a workspace.</summary>
internal unsafe struct WorkspaceCarver
{
    private float* _next;
    private readonly float* _end;

    public WorkspaceCarver(float* start, long length)
    {
        _next = start;
        _end = start + length;
    }

    public float* Take(long floats)
    {
        float* p = ScratchBuffer.Align(_next);
        if (p + floats > _end)
        {
            throw new ArgumentException(
                "The workspace is too small for this convolution: size it with FastKernels.Conv2DWorkspaceSize.", "workspace");
        }

        _next = p + floats;
        return p;
    }

    public int* TakeInts(long count) => (int*)Take(count);
}
