using System.Runtime.Intrinsics;
using MlNetCnn.Kernels.Fast;

namespace MlNetCnn.Kernels;

/// <summary>
/// The production kernels: SIMD (the widest of 512, 256 or 128-bit vectors the hardware accelerates) and multi-core
/// (a persistent worker pool, no allocation per call). Held to <see cref="ReferenceKernels"/> by tests.
/// </summary>
/// <remarks>
/// <para>
/// Matrix products and convolutions run on one register-blocked micro-kernel (6 rows x 64 columns of accumulators
/// with 512-bit vectors). Convolutions are implicit GEMMs that read image patches in place; the backward-data pass
/// is a GEMM against the transposed kernel followed by col2im, per image and per band of output rows.
/// </para>
/// <para>
/// Results are deterministic for a given thread count and vector width: work is cut into fixed tasks that the
/// threads claim dynamically (a late or busy thread just claims fewer), every output element is computed by exactly
/// one task in a fixed order whichever thread runs it, and reductions split over threads (small filter gradients,
/// bias gradients) use a fixed number of parts whose partial sums are added in part order. Sums
/// accumulate in float (the reference uses double), so results match the reference to about 1e-5 relative to the
/// magnitude of the terms summed.
/// </para>
/// <para>
/// An instance is not thread-safe: it owns its worker threads and scratch, so use it from one thread at a time
/// (overlapping calls may throw <see cref="InvalidOperationException"/>); one instance per process or per training
/// thread is the intended use, each worker pool costing Threads - 1 parked threads. The row-wise loss and accuracy
/// kernels on probabilities (a few hundred elements per batch) run the reference code. <see cref="Gemm"/>, which
/// has no workspace parameter, packs a transposed or ragged B into a buffer the instance owns and grows on demand.
/// Dispose the instance to stop its worker threads (they are background threads and never keep a process alive).
/// </para>
/// </remarks>
public sealed unsafe partial class FastKernels : IKernels, IDisposable
{
    private readonly WorkerPool _pool;
    private readonly ScratchBuffer _scratch = new();
    private readonly ReferenceKernels _reference = new();
    private readonly int _width;

    /// <summary>Creates the kernels with <paramref name="threads"/> threads (the calling thread included).</summary>
    /// <param name="threads">Threads per kernel call; 0 (the default) means <see cref="Environment.ProcessorCount"/>.</param>
    public FastKernels(int threads = 0)
        : this(threads == 0 ? Environment.ProcessorCount : threads, 0)
    {
    }

    /// <summary>Creates the kernels with a given vector width in bits (512, 256 or 128; 0 = the widest accelerated).</summary>
    internal FastKernels(int threads, int vectorBits)
    {
        if (threads < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(threads), threads, "The thread count must be at least 1.");
        }

