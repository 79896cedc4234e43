using System.Runtime.CompilerServices;

namespace MlNetCnn.Kernels.Fast;

/// <summary>
/// Max and average pooling vectorised across channels (NHWC keeps a pixel's channels contiguous), with a scalar
/// channel tail that applies the same rules. Forward splits output rows over the threads, backward splits images
/// (an image's gradients only land in that image).
/// </summary>
internal static unsafe class PoolDriver<TV, TS>
    where TV : struct
    where TS : struct, ISimd<TV>
{
    private const long ParallelThreshold = 1 << 17;

    public static void MaxForward(WorkerPool pool, in PoolGeometry g, float* input, float* output, int* argmax)
    {
        var work = new Work { G = g, Input = input, Output = output, Argmax = argmax, Kind = 0 };
        Run(pool, ref work, g.Batch * g.OutHeight, g.OutputLength * g.PoolHeight * g.PoolWidth);
    }

    public static void MaxBackward(WorkerPool pool, in PoolGeometry g, float* outputGrad, int* argmax, float* inputGrad)
    {
        var work = new Work { G = g, Output = outputGrad, Argmax = argmax, Input = inputGrad, Kind = 1 };
        Run(pool, ref work, g.Batch, g.InputLength + g.OutputLength);
    }

    public static void AvgForward(WorkerPool pool, in PoolGeometry g, float* input, float* output)
    {
        var work = new Work { G = g, Input = input, Output = output, Kind = 2 };
        Run(pool, ref work, g.Batch * g.OutHeight, g.OutputLength * g.PoolHeight * g.PoolWidth);
    }

    public static void AvgBackward(WorkerPool pool, in PoolGeometry g, float* outputGrad, float* inputGrad)
    {
        var work = new Work { G = g, Output = outputGrad, Input = inputGrad, Kind = 3 };
        Run(pool, ref work, g.Batch, g.InputLength + g.OutputLength * g.PoolHeight * g.PoolWidth);
    }

    private static void Run(WorkerPool pool, ref Work work, int tasks, long cost)
    {
        if (cost < ParallelThreshold)
        {
            work.Execute(0, tasks, 0);
        }
        else
        {
            pool.Run(ref work, tasks);
        }
    }

    private struct Work : IWorkItem
    {
        public PoolGeometry G;
        public float* Input, Output;
        public int* Argmax;
        public int Kind;

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public readonly void Execute(int begin, int end, int thread)
        {
            for (int task = begin; task < end; task++)
            {
                switch (Kind)
                {
                    case 0: MaxRow(task); break;
                    case 1: MaxBackImage(task); break;
                    case 2: AvgRow(task); break;
                    default: AvgBackImage(task); break;
                }
            }
        }

        private readonly void Window(int oy, int ox, out int y0, out int y1, out int x0, out int x1)
        {
            int ty = oy * G.StrideH - G.PadTop, tx = ox * G.StrideW - G.PadLeft;
            y0 = Math.Max(ty, 0);
            y1 = Math.Min(ty + G.PoolHeight, G.InHeight);
            x0 = Math.Max(tx, 0);
            x1 = Math.Min(tx + G.PoolWidth, G.InWidth);
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private readonly void MaxRow(int row)
        {
            int n = row / G.OutHeight, oy = row % G.OutHeight, ch = G.Channels, lanes = TS.Lanes;
            for (int ox = 0; ox < G.OutWidth; ox++)
            {
                Window(oy, ox, out int y0, out int y1, out int x0, out int x1);
                nint o = ((nint)row * G.OutWidth + ox) * ch;
                if (y0 >= y1 || x0 >= x1)
                {
                    new Span<float>(Output + o, ch).Clear();
                    new Span<int>(Argmax + o, ch).Fill(-1);
                    continue;
                }

                int first = ((n * G.InHeight + y0) * G.InWidth + x0) * ch;
                int c = 0;
                for (; c <= ch - lanes; c += lanes)
                {
                    TV best = TS.Load(Input + first + c), bestOffset = TS.Zero;
                    for (int iy = y0; iy < y1; iy++)
                    {
                        for (int ix = iy == y0 ? x0 + 1 : x0; ix < x1; ix++)
                        {
                            int offset = ((iy - y0) * G.InWidth + ix - x0) * ch;
                            TV v = TS.Load(Input + first + offset + c);
                            TV take = TS.Select(TS.IsNaN(best), TS.Zero, TS.Or(TS.IsNaN(v), TS.GreaterThan(v, best)));
                            best = TS.Select(take, v, best);
                            bestOffset = TS.Select(take, TS.Splat(offset), bestOffset);
                        }
                    }

                    TS.Store(Output + o + c, best);
                    TS.StoreIndices(Argmax + o + c, bestOffset, first + c);
                }

                for (; c < ch; c++)
                {
                    float best = Input[first + c];
                    int bestIndex = first + c;
                    for (int iy = y0; iy < y1; iy++)
                    {
                        for (int ix = iy == y0 ? x0 + 1 : x0; ix < x1; ix++)
                        {
                            int index = first + ((iy - y0) * G.InWidth + ix - x0) * ch + c;
                            float v = Input[index];
                            if (!float.IsNaN(best) && (float.IsNaN(v) || v > best))
                            {
                                best = v;
                                bestIndex = index;
                            }
                        }
                    }

                    Output[o + c] = best;
                    Argmax[o + c] = bestIndex;
                }
            }
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private readonly void MaxBackImage(int n)
        {
            if (G.StrideH >= G.PoolHeight && G.StrideW >= G.PoolWidth)
            {
                MaxBackDisjoint(n);
                return;
            }

            int imageFloats = G.InHeight * G.InWidth * G.Channels, outFloats = G.OutHeight * G.OutWidth * G.Channels;
            int lo = n * imageFloats;
            float* dx = Input + lo;
            new Span<float>(dx, imageFloats).Clear();
            float* dy = Output + (nint)n * outFloats;
            int* arg = Argmax + (nint)n * outFloats;
            for (int i = 0; i < outFloats; i++)
            {
                int a = arg[i];
                if (a < 0)
                {
                    continue;
                }

                int index = a - lo;
                if ((uint)index >= (uint)imageFloats)
                {
                    throw new ArgumentException(
                        $"argmax[{(long)n * outFloats + i}] = {a} is not in image {n}: pass the argmax MaxPoolForward produced.", "argmax");
                }

                dx[index] += dy[i];
            }
        }

        /// <summary>
        /// Windows that do not overlap: every input cell belongs to at most one window, so each cell of a window gets
        /// dy where the argmax names it and 0 elsewhere, written directly (vectorised compare and select). Cells no
        /// window covers are cleared first.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private readonly void MaxBackDisjoint(int n)
        {
            int ch = G.Channels, lanes = TS.Lanes;
            int imageFloats = G.InHeight * G.InWidth * ch;
            float* dx = Input + (nint)n * imageFloats;
            bool covered = G.PadTop == 0 && G.PadLeft == 0 && G.StrideH == G.PoolHeight && G.StrideW == G.PoolWidth
                && G.OutHeight * G.PoolHeight == G.InHeight && G.OutWidth * G.PoolWidth == G.InWidth;
            if (!covered)
            {
                new Span<float>(dx, imageFloats).Clear();
            }

            int imageBase = n * imageFloats;
            for (int oy = 0; oy < G.OutHeight; oy++)
            {
                for (int ox = 0; ox < G.OutWidth; ox++)
                {
                    Window(oy, ox, out int y0, out int y1, out int x0, out int x1);
                    nint o = (((nint)n * G.OutHeight + oy) * G.OutWidth + ox) * ch;
                    float* dy = Output + o;
                    int* arg = Argmax + o;
                    for (int iy = y0; iy < y1; iy++)
                    {
                        for (int ix = x0; ix < x1; ix++)
                        {
                            int cell = (iy * G.InWidth + ix) * ch;
                            int c = 0;
                            for (; c <= ch - lanes; c += lanes)
                            {
                                TS.Store(dx + cell + c, TS.Select(TS.IndexEquals(arg + c, imageBase + cell + c), TS.Load(dy + c), TS.Zero));
                            }

                            for (; c < ch; c++)
                            {
                                dx[cell + c] = arg[c] == imageBase + cell + c ? dy[c] : 0f;
                            }
                        }
                    }
                }
            }
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private readonly void AvgRow(int row)
        {
            int n = row / G.OutHeight, oy = row % G.OutHeight, ch = G.Channels, lanes = TS.Lanes;
            for (int ox = 0; ox < G.OutWidth; ox++)
            {
                Window(oy, ox, out int y0, out int y1, out int x0, out int x1);
                float* o = Output + ((nint)row * G.OutWidth + ox) * ch;
                int count = Math.Max(y1 - y0, 0) * Math.Max(x1 - x0, 0);
                if (count == 0)
                {
                    new Span<float>(o, ch).Clear();
                    continue;
                }

                int c = 0;
                TV divisor = TS.Splat(count);
                for (; c <= ch - lanes; c += lanes)
                {
                    TV sum = TS.Zero;
                    for (int iy = y0; iy < y1; iy++)
                    {
                        for (int ix = x0; ix < x1; ix++)
                        {
                            sum = TS.Add(sum, TS.Load(Input + ((nint)(n * G.InHeight + iy) * G.InWidth + ix) * ch + c));
                        }
                    }

                    TS.Store(o + c, TS.Div(sum, divisor));
                }

                for (; c < ch; c++)
                {
                    float sum = 0f;
                    for (int iy = y0; iy < y1; iy++)
                    {
                        for (int ix = x0; ix < x1; ix++)
                        {
                            sum += Input[((nint)(n * G.InHeight + iy) * G.InWidth + ix) * ch + c];
                        }
                    }

                    o[c] = sum / count;
                }
            }
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private readonly void AvgBackImage(int n)
        {
            int ch = G.Channels, lanes = TS.Lanes;
            float* dx = Input + (nint)n * G.InHeight * G.InWidth * ch;
            new Span<float>(dx, G.InHeight * G.InWidth * ch).Clear();
            for (int oy = 0; oy < G.OutHeight; oy++)
            {
                for (int ox = 0; ox < G.OutWidth; ox++)
                {
                    Window(oy, ox, out int y0, out int y1, out int x0, out int x1);
                    int count = Math.Max(y1 - y0, 0) * Math.Max(x1 - x0, 0);
                    if (count == 0)
                    {
                        continue;
                    }

                    float* dy = Output + (((nint)n * G.OutHeight + oy) * G.OutWidth + ox) * ch;
                    TV divisor = TS.Splat(count);
                    for (int iy = y0; iy < y1; iy++)
                    {
                        for (int ix = x0; ix < x1; ix++)
                        {
                            float* cell = dx + ((nint)iy * G.InWidth + ix) * ch;
                            int c = 0;
                            for (; c <= ch - lanes; c += lanes)
                            {
                                TS.Store(cell + c, TS.Add(TS.Load(cell + c), TS.Div(TS.Load(dy + c), divisor)));
                            }

                            for (; c < ch; c++)
                            {
                                cell[c] += dy[c] / count;
                            }
                        }
                    }
                }
            }
        }
    }
}
