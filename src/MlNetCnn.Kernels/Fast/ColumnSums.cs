using System.Runtime.CompilerServices;

namespace MlNetCnn.Kernels.Fast;

/// <summary>
/// Column sums of a row-major (rows, cols) matrix (the bias gradient): one pass over the rows per strip of up to four
/// vectors of columns, accumulating in registers in row order. With many rows, each thread sums one contiguous block
/// of rows into its own partial buffer and the partials are added in thread order (deterministic per thread count).
/// </summary>
internal static unsafe class ColumnSums<TV, TS>
    where TV : struct
    where TS : struct, ISimd<TV>
{
    private const long ParallelThreshold = 1 << 15;

    public static void Run(WorkerPool pool, ScratchBuffer scratch, float* dy, int rows, int cols, float* target)
    {
        int parts = (long)rows * cols < ParallelThreshold ? 1 : Math.Min(pool.Threads, rows);
        if (parts <= 1)
        {
            Sum(dy, 0, rows, cols, target);
            return;
        }

        var work = new Work { Dy = dy, Rows = rows, Cols = cols, Parts = parts, Partials = scratch.Get((long)parts * cols) };
        pool.Run(ref work, parts);
        new ReadOnlySpan<float>(work.Partials, cols).CopyTo(new Span<float>(target, cols));
        for (int t = 1; t < parts; t++)
        {
            Pointwise<TV, TS>.AddInPlace(work.Partials + (long)t * cols, target, cols);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Sum(float* dy, int r0, int r1, int cols, float* target)
    {
        int lanes = TS.Lanes, c = 0;
        for (; c <= cols - 4 * lanes; c += 4 * lanes)
        {
            TV s0 = TS.Zero, s1 = TS.Zero, s2 = TS.Zero, s3 = TS.Zero;
            for (int r = r0; r < r1; r++)
            {
                float* row = dy + (nint)r * cols + c;
                s0 = TS.Add(s0, TS.Load(row));
                s1 = TS.Add(s1, TS.Load(row + lanes));
                s2 = TS.Add(s2, TS.Load(row + 2 * lanes));
                s3 = TS.Add(s3, TS.Load(row + 3 * lanes));
            }

            TS.Store(target + c, s0);
            TS.Store(target + c + lanes, s1);
            TS.Store(target + c + 2 * lanes, s2);
            TS.Store(target + c + 3 * lanes, s3);
        }

        for (; c <= cols - lanes; c += lanes)
        {
            TV s = TS.Zero;
            for (int r = r0; r < r1; r++)
            {
                s = TS.Add(s, TS.Load(dy + (nint)r * cols + c));
            }

            TS.Store(target + c, s);
        }

        for (; c < cols; c++)
        {
            float s = 0f;
            for (int r = r0; r < r1; r++)
            {
                s += dy[(nint)r * cols + c];
            }

            target[c] = s;
        }
    }

    private struct Work : IWorkItem
    {
        public float* Dy;
        public int Rows, Cols, Parts;
        public float* Partials;

        public readonly void Execute(int begin, int end, int thread)
        {
            for (int part = begin; part < end; part++)
            {
                Sum(Dy, WorkerPool.PartStart(Rows, Parts, part), WorkerPool.PartStart(Rows, Parts, part + 1), Cols, Partials + (long)part * Cols);
            }
        }
    }
}
