using System.Runtime.CompilerServices;

namespace MlNetCnn.Kernels.Fast;

/// <summary>
/// Convolution backward-data: per image and per band of output rows, the column gradient
/// dCol[pixel, (ky,kx,c)] = dOut[pixel, F] * W^T (a GEMM against the kernel packed transposed once per call), then
/// col2im adds each pixel's KH runs of KW*C floats into the input gradient. Images are split over the threads; each
/// thread owns its column band (and its padded image when the geometry pads), so no two threads touch the same
/// input gradient element.
/// </summary>
internal static unsafe partial class ConvDriver<TV, TS>
{
    public static void Data(WorkerPool pool, in Conv2DGeometry g, long padChunkFloats, float* outputGrad, float* kernel, float* inputGrad,
        float* workspace, long workspaceLength)
    {
        var plan = new ConvPlan(g, TS.Lanes, pool.Threads, MR, padChunkFloats);
        var carve = new WorkspaceCarver(workspace, workspaceLength);
        float* packed = carve.Take((long)g.Filters * plan.ColPad);
        GemmDriver<TV, TS>.Pack(pool, true, g.Filters, plan.Rows, kernel, g.Filters, packed, plan.ColPad);
        long bandFloats = (long)plan.BandRows * g.OutWidth * plan.ColPad;
        long imageFloats = (long)plan.Hp * plan.Wp * g.InChannels;
        float* perThread = carve.Take(plan.Threads * (bandFloats + (plan.Pad ? imageFloats : 0) + 16));

        var work = new DataWork
        {
            G = g,
            Hp = plan.Hp,
            Wp = plan.Wp,
            Pad = plan.Pad,
            BandRows = plan.BandRows,
            ColPad = plan.ColPad,
            Rows = plan.Rows,
            PackedKernel = packed,
            OutputGrad = outputGrad,
            InputGrad = inputGrad,
            PerThread = perThread,
            PerThreadFloats = bandFloats + (plan.Pad ? imageFloats : 0) + 16,
            BandFloats = bandFloats,
        };
        RunOrInline(pool, ref work, g.Batch, (long)g.Batch * g.OutHeight * g.OutWidth * plan.Rows * g.Filters);
    }

    private struct DataWork : IWorkItem
    {
        public Conv2DGeometry G;
        public int Hp, Wp, BandRows, ColPad, Rows;
        public bool Pad;
        public float* PackedKernel, OutputGrad, InputGrad, PerThread;
        public long PerThreadFloats, BandFloats;

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public readonly void Execute(int begin, int end, int thread)
        {
            float* columns = ScratchBuffer.Align(PerThread + thread * PerThreadFloats);
            float* paddedImage = columns + BandFloats;
            int c = G.InChannels, f = G.Filters, ow = G.OutWidth;
            int imageFloats = G.InHeight * G.InWidth * c;
            int runFloats = G.KernelWidth * c;
            int zero = 0;
            var layout = new ALayout { SegBase = &zero, SegCount = 1, SegLen = f, Inner = 1 };
            float** rows = stackalloc float*[MR];
            for (int n = begin; n < end; n++)
            {
                float* target = Pad ? paddedImage : InputGrad + (nint)n * imageFloats;
                new Span<float>(target, Pad ? Hp * Wp * c : imageFloats).Clear();
                float* dOut = OutputGrad + (nint)n * G.OutHeight * ow * f;
                for (int oy0 = 0; oy0 < G.OutHeight; oy0 += BandRows)
                {
                    int bandPixels = Math.Min(BandRows, G.OutHeight - oy0) * ow;
                    float* bandGrad = dOut + (nint)oy0 * ow * f;
                    for (int p0 = 0; p0 < bandPixels; p0 += MR)
                    {
                        int mr = Math.Min(MR, bandPixels - p0);
                        for (int i = 0; i < mr; i++)
                        {
                            rows[i] = bandGrad + (nint)(p0 + i) * f;
                        }

                        MicroKernel<TV, TS>.Compute(rows, mr, layout, PackedKernel, ColPad, columns + (nint)p0 * ColPad, ColPad,
                            Rows, Epilogue.Overwrite);
                    }

                    for (int p = 0; p < bandPixels; p++)
                    {
                        int oy = oy0 + p / ow, ox = p % ow;
                        float* column = columns + (nint)p * ColPad;
                        for (int ky = 0; ky < G.KernelHeight; ky++)
                        {
                            float* dst = target + ((nint)(oy * G.StrideH + ky) * Wp + ox * G.StrideW) * c;
                            Pointwise<TV, TS>.AddInPlace(column + ky * runFloats, dst, runFloats);
                        }
                    }
                }

                if (Pad)
                {
                    float* dst = InputGrad + (nint)n * imageFloats;
                    int rowFloats = G.InWidth * c;
                    for (int y = 0; y < G.InHeight; y++)
                    {
                        new ReadOnlySpan<float>(paddedImage + ((nint)(y + G.PadTop) * Wp + G.PadLeft) * c, rowFloats)
                            .CopyTo(new Span<float>(dst + (nint)y * rowFloats, rowFloats));
                    }
                }
            }
        }
    }
}
