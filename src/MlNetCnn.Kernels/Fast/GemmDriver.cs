using System.Runtime.CompilerServices;

namespace MlNetCnn.Kernels.Fast;

/// <summary>
/// The general GEMM on top of <see cref="MicroKernel{TV, TS}"/>: A is read in place (row-major rows, or columns of a
/// transposed A at stride lda); B is read in place when it is row-major with whole vectors per row, else packed once
/// per call into a zero-padded row-major copy. Tasks are (column panel, row tile) pairs in panel-major order, split
/// contiguously over the threads; every C element is computed by exactly one task.
/// </summary>
internal static unsafe class GemmDriver<TV, TS>
    where TV : struct
    where TS : struct, ISimd<TV>
{
    /// <summary>Below this many multiply-adds a call runs on the calling thread only.</summary>
    public const long ParallelThreshold = 1 << 18;

    public static void Run(WorkerPool pool, ScratchBuffer scratch, bool transA, bool transB, int m, int n, int k,
        float alpha, float* a, int lda, float* b, int ldb, float beta, float* c, int ldc)
    {
        if (k == 0 || alpha == 0f)
        {
            ScaleC(m, n, beta, c, ldc);
            return;
        }

        if (transB && m < n)
        {
            RunTransposed(pool, scratch, transA, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
            return;
        }

        int lanes = TS.Lanes;
        float* bRead = b;
        nint ldbRead = ldb;
        if (transB || n % lanes != 0)
        {
            int padded = RoundUp(n, lanes);
            bRead = scratch.Get((long)k * padded);
            Pack(pool, transB, k, n, b, ldb, bRead, padded);
            ldbRead = padded;
        }

        var work = new Work
        {
            A = a,
            RowStep = transA ? 1 : lda,
            Inner = transA ? lda : 1,
            K = k,
            B = bRead,
            Ldb = ldbRead,
            C = c,
            Ldc = ldc,
            ColStep = 1,
            M = m,
            N = n,
            Epilogue = new Epilogue { Alpha = alpha, Beta = beta },
            RowTiles = (m + MicroKernel<TV, TS>.MR - 1) / MicroKernel<TV, TS>.MR,
        };
        int panels = (n + MicroKernel<TV, TS>.PanelWidth - 1) / MicroKernel<TV, TS>.PanelWidth;
        int tasks = panels * work.RowTiles;
        if ((long)m * n * k < ParallelThreshold)
        {
            work.Execute(0, tasks, 0);
        }
        else
        {
            pool.Run(ref work, tasks);
        }
    }

    /// <summary>
    /// C = alpha * op(A) * B^T + beta * C computed as C^T = B * op(A)^T: B's rows are read in place and only op(A)^T
    /// (k x m, small when m is) is packed; tiles are stored transposed. Used instead of packing B^T when m &lt; n.
    /// </summary>
    private static void RunTransposed(WorkerPool pool, ScratchBuffer scratch, bool transA, int m, int n, int k,
        float alpha, float* a, int lda, float* b, int ldb, float beta, float* c, int ldc)
    {
        int lanes = TS.Lanes;
        float* right = a;
        nint ldRight = lda;
        if (!transA || m % lanes != 0)
        {
            int padded = RoundUp(m, lanes);
            right = scratch.Get((long)k * padded);
            Pack(pool, !transA, k, m, a, lda, right, padded);
            ldRight = padded;
        }

        var work = new Work
        {
            A = b,
            RowStep = ldb,
            Inner = 1,
            K = k,
            B = right,
            Ldb = ldRight,
            C = c,
            Ldc = 1,
            ColStep = ldc,
            M = n,
            N = m,
            Epilogue = new Epilogue { Alpha = alpha, Beta = beta, ColumnStride = ldc },
            RowTiles = (n + MicroKernel<TV, TS>.MR - 1) / MicroKernel<TV, TS>.MR,
        };
        int panels = (m + MicroKernel<TV, TS>.PanelWidth - 1) / MicroKernel<TV, TS>.PanelWidth;
        int tasks = panels * work.RowTiles;
        if ((long)m * n * k < ParallelThreshold)
        {
            work.Execute(0, tasks, 0);
        }
        else
        {
            pool.Run(ref work, tasks);
        }
    }

    /// <summary>Copies B (k x n, or its transpose) into a row-major k x padded buffer, zero beyond column n.</summary>
    public static void Pack(WorkerPool pool, bool transB, int k, int n, float* b, nint ldb, float* dst, int padded)
    {
        var pack = new PackWork { TransB = transB, K = k, N = n, B = b, Ldb = ldb, Dst = dst, Padded = padded };
        int blocks = padded / 16 + (padded % 16 != 0 ? 1 : 0);
        if ((long)k * n < ParallelThreshold)
        {
            pack.Execute(0, blocks, 0);
        }
        else
        {
            pool.Run(ref pack, blocks);
        }
    }

    public static int RoundUp(int value, int multiple) => (value + multiple - 1) / multiple * multiple;

    private static void ScaleC(int m, int n, float beta, float* c, int ldc)
    {
        for (int i = 0; i < m; i++)
        {
            var row = new Span<float>(c + (long)i * ldc, n);
            if (beta == 0f)
            {
                row.Clear();
            }
            else if (beta != 1f)
            {
                System.Numerics.Tensors.TensorPrimitives.Multiply(row, beta, row);
            }
        }
    }

    private struct Work : IWorkItem
    {
        public float* A;
        public nint RowStep;
        public nint Inner;
        public int K;
        public float* B;
        public nint Ldb;
        public float* C;
        public nint Ldc;
        public nint ColStep;
        public int M;
        public int N;
        public Epilogue Epilogue;
        public int RowTiles;

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public readonly void Execute(int begin, int end, int thread)
        {
            const int mrMax = MicroKernel<TV, TS>.MR;
            int panelWidth = MicroKernel<TV, TS>.PanelWidth;
            int zero = 0;
            var layout = new ALayout { SegBase = &zero, SegCount = 1, SegLen = K, Inner = Inner };
            float** rows = stackalloc float*[mrMax];
            for (int task = begin; task < end; task++)
            {
                int panel = task / RowTiles, tile = task % RowTiles;
                int i0 = tile * mrMax, j0 = panel * panelWidth;
                int mr = Math.Min(mrMax, M - i0), nc = Math.Min(panelWidth, N - j0);
                for (int i = 0; i < mr; i++)
                {
                    rows[i] = A + (i0 + i) * RowStep;
                }

                MicroKernel<TV, TS>.Compute(rows, mr, layout, B + j0, Ldb, C + i0 * Ldc + j0 * ColStep, Ldc, nc, Epilogue);
            }
        }
    }

    private struct PackWork : IWorkItem
    {
        public bool TransB;
        public int K;
        public int N;
        public float* B;
        public nint Ldb;
        public float* Dst;
        public int Padded;

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public readonly void Execute(int begin, int end, int thread)
        {
            for (int block = begin; block < end; block++)
            {
                int j0 = block * 16, j1 = Math.Min(j0 + 16, Padded), jn = Math.Min(j1, N);
                for (int p = 0; p < K; p++)
                {
                    float* dst = Dst + (nint)p * Padded;
                    if (TransB)
                    {
                        for (int j = j0; j < jn; j++)
                        {
                            dst[j] = B[j * Ldb + p];
                        }
                    }
                    else
                    {
                        for (int j = j0; j < jn; j++)
                        {
                            dst[j] = B[p * Ldb + j];
                        }
                    }

                    for (int j = Math.Max(jn, j0); j < j1; j++)
                    {
                        dst[j] = 0f;
                    }
                }
            }
        }
    }
}
