namespace MlNetCnn.Kernels;

/// <summary>
/// Argument checks shared by every <see cref="IKernels"/> implementation, so that both report a bad call the same way:
/// an <see cref="ArgumentException"/> that names the parameter, the length needed and the length given.
/// </summary>
internal static class KernelChecks
{
    public static void NonNegative(int value, string name)
    {
        if (value < 0)
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be >= 0.");
        }
    }

    public static void Positive(int value, string name)
    {
        if (value <= 0)
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be > 0.");
        }
    }

    public static void Length(int actual, long needed, string name)
    {
        if (actual < needed)
        {
            throw new ArgumentException($"{name} has {actual} elements; the call needs at least {needed}.", name);
        }
    }

    /// <summary>Elements a row-major (rows, cols) matrix with row stride <paramref name="ld"/> spans.</summary>
    public static long MatrixSpan(int rows, int cols, int ld)
        => rows == 0 || cols == 0 ? 0 : (long)(rows - 1) * ld + cols;

    public static void Gemm(bool transA, bool transB, int m, int n, int k, int lda, int ldb, int ldc,
        int aLength, int bLength, int cLength)
    {
        NonNegative(m, nameof(m));
        NonNegative(n, nameof(n));
        NonNegative(k, nameof(k));
        int aRows = transA ? k : m, aCols = transA ? m : k;
        int bRows = transB ? n : k, bCols = transB ? k : n;
        if (lda < Math.Max(1, aCols))
        {
            throw new ArgumentOutOfRangeException(nameof(lda), lda, $"lda must be >= {Math.Max(1, aCols)} (the stored row length of A, at least 1).");
        }

        if (ldb < Math.Max(1, bCols))
        {
            throw new ArgumentOutOfRangeException(nameof(ldb), ldb, $"ldb must be >= {Math.Max(1, bCols)} (the stored row length of B, at least 1).");
        }

        if (ldc < Math.Max(1, n))
        {
            throw new ArgumentOutOfRangeException(nameof(ldc), ldc, $"ldc must be >= {Math.Max(1, n)} (the row length of C, at least 1).");
        }

        if (m > 0 && n > 0)
        {
            Length(aLength, MatrixSpan(aRows, aCols, lda), "a");
            Length(bLength, MatrixSpan(bRows, bCols, ldb), "b");
        }

        Length(cLength, MatrixSpan(m, n, ldc), "c");
    }

    public static void Conv(in Conv2DGeometry g)
    {
        NonNegative(g.Batch, nameof(g.Batch));
        Positive(g.InHeight, nameof(g.InHeight));
        Positive(g.InWidth, nameof(g.InWidth));
        Positive(g.InChannels, nameof(g.InChannels));
        Positive(g.KernelHeight, nameof(g.KernelHeight));
        Positive(g.KernelWidth, nameof(g.KernelWidth));
        Positive(g.Filters, nameof(g.Filters));
        Positive(g.StrideH, nameof(g.StrideH));
        Positive(g.StrideW, nameof(g.StrideW));
        NonNegative(g.PadTop, nameof(g.PadTop));
        NonNegative(g.PadLeft, nameof(g.PadLeft));
        NonNegative(g.OutHeight, nameof(g.OutHeight));
        NonNegative(g.OutWidth, nameof(g.OutWidth));
    }

    public static void ConvSpans(in Conv2DGeometry g, int inputLength, int kernelLength, int outputLength)
    {
        Conv(g);
        Length(inputLength, g.InputLength, "input");
        Length(kernelLength, g.KernelLength, "kernel");
        Length(outputLength, g.OutputLength, "output");
    }

    public static void PoolSpans(in PoolGeometry g, int inputLength, int outputLength)
    {
        Pool(g);
        Length(inputLength, g.InputLength, "input");
        Length(outputLength, g.OutputLength, "output");
    }

    public static void Pool(in PoolGeometry g)
    {
        NonNegative(g.Batch, nameof(g.Batch));
        Positive(g.InHeight, nameof(g.InHeight));
        Positive(g.InWidth, nameof(g.InWidth));
        Positive(g.Channels, nameof(g.Channels));
        Positive(g.PoolHeight, nameof(g.PoolHeight));
        Positive(g.PoolWidth, nameof(g.PoolWidth));
        Positive(g.StrideH, nameof(g.StrideH));
        Positive(g.StrideW, nameof(g.StrideW));
        NonNegative(g.PadTop, nameof(g.PadTop));
        NonNegative(g.PadLeft, nameof(g.PadLeft));
        NonNegative(g.OutHeight, nameof(g.OutHeight));
        NonNegative(g.OutWidth, nameof(g.OutWidth));
    }

    public static void Matrix(int rows, int cols)
    {
        NonNegative(rows, nameof(rows));
        NonNegative(cols, nameof(cols));
    }

    public static void Label(int label, int row, int cols)
    {
        if ((uint)label >= (uint)cols)
        {
            throw new ArgumentOutOfRangeException(
                "labels", label, $"Row {row}: label {label} is outside the class range 0..{cols - 1}.");
        }
    }

    public static void Epsilon(float epsilon)
    {
        if (!(epsilon >= 0f && epsilon < 0.5f))
        {
            throw new ArgumentOutOfRangeException(nameof(epsilon), epsilon, "epsilon must be in [0, 0.5).");
        }
    }
}
