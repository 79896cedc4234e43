using System.Runtime.CompilerServices;

namespace MlNetCnn.Kernels.Fast;

/// <summary>
/// Convolution forward and filter gradient as implicit GEMMs on <see cref="MicroKernel{TV, TS}"/>, reading image
/// patches in place (no im2col buffer). NHWC makes each kernel row of a patch one contiguous run of KW*C floats, so
/// forward is C[pixels, F] = sum over ky of A_ky[pixels, KW*C] * W_ky[KW*C, F] with A rows pointing into the image;
/// the filter gradient is dW[(ky,kx,c), F] = sum over pixels of patch^T * dOut, with A rows pointing at each
/// (ky, kx, c) offset and the reduction walking the output rows.
/// </summary>
internal static unsafe partial class ConvDriver<TV, TS>
    where TV : struct
    where TS : struct, ISimd<TV>
{
    private const int MR = MicroKernel<TV, TS>.MR;

    public static void Forward(WorkerPool pool, in Conv2DGeometry g, long padChunkFloats, float* input, float* kernel, float* bias, float* output,
        float* workspace, long workspaceLength)
    {
        var plan = new ConvPlan(g, TS.Lanes, pool.Threads, MR, padChunkFloats);
        var carve = new WorkspaceCarver(workspace, workspaceLength);
        int* segBase = carve.TakeInts(g.KernelHeight);
        float* padded = plan.Pad ? carve.Take((long)plan.ChunkImages * plan.Hp * plan.Wp * g.InChannels) : null;
        float* b = kernel;
        nint ldb = g.Filters;
        if (g.Filters % TS.Lanes != 0)
        {
            b = carve.Take((long)plan.Rows * plan.FPad);
            GemmDriver<TV, TS>.Pack(pool, false, plan.Rows, g.Filters, kernel, g.Filters, b, plan.FPad);
            ldb = plan.FPad;
        }

        for (int ky = 0; ky < g.KernelHeight; ky++)
        {
            segBase[ky] = ky * plan.Wp * g.InChannels;
        }

        int imageFloats = g.InHeight * g.InWidth * g.InChannels, outFloats = g.OutHeight * g.OutWidth * g.Filters;
        for (int n0 = 0; n0 < g.Batch; n0 += plan.ChunkImages)
        {
            int images = Math.Min(plan.ChunkImages, g.Batch - n0);
            float* image = input + (long)n0 * imageFloats;
            if (plan.Pad)
            {
                PadImages(pool, g, plan, image, images, padded);
                image = padded;
            }

            var work = new ForwardWork
            {
                Image = image,
                Hp = plan.Hp,
                Wp = plan.Wp,
                C = g.InChannels,
                OH = g.OutHeight,
                OW = g.OutWidth,
                Sh = g.StrideH,
                Sw = g.StrideW,
                Pixels = images * g.OutHeight * g.OutWidth,
                Layout = new ALayout { SegBase = segBase, SegCount = g.KernelHeight, SegLen = g.KernelWidth * g.InChannels, Inner = 1 },
                B = b,
                Ldb = ldb,
                F = g.Filters,
                Output = output + (long)n0 * outFloats,
                Epilogue = new Epilogue { Alpha = 1f, Bias = bias },
            };
            int tiles = (work.Pixels + MR - 1) / MR;
            RunOrInline(pool, ref work, tiles, (long)work.Pixels * plan.Rows * g.Filters);
        }
    }

    public static void Filter(WorkerPool pool, in Conv2DGeometry g, long padChunkFloats, float* input, float* outputGrad, float* kernelGrad,
        float* workspace, long workspaceLength)
    {
        var plan = new ConvPlan(g, TS.Lanes, pool.Threads, MR, padChunkFloats);
        var carve = new WorkspaceCarver(workspace, workspaceLength);
        int* segBase = carve.TakeInts((long)plan.ChunkImages * g.OutHeight);
        float* padded = plan.Pad ? carve.Take((long)plan.ChunkImages * plan.Hp * plan.Wp * g.InChannels) : null;
        bool packF = g.Filters % TS.Lanes != 0;
        float* packedGrad = packF ? carve.Take((long)plan.ChunkImages * g.OutHeight * g.OutWidth * plan.FPad) : null;
        float* partials = plan.FilterKSplit ? carve.Take((long)plan.Threads * plan.Rows * g.Filters) : null;

        int imageFloats = g.InHeight * g.InWidth * g.InChannels, outFloats = g.OutHeight * g.OutWidth * g.Filters;
        for (int n0 = 0; n0 < g.Batch; n0 += plan.ChunkImages)
        {
            int images = Math.Min(plan.ChunkImages, g.Batch - n0);
            float* image = input + (long)n0 * imageFloats;
            if (plan.Pad)
            {
                PadImages(pool, g, plan, image, images, padded);
                image = padded;
            }

            int rows = images * g.OutHeight;
            for (int r = 0; r < rows; r++)
            {
                int n = r / g.OutHeight, oy = r % g.OutHeight;
                segBase[r] = ((n * plan.Hp + oy * g.StrideH) * plan.Wp) * g.InChannels;
            }

            float* grad = outputGrad + (long)n0 * outFloats;
            nint ldb = g.Filters;
            if (packF)
            {
                GemmDriver<TV, TS>.Pack(pool, false, rows * g.OutWidth, g.Filters, grad, g.Filters, packedGrad, plan.FPad);
                grad = packedGrad;
                ldb = plan.FPad;
            }

            var work = new FilterWork
            {
                Image = image,
                Wp = plan.Wp,
                C = g.InChannels,
                KW = g.KernelWidth,
                SegBase = segBase,
                SegRows = rows,
                OW = g.OutWidth,
                Inner = (nint)g.StrideW * g.InChannels,
                KBlockRows = plan.KBlockRows,
                Grad = grad,
                Ldb = ldb,
                M = plan.Rows,
                F = g.Filters,
                Target = plan.FilterKSplit ? partials : kernelGrad,
                KSplit = plan.FilterKSplit,
                Threads = plan.Threads,
                AccumulateFirst = n0 > 0,
            };
            long macs = (long)rows * g.OutWidth * plan.Rows * g.Filters;
            int tasks = plan.FilterKSplit ? plan.Threads : (plan.Rows + MR - 1) / MR;
            RunOrInline(pool, ref work, tasks, plan.FilterKSplit ? long.MaxValue : macs);
        }

        if (plan.FilterKSplit)
        {
            // Fixed-order reduction of the per-thread partial sums: thread 0 + thread 1 + ...
            long length = (long)plan.Rows * g.Filters;
            new Span<float>(partials, (int)length).CopyTo(new Span<float>(kernelGrad, (int)length));
            for (int t = 1; t < plan.Threads; t++)
            {
                Pointwise<TV, TS>.AddInPlace(partials + t * length, kernelGrad, length);
            }
        }
    }

    private static void RunOrInline<T>(WorkerPool pool, ref T work, int tasks, long macs)
        where T : unmanaged, IWorkItem
    {
        if (macs < GemmDriver<TV, TS>.ParallelThreshold)
        {
            work.Execute(0, tasks, 0);
        }
        else
        {
            pool.Run(ref work, tasks);
        }
    }

    private static void PadImages(WorkerPool pool, in Conv2DGeometry g, in ConvPlan plan, float* source, int images, float* padded)
    {
        var work = new PadWork
        {
            Source = source,
            Target = padded,
            H = g.InHeight,
            RowFloats = g.InWidth * g.InChannels,
            PaddedRowFloats = plan.Wp * g.InChannels,
            PaddedImageFloats = plan.Hp * plan.Wp * g.InChannels,
            Offset = (g.PadTop * plan.Wp + g.PadLeft) * g.InChannels,
        };
        RunOrInline(pool, ref work, images, (long)images * work.PaddedImageFloats * 8);
    }

    private struct ForwardWork : IWorkItem
    {
        public float* Image;
        public int Hp, Wp, C, OH, OW, Sh, Sw, Pixels;
        public ALayout Layout;
        public float* B;
        public nint Ldb;
        public int F;
        public float* Output;
        public Epilogue Epilogue;

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public readonly void Execute(int begin, int end, int thread)
        {
            float** rows = stackalloc float*[MR];
            int pixel = begin * MR;
            int perImage = OH * OW;
            int n = pixel / perImage, oy = pixel % perImage / OW, ox = pixel % OW;
            int last = Math.Min(end * MR, Pixels);
            while (pixel < last)
            {
                int mr = Math.Min(MR, last - pixel);
                for (int i = 0; i < mr; i++)
                {
                    rows[i] = Image + ((nint)(n * Hp + oy * Sh) * Wp + ox * Sw) * C;
                    if (++ox == OW)
                    {
                        ox = 0;
                        if (++oy == OH)
                        {
                            oy = 0;
                            n++;
                        }
                    }
                }

                MicroKernel<TV, TS>.Compute(rows, mr, Layout, B, Ldb, Output + (nint)pixel * F, F, F, Epilogue);
                pixel += mr;
            }
        }
    }

    private struct FilterWork : IWorkItem
    {
        public float* Image;
        public int Wp, C, KW;
        public int* SegBase;
        public int SegRows, OW;
        public nint Inner;
        public int KBlockRows;
        public float* Grad;
        public nint Ldb;
        public int M, F;
        public float* Target;
        public bool KSplit;
        public int Threads;
        public bool AccumulateFirst;

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public readonly void Execute(int begin, int end, int thread)
        {
            if (KSplit)
            {
                // One task per part: that part's share of the output rows, all gradient rows, into its partial buffer.
                for (int part = begin; part < end; part++)
                {
                    int r0 = WorkerPool.PartStart(SegRows, Threads, part), r1 = WorkerPool.PartStart(SegRows, Threads, part + 1);
                    float* target = Target + (nint)part * M * F;
                    if (r0 == r1 && !AccumulateFirst)
                    {
                        new Span<float>(target, M * F).Clear();
                    }

                    Run(0, (M + MR - 1) / MR, r0, r1, target);
                }
            }
            else
            {
                Run(begin, end, 0, SegRows, Target);
            }
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private readonly void Run(int tileBegin, int tileEnd, int rowBegin, int rowEnd, float* target)
        {
            float** rows = stackalloc float*[MR];
            for (int kb = rowBegin; kb < rowEnd; kb += KBlockRows)
            {
                var layout = new ALayout { SegBase = SegBase + kb, SegCount = Math.Min(KBlockRows, rowEnd - kb), SegLen = OW, Inner = Inner };
                var epilogue = kb == rowBegin && !AccumulateFirst ? Epilogue.Overwrite : Epilogue.Accumulate;
                float* grad = Grad + (nint)kb * OW * Ldb;
                for (int tile = tileBegin; tile < tileEnd; tile++)
                {
                    int i0 = tile * MR, mr = Math.Min(MR, M - i0);
                    for (int i = 0; i < mr; i++)
                    {
                        int row = i0 + i, cell = row / C;
                        rows[i] = Image + ((nint)(cell / KW) * Wp + cell % KW) * C + row % C;
                    }

                    MicroKernel<TV, TS>.Compute(rows, mr, layout, grad, Ldb, target + (nint)i0 * F, F, F, epilogue);
                }
            }
        }
    }

    private struct PadWork : IWorkItem
    {
        public float* Source, Target;
        public int H, RowFloats, PaddedRowFloats, PaddedImageFloats, Offset;

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public readonly void Execute(int begin, int end, int thread)
        {
            for (int n = begin; n < end; n++)
            {
                float* dst = Target + (nint)n * PaddedImageFloats;
                new Span<float>(dst, PaddedImageFloats).Clear();
                for (int y = 0; y < H; y++)
                {
                    new ReadOnlySpan<float>(Source + ((nint)n * H + y) * RowFloats, RowFloats)
                        .CopyTo(new Span<float>(dst + Offset + (nint)y * PaddedRowFloats, RowFloats));
                }
            }
        }
    }
}
