using System.Runtime.CompilerServices;

namespace MlNetCnn.Kernels.Fast;

/// <summary>The register tiles: 6 rows (or 1 row) x 4, 2 or 1 vectors; 6 x 4 keeps 24 accumulators in registers.</summary>
internal static unsafe partial class MicroKernel<TV, TS>
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Tile6x4(float** rows, in ALayout a, float* b, nint ldb, float* c, nint ldc, int mr, int nc, in Epilogue e)
    {
        int lanes = TS.Lanes;
        TV c00 = TS.Zero, c01 = TS.Zero, c02 = TS.Zero, c03 = TS.Zero;
        TV c10 = TS.Zero, c11 = TS.Zero, c12 = TS.Zero, c13 = TS.Zero;
        TV c20 = TS.Zero, c21 = TS.Zero, c22 = TS.Zero, c23 = TS.Zero;
        TV c30 = TS.Zero, c31 = TS.Zero, c32 = TS.Zero, c33 = TS.Zero;
        TV c40 = TS.Zero, c41 = TS.Zero, c42 = TS.Zero, c43 = TS.Zero;
        TV c50 = TS.Zero, c51 = TS.Zero, c52 = TS.Zero, c53 = TS.Zero;
        float* r0 = rows[0], r1 = rows[1], r2 = rows[2], r3 = rows[3], r4 = rows[4], r5 = rows[5];
        float* bp = b;
        nint inner = a.Inner;
        for (int s = 0; s < a.SegCount; s++)
        {
            nint o = a.SegBase[s];
            for (int q = a.SegLen; q > 0; q--)
            {
                TV b0 = TS.Load(bp), b1 = TS.Load(bp + lanes), b2 = TS.Load(bp + 2 * lanes), b3 = TS.Load(bp + 3 * lanes);
                TV x0 = TS.Splat(r0[o]);
                c00 = TS.Fma(x0, b0, c00);
                c01 = TS.Fma(x0, b1, c01);
                c02 = TS.Fma(x0, b2, c02);
                c03 = TS.Fma(x0, b3, c03);
                TV x1 = TS.Splat(r1[o]);
                c10 = TS.Fma(x1, b0, c10);
                c11 = TS.Fma(x1, b1, c11);
                c12 = TS.Fma(x1, b2, c12);
                c13 = TS.Fma(x1, b3, c13);
                TV x2 = TS.Splat(r2[o]);
                c20 = TS.Fma(x2, b0, c20);
                c21 = TS.Fma(x2, b1, c21);
                c22 = TS.Fma(x2, b2, c22);
                c23 = TS.Fma(x2, b3, c23);
                TV x3 = TS.Splat(r3[o]);
                c30 = TS.Fma(x3, b0, c30);
                c31 = TS.Fma(x3, b1, c31);
                c32 = TS.Fma(x3, b2, c32);
                c33 = TS.Fma(x3, b3, c33);
                TV x4 = TS.Splat(r4[o]);
                c40 = TS.Fma(x4, b0, c40);
                c41 = TS.Fma(x4, b1, c41);
                c42 = TS.Fma(x4, b2, c42);
                c43 = TS.Fma(x4, b3, c43);
                TV x5 = TS.Splat(r5[o]);
                c50 = TS.Fma(x5, b0, c50);
                c51 = TS.Fma(x5, b1, c51);
                c52 = TS.Fma(x5, b2, c52);
                c53 = TS.Fma(x5, b3, c53);
                o += inner;
                bp += ldb;
            }
        }

        float* temp = stackalloc float[4 * 16];
        StoreRow(c, nc, c00, c01, c02, c03, 4, e, temp);
        if (mr > 1)
        {
            StoreRow(c + 1 * ldc, nc, c10, c11, c12, c13, 4, e, temp);
        }

        if (mr > 2)
        {
            StoreRow(c + 2 * ldc, nc, c20, c21, c22, c23, 4, e, temp);
        }

        if (mr > 3)
        {
            StoreRow(c + 3 * ldc, nc, c30, c31, c32, c33, 4, e, temp);
        }

        if (mr > 4)
        {
            StoreRow(c + 4 * ldc, nc, c40, c41, c42, c43, 4, e, temp);
        }

        if (mr > 5)
        {
            StoreRow(c + 5 * ldc, nc, c50, c51, c52, c53, 4, e, temp);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Tile6x2(float** rows, in ALayout a, float* b, nint ldb, float* c, nint ldc, int mr, int nc, in Epilogue e)
    {
        int lanes = TS.Lanes;
        TV c00 = TS.Zero, c01 = TS.Zero;
        TV c10 = TS.Zero, c11 = TS.Zero;
        TV c20 = TS.Zero, c21 = TS.Zero;
        TV c30 = TS.Zero, c31 = TS.Zero;
        TV c40 = TS.Zero, c41 = TS.Zero;
        TV c50 = TS.Zero, c51 = TS.Zero;
        float* r0 = rows[0], r1 = rows[1], r2 = rows[2], r3 = rows[3], r4 = rows[4], r5 = rows[5];
        float* bp = b;
        nint inner = a.Inner;
        for (int s = 0; s < a.SegCount; s++)
        {
            nint o = a.SegBase[s];
            for (int q = a.SegLen; q > 0; q--)
            {
                TV b0 = TS.Load(bp), b1 = TS.Load(bp + lanes);
                TV x0 = TS.Splat(r0[o]);
                c00 = TS.Fma(x0, b0, c00);
                c01 = TS.Fma(x0, b1, c01);
                TV x1 = TS.Splat(r1[o]);
                c10 = TS.Fma(x1, b0, c10);
                c11 = TS.Fma(x1, b1, c11);
                TV x2 = TS.Splat(r2[o]);
                c20 = TS.Fma(x2, b0, c20);
                c21 = TS.Fma(x2, b1, c21);
                TV x3 = TS.Splat(r3[o]);
                c30 = TS.Fma(x3, b0, c30);
                c31 = TS.Fma(x3, b1, c31);
                TV x4 = TS.Splat(r4[o]);
                c40 = TS.Fma(x4, b0, c40);
                c41 = TS.Fma(x4, b1, c41);
                TV x5 = TS.Splat(r5[o]);
                c50 = TS.Fma(x5, b0, c50);
                c51 = TS.Fma(x5, b1, c51);
                o += inner;
                bp += ldb;
            }
        }

        float* temp = stackalloc float[2 * 16];
        StoreRow(c, nc, c00, c01, TS.Zero, TS.Zero, 2, e, temp);
        if (mr > 1)
        {
            StoreRow(c + 1 * ldc, nc, c10, c11, TS.Zero, TS.Zero, 2, e, temp);
        }

        if (mr > 2)
        {
            StoreRow(c + 2 * ldc, nc, c20, c21, TS.Zero, TS.Zero, 2, e, temp);
        }

        if (mr > 3)
        {
            StoreRow(c + 3 * ldc, nc, c30, c31, TS.Zero, TS.Zero, 2, e, temp);
        }

        if (mr > 4)
        {
            StoreRow(c + 4 * ldc, nc, c40, c41, TS.Zero, TS.Zero, 2, e, temp);
        }

        if (mr > 5)
        {
            StoreRow(c + 5 * ldc, nc, c50, c51, TS.Zero, TS.Zero, 2, e, temp);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Tile6x1(float** rows, in ALayout a, float* b, nint ldb, float* c, nint ldc, int mr, int nc, in Epilogue e)
    {
        int lanes = TS.Lanes;
        TV c00 = TS.Zero;
        TV c10 = TS.Zero;
        TV c20 = TS.Zero;
        TV c30 = TS.Zero;
        TV c40 = TS.Zero;
        TV c50 = TS.Zero;
        float* r0 = rows[0], r1 = rows[1], r2 = rows[2], r3 = rows[3], r4 = rows[4], r5 = rows[5];
        float* bp = b;
        nint inner = a.Inner;
        for (int s = 0; s < a.SegCount; s++)
        {
            nint o = a.SegBase[s];
            for (int q = a.SegLen; q > 0; q--)
            {
                TV b0 = TS.Load(bp);
                TV x0 = TS.Splat(r0[o]);
                c00 = TS.Fma(x0, b0, c00);
                TV x1 = TS.Splat(r1[o]);
                c10 = TS.Fma(x1, b0, c10);
                TV x2 = TS.Splat(r2[o]);
                c20 = TS.Fma(x2, b0, c20);
                TV x3 = TS.Splat(r3[o]);
                c30 = TS.Fma(x3, b0, c30);
                TV x4 = TS.Splat(r4[o]);
                c40 = TS.Fma(x4, b0, c40);
                TV x5 = TS.Splat(r5[o]);
                c50 = TS.Fma(x5, b0, c50);
                o += inner;
                bp += ldb;
            }
        }

        float* temp = stackalloc float[1 * 16];
        StoreRow(c, nc, c00, TS.Zero, TS.Zero, TS.Zero, 1, e, temp);
        if (mr > 1)
        {
            StoreRow(c + 1 * ldc, nc, c10, TS.Zero, TS.Zero, TS.Zero, 1, e, temp);
        }

        if (mr > 2)
        {
            StoreRow(c + 2 * ldc, nc, c20, TS.Zero, TS.Zero, TS.Zero, 1, e, temp);
        }

        if (mr > 3)
        {
            StoreRow(c + 3 * ldc, nc, c30, TS.Zero, TS.Zero, TS.Zero, 1, e, temp);
        }

        if (mr > 4)
        {
            StoreRow(c + 4 * ldc, nc, c40, TS.Zero, TS.Zero, TS.Zero, 1, e, temp);
        }

        if (mr > 5)
        {
            StoreRow(c + 5 * ldc, nc, c50, TS.Zero, TS.Zero, TS.Zero, 1, e, temp);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Tile1x4(float* r0, in ALayout a, float* b, nint ldb, float* c, int nc, in Epilogue e)
    {
        int lanes = TS.Lanes;
        TV c00 = TS.Zero, c01 = TS.Zero, c02 = TS.Zero, c03 = TS.Zero;
        float* bp = b;
        nint inner = a.Inner;
        for (int s = 0; s < a.SegCount; s++)
        {
            nint o = a.SegBase[s];
            for (int q = a.SegLen; q > 0; q--)
            {
                TV x0 = TS.Splat(r0[o]);
                c00 = TS.Fma(x0, TS.Load(bp), c00);
                c01 = TS.Fma(x0, TS.Load(bp + lanes), c01);
                c02 = TS.Fma(x0, TS.Load(bp + 2 * lanes), c02);
                c03 = TS.Fma(x0, TS.Load(bp + 3 * lanes), c03);
                o += inner;
                bp += ldb;
            }
        }

        float* temp = stackalloc float[4 * 16];
        StoreRow(c, nc, c00, c01, c02, c03, 4, e, temp);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Tile1x2(float* r0, in ALayout a, float* b, nint ldb, float* c, int nc, in Epilogue e)
    {
        int lanes = TS.Lanes;
        TV c00 = TS.Zero, c01 = TS.Zero;
        float* bp = b;
        nint inner = a.Inner;
        for (int s = 0; s < a.SegCount; s++)
        {
            nint o = a.SegBase[s];
            for (int q = a.SegLen; q > 0; q--)
            {
                TV x0 = TS.Splat(r0[o]);
                c00 = TS.Fma(x0, TS.Load(bp), c00);
                c01 = TS.Fma(x0, TS.Load(bp + lanes), c01);
                o += inner;
                bp += ldb;
            }
        }

        float* temp = stackalloc float[2 * 16];
        StoreRow(c, nc, c00, c01, TS.Zero, TS.Zero, 2, e, temp);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Tile1x1(float* r0, in ALayout a, float* b, nint ldb, float* c, int nc, in Epilogue e)
    {
        int lanes = TS.Lanes;
        TV c00 = TS.Zero;
        float* bp = b;
        nint inner = a.Inner;
        for (int s = 0; s < a.SegCount; s++)
        {
            nint o = a.SegBase[s];
            for (int q = a.SegLen; q > 0; q--)
            {
                TV x0 = TS.Splat(r0[o]);
                c00 = TS.Fma(x0, TS.Load(bp), c00);
                o += inner;
                bp += ldb;
            }
        }

        float* temp = stackalloc float[1 * 16];
        StoreRow(c, nc, c00, TS.Zero, TS.Zero, TS.Zero, 1, e, temp);
    }
}
