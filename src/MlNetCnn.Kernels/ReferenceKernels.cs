namespace MlNetCnn.Kernels;

/// <summary>
/// The specification of every kernel: plain scalar loops, single-threaded, written to be obviously correct rather
/// than fast. The fast implementation is tested against it.
/// </summary>
/// <remarks>
/// Sums (matrix products, convolutions, reductions, losses) accumulate in <see cref="double"/> and round to float
/// once at the end, so the reference is a good approximation of the exact result; faster kernels accumulate in float
/// and are held to it with a relative tolerance. The reference needs no workspace
/// (<see cref="Conv2DWorkspaceSize"/> is 0) and allocates nothing.
/// </remarks>
public sealed partial class ReferenceKernels : IKernels
{
    /// <inheritdoc/>
    public string Name => "reference";

    /// <inheritdoc/>
    /// <remarks>
    /// C[i, j] = alpha * sum over p of opA[i, p] * opB[p, j] + beta * C[i, j], where opA[i, p] = A[i*lda + p]
    /// (or A[p*lda + i] when transposed) and opB[p, j] = B[p*ldb + j] (or B[j*ldb + p]). With k = 0 the sum is 0.
    /// With beta = 0 the old C is not read.
    /// </remarks>
    public void Gemm(bool transA, bool transB, int m, int n, int k, float alpha,
        ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb, float beta, Span<float> c, int ldc)
    {
        KernelChecks.Gemm(transA, transB, m, n, k, lda, ldb, ldc, a.Length, b.Length, c.Length);
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < n; j++)
            {
                double sum = 0;
                for (int p = 0; p < k; p++)
                {
                    float av = transA ? a[p * lda + i] : a[i * lda + p];
                    float bv = transB ? b[j * ldb + p] : b[p * ldb + j];
                    sum += (double)av * bv;
                }

                double old = beta == 0f ? 0.0 : (double)beta * c[i * ldc + j];
                c[i * ldc + j] = (float)(alpha * sum + old);
            }
        }
    }

    /// <inheritdoc/>
    public long Conv2DWorkspaceSize(in Conv2DGeometry g) => 0;

    /// <inheritdoc/>
    public void Conv2DForward(in Conv2DGeometry g, ReadOnlySpan<float> input, ReadOnlySpan<float> kernel,
        ReadOnlySpan<float> bias, Span<float> output, Span<float> workspace)
    {
        CheckConv(g, input.Length, kernel.Length, output.Length);
        if (!bias.IsEmpty)
        {
            KernelChecks.Length(bias.Length, g.Filters, nameof(bias));
        }

        int h = g.InHeight, w = g.InWidth, ch = g.InChannels, f = g.Filters;
        for (int n = 0; n < g.Batch; n++)
        {
            for (int oy = 0; oy < g.OutHeight; oy++)
            {
                for (int ox = 0; ox < g.OutWidth; ox++)
                {
                    for (int fi = 0; fi < f; fi++)
                    {
                        double sum = bias.IsEmpty ? 0.0 : bias[fi];
                        for (int ky = 0; ky < g.KernelHeight; ky++)
                        {
                            int iy = oy * g.StrideH + ky - g.PadTop;
                            if (iy < 0 || iy >= h)
                            {
                                continue;
                            }

                            for (int kx = 0; kx < g.KernelWidth; kx++)
                            {
                                int ix = ox * g.StrideW + kx - g.PadLeft;
                                if (ix < 0 || ix >= w)
                                {
                                    continue;
                                }

                                for (int c = 0; c < ch; c++)
                                {
                                    sum += (double)input[((n * h + iy) * w + ix) * ch + c]
                                        * kernel[((ky * g.KernelWidth + kx) * ch + c) * f + fi];
                                }
                            }
                        }

                        output[((n * g.OutHeight + oy) * g.OutWidth + ox) * f + fi] = (float)sum;
                    }
                }
            }
        }
    }

    /// <inheritdoc/>
    /// <remarks>
    /// dInput[n, iy, ix, c] = sum over (ky, kx, f) of dOutput[n, oy, ox, f] * kernel[ky, kx, c, f] over the output
    /// positions with oy*StrideH + ky - PadTop = iy and ox*StrideW + kx - PadLeft = ix. Input cells no output reads
    /// get 0.
    /// </remarks>
    public void Conv2DBackwardData(in Conv2DGeometry g, ReadOnlySpan<float> outputGrad, ReadOnlySpan<float> kernel,
        Span<float> inputGrad, Span<float> workspace)
    {
        CheckConv(g, inputGrad.Length, kernel.Length, outputGrad.Length);
        int h = g.InHeight, w = g.InWidth, ch = g.InChannels, f = g.Filters;
        for (int n = 0; n < g.Batch; n++)
        {
            for (int iy = 0; iy < h; iy++)
            {
                for (int ix = 0; ix < w; ix++)
                {
                    for (int c = 0; c < ch; c++)
                    {
                        double sum = 0;
                        for (int ky = 0; ky < g.KernelHeight; ky++)
                        {
                            int ty = iy + g.PadTop - ky;
                            if (ty < 0 || ty % g.StrideH != 0 || ty / g.StrideH >= g.OutHeight)
                            {
                                continue;
                            }

                            int oy = ty / g.StrideH;
                            for (int kx = 0; kx < g.KernelWidth; kx++)
                            {
                                int tx = ix + g.PadLeft - kx;
                                if (tx < 0 || tx % g.StrideW != 0 || tx / g.StrideW >= g.OutWidth)
                                {
                                    continue;
                                }

                                int ox = tx / g.StrideW;
                                for (int fi = 0; fi < f; fi++)
                                {
                                    sum += (double)outputGrad[((n * g.OutHeight + oy) * g.OutWidth + ox) * f + fi]
                                        * kernel[((ky * g.KernelWidth + kx) * ch + c) * f + fi];
                                }
                            }
                        }

                        inputGrad[((n * h + iy) * w + ix) * ch + c] = (float)sum;
                    }
                }
            }
        }
    }

    /// <inheritdoc/>
    public void Conv2DBackwardFilter(in Conv2DGeometry g, ReadOnlySpan<float> input, ReadOnlySpan<float> outputGrad,
        Span<float> kernelGrad, Span<float> biasGrad, Span<float> workspace)
    {
        CheckConv(g, input.Length, kernelGrad.Length, outputGrad.Length);
        if (!biasGrad.IsEmpty)
        {
            KernelChecks.Length(biasGrad.Length, g.Filters, nameof(biasGrad));
        }

        int h = g.InHeight, w = g.InWidth, ch = g.InChannels, f = g.Filters;
        for (int ky = 0; ky < g.KernelHeight; ky++)
        {
            for (int kx = 0; kx < g.KernelWidth; kx++)
            {
                for (int c = 0; c < ch; c++)
                {
                    for (int fi = 0; fi < f; fi++)
                    {
                        double sum = 0;
                        for (int n = 0; n < g.Batch; n++)
                        {
                            for (int oy = 0; oy < g.OutHeight; oy++)
                            {
                                int iy = oy * g.StrideH + ky - g.PadTop;
                                if (iy < 0 || iy >= h)
                                {
                                    continue;
                                }

                                for (int ox = 0; ox < g.OutWidth; ox++)
                                {
                                    int ix = ox * g.StrideW + kx - g.PadLeft;
                                    if (ix < 0 || ix >= w)
                                    {
                                        continue;
                                    }

                                    sum += (double)input[((n * h + iy) * w + ix) * ch + c]
                                        * outputGrad[((n * g.OutHeight + oy) * g.OutWidth + ox) * f + fi];
                                }
                            }
                        }

                        kernelGrad[((ky * g.KernelWidth + kx) * ch + c) * f + fi] = (float)sum;
                    }
                }
            }
        }

        if (!biasGrad.IsEmpty)
        {
            BiasGrad(g.Batch * g.OutHeight * g.OutWidth, f, outputGrad, biasGrad);
        }
    }

    /// <inheritdoc/>
    /// <remarks>
    /// Window cells are visited in row-major order; a cell replaces the current best when it is NaN or strictly
    /// greater, and once a NaN is chosen the window's answer is fixed, so the output is the first maximum or the first
    /// NaN. A window with no in-bounds cell (only possible with padding at least as large as the window) outputs 0
    /// with argmax -1, which <see cref="MaxPoolBackward"/> skips.
    /// </remarks>
    public void MaxPoolForward(in PoolGeometry g, ReadOnlySpan<float> input, Span<float> output, Span<int> argmax)
    {
        CheckPool(g, input.Length, output.Length);
        KernelChecks.Length(argmax.Length, g.OutputLength, nameof(argmax));
        int ch = g.Channels;
        for (int n = 0; n < g.Batch; n++)
        {
            for (int oy = 0; oy < g.OutHeight; oy++)
            {
                for (int ox = 0; ox < g.OutWidth; ox++)
                {
                    for (int c = 0; c < ch; c++)
                    {
                        float best = 0f;
                        int bestIndex = -1;
                        for (int py = 0; py < g.PoolHeight; py++)
                        {
                            int iy = oy * g.StrideH + py - g.PadTop;
                            for (int px = 0; px < g.PoolWidth; px++)
                            {
                                int ix = ox * g.StrideW + px - g.PadLeft;
                                if (iy < 0 || iy >= g.InHeight || ix < 0 || ix >= g.InWidth)
                                {
                                    continue;
                                }

                                int index = ((n * g.InHeight + iy) * g.InWidth + ix) * ch + c;
                                float v = input[index];
                                bool bestIsNaN = bestIndex >= 0 && float.IsNaN(best);
                                if (bestIndex < 0 || (!bestIsNaN && (float.IsNaN(v) || v > best)))
                                {
                                    best = v;
                                    bestIndex = index;
                                }
                            }
                        }

                        int o = ((n * g.OutHeight + oy) * g.OutWidth + ox) * ch + c;
                        output[o] = best;
                        argmax[o] = bestIndex;
                    }
                }
            }
        }
    }

    /// <inheritdoc/>
    public void MaxPoolBackward(in PoolGeometry g, ReadOnlySpan<float> outputGrad, ReadOnlySpan<int> argmax, Span<float> inputGrad)
    {
        CheckPool(g, inputGrad.Length, outputGrad.Length);
        KernelChecks.Length(argmax.Length, g.OutputLength, nameof(argmax));
        long inLength = g.InputLength, outLength = g.OutputLength;
        inputGrad[..(int)inLength].Clear();
        for (int i = 0; i < outLength; i++)
        {
            int index = argmax[i];
            if (index < 0)
            {
                continue;
            }

            if (index >= inLength)
            {
                throw new ArgumentException($"argmax[{i}] = {index} is outside the input (length {inLength}).", nameof(argmax));
            }

            inputGrad[index] += outputGrad[i];
        }
    }

    /// <inheritdoc/>
    /// <remarks>A window with no in-bounds cell outputs 0.</remarks>
    public void AvgPoolForward(in PoolGeometry g, ReadOnlySpan<float> input, Span<float> output)
    {
        CheckPool(g, input.Length, output.Length);
        int ch = g.Channels;
        for (int n = 0; n < g.Batch; n++)
        {
            for (int oy = 0; oy < g.OutHeight; oy++)
            {
                for (int ox = 0; ox < g.OutWidth; ox++)
                {
                    for (int c = 0; c < ch; c++)
                    {
                        double sum = 0;
                        int count = 0;
                        for (int py = 0; py < g.PoolHeight; py++)
                        {
                            int iy = oy * g.StrideH + py - g.PadTop;
                            for (int px = 0; px < g.PoolWidth; px++)
                            {
                                int ix = ox * g.StrideW + px - g.PadLeft;
                                if (iy >= 0 && iy < g.InHeight && ix >= 0 && ix < g.InWidth)
                                {
                                    sum += input[((n * g.InHeight + iy) * g.InWidth + ix) * ch + c];
                                    count++;
                                }
                            }
                        }

                        output[((n * g.OutHeight + oy) * g.OutWidth + ox) * ch + c] = count == 0 ? 0f : (float)(sum / count);
                    }
                }
            }
        }
    }

    /// <inheritdoc/>
    public void AvgPoolBackward(in PoolGeometry g, ReadOnlySpan<float> outputGrad, Span<float> inputGrad)
    {
        CheckPool(g, inputGrad.Length, outputGrad.Length);
        int ch = g.Channels;
        inputGrad[..(int)g.InputLength].Clear();
        for (int n = 0; n < g.Batch; n++)
        {
            for (int oy = 0; oy < g.OutHeight; oy++)
            {
                for (int ox = 0; ox < g.OutWidth; ox++)
                {
                    int y0 = Math.Max(oy * g.StrideH - g.PadTop, 0), y1 = Math.Min(oy * g.StrideH - g.PadTop + g.PoolHeight, g.InHeight);
                    int x0 = Math.Max(ox * g.StrideW - g.PadLeft, 0), x1 = Math.Min(ox * g.StrideW - g.PadLeft + g.PoolWidth, g.InWidth);
                    int count = Math.Max(y1 - y0, 0) * Math.Max(x1 - x0, 0);
                    if (count == 0)
                    {
                        continue;
                    }

                    for (int c = 0; c < ch; c++)
                    {
                        float share = outputGrad[((n * g.OutHeight + oy) * g.OutWidth + ox) * ch + c] / count;
                        for (int iy = y0; iy < y1; iy++)
                        {
                            for (int ix = x0; ix < x1; ix++)
                            {
                                inputGrad[((n * g.InHeight + iy) * g.InWidth + ix) * ch + c] += share;
                            }
                        }
                    }
                }
            }
        }
    }

    private static void CheckConv(in Conv2DGeometry g, int inputLength, int kernelLength, int outputLength)
        => KernelChecks.ConvSpans(g, inputLength, kernelLength, outputLength);

    private static void CheckPool(in PoolGeometry g, int inputLength, int outputLength)
        => KernelChecks.PoolSpans(g, inputLength, outputLength);
}
