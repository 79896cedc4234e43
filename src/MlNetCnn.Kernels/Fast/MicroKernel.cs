using System.Runtime.CompilerServices;

namespace MlNetCnn.Kernels.Fast;

/// <summary>
/// Where the micro-kernel reads A: element (i, p), with p = s * SegLen + q, is <c>rows[i][SegBase[s] + q * Inner]</c>.
/// One segment with Inner = 1 is a row-major matrix; Inner = lda reads a transposed one; a conv's KH segments of
/// KW*C contiguous floats read an image patch in place (implicit im2col), and segments of output rows with
/// Inner = stride*C read the patches of many pixels for the filter gradient.
/// </summary>
internal unsafe struct ALayout
{
    public int* SegBase;
    public int SegCount;
    public int SegLen;
    public nint Inner;

    public readonly int K => SegCount * SegLen;
}

/// <summary>
/// How a finished tile is written: c = Alpha * acc + Beta * c + Bias (Beta = 0: the old c is not read). Columns are
/// contiguous, or, with <see cref="ColumnStride"/> set, ColumnStride floats apart (a transposed store).
/// </summary>
internal unsafe struct Epilogue
{
    public float Alpha;
    public float Beta;
    public float* Bias;
    public nint ColumnStride;

    public static Epilogue Overwrite => new() { Alpha = 1f };

    public static Epilogue Accumulate => new() { Alpha = 1f, Beta = 1f };
}

/// <summary>
/// The register-blocked GEMM micro-kernels: a tile of MR = 6 rows of A times up to 4 vectors of B columns
/// (4 only with 512-bit hardware, else up to 2), accumulated in registers over the whole K range, so each C element
/// is one sequential fused-multiply-add chain in p order (deterministic, whatever the threading).
/// </summary>
[SkipLocalsInit]
internal static unsafe partial class MicroKernel<TV, TS>
    where TV : struct
    where TS : struct, ISimd<TV>
{
    public const int MR = 6;

    /// <summary>The widest tile, in vectors.</summary>
    public static int MaxVectors => TS.Lanes == 16 ? 4 : 2;

    /// <summary>Columns of the widest tile: the natural panel width of the drivers.</summary>
    public static int PanelWidth => MaxVectors * TS.Lanes;

    /// <summary>
    /// C[0..mr, 0..nc] = epilogue(A[rows 0..mr] * B[.., 0..nc]). B rows are read at b + p * ldb and must be readable up
    /// to nc rounded up to whole vectors (callers pad a partial last vector). <paramref name="rows"/> holds mr pointers.
    /// Tiles of fewer than 3 rows run row by row; 3 to 5 rows repeat row 0 in the unused slots and drop them.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Compute(float** rows, int mr, in ALayout a, float* b, nint ldb, float* c, nint ldc, int nc, in Epilogue e)
    {
        int lanes = TS.Lanes;
        float** r = stackalloc float*[MR];
        for (int i = 0; i < MR; i++)
        {
            r[i] = rows[i < mr ? i : 0];
        }

        for (int j = 0; j < nc;)
        {
            int rem = nc - j;
            int needed = (rem + lanes - 1) / lanes;
            int nv = needed >= 4 && MaxVectors == 4 ? 4 : needed >= 2 ? 2 : 1;
            int width = Math.Min(rem, nv * lanes);
            var ej = e;
            if (e.Bias != null)
            {
                ej.Bias = e.Bias + j;
            }

            float* cj = c + j * (e.ColumnStride == 0 ? 1 : e.ColumnStride);

            if (mr >= 3)
            {
                switch (nv)
                {
                    case 4: Tile6x4(r, a, b + j, ldb, cj, ldc, mr, width, ej); break;
                    case 2: Tile6x2(r, a, b + j, ldb, cj, ldc, mr, width, ej); break;
                    default: Tile6x1(r, a, b + j, ldb, cj, ldc, mr, width, ej); break;
                }
            }
            else
            {
                for (int i = 0; i < mr; i++)
                {
                    switch (nv)
                    {
                        case 4: Tile1x4(r[i], a, b + j, ldb, cj + i * ldc, width, ej); break;
                        case 2: Tile1x2(r[i], a, b + j, ldb, cj + i * ldc, width, ej); break;
                        default: Tile1x1(r[i], a, b + j, ldb, cj + i * ldc, width, ej); break;
                    }
                }
            }

            j += width;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreRow(float* c, int nc, TV v0, TV v1, TV v2, TV v3, int nv, in Epilogue e, float* temp)
    {
        int lanes = TS.Lanes;
        if (nc == nv * lanes && e.ColumnStride == 0)
        {
            Finish(c, v0, e, 0);
            if (nv >= 2)
            {
                Finish(c, v1, e, lanes);
            }

            if (nv == 4)
            {
                Finish(c, v2, e, 2 * lanes);
                Finish(c, v3, e, 3 * lanes);
            }

            return;
        }

        // Partial width or transposed store: spill the accumulators, then finish the valid columns one by one.
        TS.Store(temp, v0);
        if (nv >= 2)
        {
            TS.Store(temp + lanes, v1);
        }

        if (nv == 4)
        {
            TS.Store(temp + 2 * lanes, v2);
            TS.Store(temp + 3 * lanes, v3);
        }

        nint stride = e.ColumnStride == 0 ? 1 : e.ColumnStride;
        for (int j = 0; j < nc; j++)
        {
            float v = temp[j];
            float* cj = c + j * stride;
            if (e.Alpha != 1f)
            {
                v *= e.Alpha;
            }

            if (e.Beta != 0f)
            {
                v = MathF.FusedMultiplyAdd(e.Beta, *cj, v);
            }

            if (e.Bias != null)
            {
                v += e.Bias[j];
            }

            *cj = v;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Finish(float* c, TV v, in Epilogue e, int offset)
    {
        if (e.Alpha != 1f)
        {
            v = TS.Mul(v, TS.Splat(e.Alpha));
        }

        if (e.Beta != 0f)
        {
            v = TS.Fma(TS.Splat(e.Beta), TS.Load(c + offset), v);
        }

        if (e.Bias != null)
        {
            v = TS.Add(v, TS.Load(e.Bias + offset));
        }

        TS.Store(c + offset, v);
    }
}