        int widest = Vector512.IsHardwareAccelerated ? 512 : Vector256.IsHardwareAccelerated ? 256 : 128;
        _width = vectorBits switch
        {
            0 => widest,
            512 or 256 or 128 => Math.Min(vectorBits, widest),
            _ => throw new ArgumentOutOfRangeException(nameof(vectorBits), vectorBits, "Use 512, 256, 128 or 0."),
        };
        _pool = new WorkerPool(threads);
    }

    /// <inheritdoc/>
    public string Name => "fast";

    /// <summary>Threads each call uses, the calling thread included.</summary>
    public int Threads => _pool.Threads;

    /// <summary>The vector width in bits the kernels run with (512, 256 or 128).</summary>
    public int VectorBits => _width;

    /// <summary>Floats of padded images per chunk in convolutions that pad (tests lower it to exercise chunking).</summary>
    internal long PadChunkFloats { get; init; } = ConvPlan.DefaultPadChunkFloats;

    /// <summary>Bytes the worker threads have allocated so far (tests assert it stays flat after warm-up).</summary>
    internal long WorkerAllocatedBytes => _pool.WorkerAllocatedBytes;

    private int Lanes => _width / 32;

    /// <summary>Stops the worker threads.</summary>
    public void Dispose() => _pool.Dispose();

    /// <inheritdoc/>
    public void Gemm(bool transA, bool transB, int m, int n, int k, float alpha,
        ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb, float beta, Span<float> c, int ldc)
    {
        KernelChecks.Gemm(transA, transB, m, n, k, lda, ldb, ldc, a.Length, b.Length, c.Length);
        if (m == 0 || n == 0)
        {
            return;
        }

        fixed (float* pa = a, pb = b, pc = c)
        {
            switch (_width)
            {
                case 512: GemmDriver<Vector512<float>, V512>.Run(_pool, _scratch, transA, transB, m, n, k, alpha, pa, lda, pb, ldb, beta, pc, ldc); break;
                case 256: GemmDriver<Vector256<float>, V256>.Run(_pool, _scratch, transA, transB, m, n, k, alpha, pa, lda, pb, ldb, beta, pc, ldc); break;
                default: GemmDriver<Vector128<float>, V128>.Run(_pool, _scratch, transA, transB, m, n, k, alpha, pa, lda, pb, ldb, beta, pc, ldc); break;
            }
        }
    }

    /// <inheritdoc/>
    /// <remarks>
    /// The largest of what forward, backward-data and backward-filter need for this geometry on this instance
    /// (its thread count and vector width): a padded copy of at most ~4 MB of images when the geometry pads, the
    /// transposed kernel and one column band per thread for backward-data, per-thread partial gradients when the
    /// filter gradient has few rows, plus alignment slack.
    /// </remarks>
    public long Conv2DWorkspaceSize(in Conv2DGeometry g)
    {
        KernelChecks.Conv(g);
        return new ConvPlan(g, Lanes, Threads, MicroKernelRows, PadChunkFloats).WorkspaceFloats;
    }

    /// <inheritdoc/>
    public void Conv2DForward(in Conv2DGeometry g, ReadOnlySpan<float> input, ReadOnlySpan<float> kernel,
        ReadOnlySpan<float> bias, Span<float> output, Span<float> workspace)
    {
        KernelChecks.ConvSpans(g, input.Length, kernel.Length, output.Length);
        if (!bias.IsEmpty)
        {
            KernelChecks.Length(bias.Length, g.Filters, nameof(bias));
        }

        if (g.OutputLength == 0)
        {
            return;
        }

        fixed (float* pi = input, pk = kernel, pb = bias, po = output, pw = workspace)
        {
            switch (_width)
            {
                case 512: ConvDriver<Vector512<float>, V512>.Forward(_pool, g, PadChunkFloats, pi, pk, pb, po, pw, workspace.Length); break;
                case 256: ConvDriver<Vector256<float>, V256>.Forward(_pool, g, PadChunkFloats, pi, pk, pb, po, pw, workspace.Length); break;
                default: ConvDriver<Vector128<float>, V128>.Forward(_pool, g, PadChunkFloats, pi, pk, pb, po, pw, workspace.Length); break;
            }
        }
    }

    /// <inheritdoc/>
    public void Conv2DBackwardData(in Conv2DGeometry g, ReadOnlySpan<float> outputGrad, ReadOnlySpan<float> kernel,
        Span<float> inputGrad, Span<float> workspace)
    {
        KernelChecks.ConvSpans(g, inputGrad.Length, kernel.Length, outputGrad.Length);
        if (g.InputLength == 0)
        {
            return;
        }

        if (g.OutHeight == 0 || g.OutWidth == 0)
        {
            inputGrad[..(int)g.InputLength].Clear();
            return;
        }

        fixed (float* pd = outputGrad, pk = kernel, pi = inputGrad, pw = workspace)
        {
            switch (_width)
            {
                case 512: ConvDriver<Vector512<float>, V512>.Data(_pool, g, PadChunkFloats, pd, pk, pi, pw, workspace.Length); break;
                case 256: ConvDriver<Vector256<float>, V256>.Data(_pool, g, PadChunkFloats, pd, pk, pi, pw, workspace.Length); break;
                default: ConvDriver<Vector128<float>, V128>.Data(_pool, g, PadChunkFloats, pd, pk, pi, pw, workspace.Length); break;
            }
        }
    }

    /// <inheritdoc/>
    public void Conv2DBackwardFilter(in Conv2DGeometry g, ReadOnlySpan<float> input, ReadOnlySpan<float> outputGrad,
        Span<float> kernelGrad, Span<float> biasGrad, Span<float> workspace)
    {
        KernelChecks.ConvSpans(g, input.Length, kernelGrad.Length, outputGrad.Length);
        if (!biasGrad.IsEmpty)
        {
            KernelChecks.Length(biasGrad.Length, g.Filters, nameof(biasGrad));
        }

        if (g.OutputLength == 0)
        {
            kernelGrad[..(int)g.KernelLength].Clear();
            if (!biasGrad.IsEmpty)
            {
                biasGrad[..g.Filters].Clear();
            }

            return;
        }

        fixed (float* pi = input, pd = outputGrad, pk = kernelGrad, pw = workspace)
        {
            switch (_width)
            {
                case 512: ConvDriver<Vector512<float>, V512>.Filter(_pool, g, PadChunkFloats, pi, pd, pk, pw, workspace.Length); break;
                case 256: ConvDriver<Vector256<float>, V256>.Filter(_pool, g, PadChunkFloats, pi, pd, pk, pw, workspace.Length); break;
                default: ConvDriver<Vector128<float>, V128>.Filter(_pool, g, PadChunkFloats, pi, pd, pk, pw, workspace.Length); break;
            }
        }

        if (!biasGrad.IsEmpty)
        {
            BiasGrad((int)(g.OutputLength / g.Filters), g.Filters, outputGrad, biasGrad);
        }
    }

    /// <inheritdoc/>
    /// <remarks>Same tie and NaN rules as the reference (first maximum in window order; the first NaN wins).</remarks>
    public void MaxPoolForward(in PoolGeometry g, ReadOnlySpan<float> input, Span<float> output, Span<int> argmax)
    {
        KernelChecks.PoolSpans(g, input.Length, output.Length);
        KernelChecks.Length(argmax.Length, g.OutputLength, nameof(argmax));
        if ((long)g.PoolHeight * g.InWidth * g.Channels >= 1 << 24)
        {
            // Window offsets are tracked in float lanes, exact below 2^24; such huge windows take the reference path.
            _reference.MaxPoolForward(g, input, output, argmax);
            return;
        }

        fixed (float* pi = input, po = output)
        fixed (int* pa = argmax)
        {
            switch (_width)
            {
                case 512: PoolDriver<Vector512<float>, V512>.MaxForward(_pool, g, pi, po, pa); break;
                case 256: PoolDriver<Vector256<float>, V256>.MaxForward(_pool, g, pi, po, pa); break;
                default: PoolDriver<Vector128<float>, V128>.MaxForward(_pool, g, pi, po, pa); break;
            }
        }
    }

    /// <inheritdoc/>
    /// <remarks>
    /// <paramref name="argmax"/> must be what <see cref="MaxPoolForward"/> produced for this geometry. With
    /// non-overlapping windows (stride &gt;= window) each window's cells are written directly (dy where the argmax names
    /// the cell, else 0), so an index outside its window is ignored; with overlapping windows gradients are scattered
    /// and an index outside its image throws. -1 (an empty window) contributes nothing.
    /// </remarks>
    public void MaxPoolBackward(in PoolGeometry g, ReadOnlySpan<float> outputGrad, ReadOnlySpan<int> argmax, Span<float> inputGrad)
    {
        KernelChecks.PoolSpans(g, inputGrad.Length, outputGrad.Length);
        KernelChecks.Length(argmax.Length, g.OutputLength, nameof(argmax));
        fixed (float* pd = outputGrad, pi = inputGrad)
        fixed (int* pa = argmax)
        {
            switch (_width)
            {
                case 512: PoolDriver<Vector512<float>, V512>.MaxBackward(_pool, g, pd, pa, pi); break;
                case 256: PoolDriver<Vector256<float>, V256>.MaxBackward(_pool, g, pd, pa, pi); break;
                default: PoolDriver<Vector128<float>, V128>.MaxBackward(_pool, g, pd, pa, pi); break;
            }
        }
    }

    /// <inheritdoc/>
    public void AvgPoolForward(in PoolGeometry g, ReadOnlySpan<float> input, Span<float> output)
    {
        KernelChecks.PoolSpans(g, input.Length, output.Length);
        fixed (float* pi = input, po = output)
        {
            switch (_width)
            {
                case 512: PoolDriver<Vector512<float>, V512>.AvgForward(_pool, g, pi, po); break;
                case 256: PoolDriver<Vector256<float>, V256>.AvgForward(_pool, g, pi, po); break;
                default: PoolDriver<Vector128<float>, V128>.AvgForward(_pool, g, pi, po); break;
            }
        }
    }

    /// <inheritdoc/>
    public void AvgPoolBackward(in PoolGeometry g, ReadOnlySpan<float> outputGrad, Span<float> inputGrad)
    {
        KernelChecks.PoolSpans(g, inputGrad.Length, outputGrad.Length);
        fixed (float* pd = outputGrad, pi = inputGrad)
        {
            switch (_width)
            {
                case 512: PoolDriver<Vector512<float>, V512>.AvgBackward(_pool, g, pd, pi); break;
                case 256: PoolDriver<Vector256<float>, V256>.AvgBackward(_pool, g, pd, pi); break;
                default: PoolDriver<Vector128<float>, V128>.AvgBackward(_pool, g, pd, pi); break;
            }
        }
    }

    private static int MicroKernelRows => MicroKernel<Vector128<float>, V128>.MR;
}
