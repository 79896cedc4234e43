namespace MlNetCnn.Imaging;

/// <summary>Dequantization and 8x8 inverse DCT in 32-bit integer arithmetic, computing the same numbers as
/// libjpeg's accurate integer method (<c>JDCT_ISLOW</c>, the default of <c>djpeg</c>).</summary>
/// <remarks>
/// <para>
/// The 1-D transform is the Loeffler-Ligtenberg-Moschytz factorisation (12 multiplies, 32 adds) with constants
/// scaled by 2^13 (<c>CONST_BITS</c>). The column pass keeps 2 extra fractional bits (<c>PASS1_BITS</c>); the row
/// pass removes them together with the factor 8 of the 2-D normalisation. Every shift rounds to nearest
/// (adds half before an arithmetic right shift). Outputs get +128 and are clamped to 0..255.
/// </para>
/// <para>
/// Constant <c>C(x)</c> below is <c>round(x * 2^13)</c>: for example <c>0.541196100 = sqrt(2) * (c6)</c>, with
/// <c>ck = cos(k * pi / 16)</c>.
/// </para>
/// </remarks>
internal static class JpegIdct
{
    private const int ConstBits = 13;
    private const int Pass1Bits = 2;

    private const int Fix0298631336 = 2446;
    private const int Fix0390180644 = 3196;
    private const int Fix0541196100 = 4433;
    private const int Fix0765366865 = 6270;
    private const int Fix0899976223 = 7373;
    private const int Fix1175875602 = 9633;
    private const int Fix1501321110 = 12299;
    private const int Fix1847759065 = 15137;
    private const int Fix1961570560 = 16069;
    private const int Fix2053119869 = 16819;
    private const int Fix2562915447 = 20995;
    private const int Fix3072711026 = 25172;

    /// <summary>Transforms one block of quantized coefficients (natural order) into 8x8 samples written at
    /// <paramref name="output"/> with row pitch <paramref name="stride"/>.</summary>
    public static void Transform(ReadOnlySpan<short> block, ReadOnlySpan<ushort> quant, Span<byte> output, int stride)
    {
        Span<int> work = stackalloc int[64];

        // Pass 1: columns, from the coefficients into the work array (scaled up by 2^PASS1_BITS * sqrt(8)).
        for (int col = 0; col < 8; col++)
        {
            if (block[8 + col] == 0 && block[16 + col] == 0 && block[24 + col] == 0 && block[32 + col] == 0
                && block[40 + col] == 0 && block[48 + col] == 0 && block[56 + col] == 0)
            {
                int dc = block[col] * quant[col] << Pass1Bits;
                for (int row = 0; row < 8; row++)
                {
                    work[row * 8 + col] = dc;
                }

                continue;
            }

            Idct1D(
                block[col] * quant[col], block[8 + col] * quant[8 + col], block[16 + col] * quant[16 + col],
                block[24 + col] * quant[24 + col], block[32 + col] * quant[32 + col],
                block[40 + col] * quant[40 + col], block[48 + col] * quant[48 + col],
                block[56 + col] * quant[56 + col], work[col..], 8, ConstBits - Pass1Bits);
        }

        // Pass 2: rows, from the work array to samples; removes PASS1_BITS and the factor 8 (3 bits).
        Span<int> samples = stackalloc int[8];
        for (int row = 0; row < 8; row++)
        {
            Span<int> w = work.Slice(row * 8, 8);
            Span<byte> target = output.Slice(row * stride, 8);
            if (w[1] == 0 && w[2] == 0 && w[3] == 0 && w[4] == 0 && w[5] == 0 && w[6] == 0 && w[7] == 0)
            {
                byte value = Clamp(Descale(w[0], Pass1Bits + 3) + 128);
                target.Fill(value);
                continue;
            }

            Idct1D(w[0], w[1], w[2], w[3], w[4], w[5], w[6], w[7], samples, 1, ConstBits + Pass1Bits + 3);
            for (int i = 0; i < 8; i++)
            {
                target[i] = Clamp(samples[i] + 128);
            }
        }
    }

    /// <summary>One 8-point inverse DCT; results go to <c>output[i * step]</c>, descaled by
    /// <paramref name="shift"/> bits.</summary>
    private static void Idct1D(
        int in0, int in1, int in2, int in3, int in4, int in5, int in6, int in7, Span<int> output, int step, int shift)
    {
        // Even part: the rotator is sqrt(2) * c6.
        int z1 = (in2 + in6) * Fix0541196100;
        int tmp2 = z1 - in6 * Fix1847759065;
        int tmp3 = z1 + in2 * Fix0765366865;
        int tmp0 = (in0 + in4) << ConstBits;
        int tmp1 = (in0 - in4) << ConstBits;
        int tmp10 = tmp0 + tmp3;
        int tmp13 = tmp0 - tmp3;
        int tmp11 = tmp1 + tmp2;
        int tmp12 = tmp1 - tmp2;

        // Odd part.
        tmp0 = in7;
        tmp1 = in5;
        tmp2 = in3;
        tmp3 = in1;
        z1 = tmp0 + tmp3;
        int z2 = tmp1 + tmp2;
        int z3 = tmp0 + tmp2;
        int z4 = tmp1 + tmp3;
        int z5 = (z3 + z4) * Fix1175875602;
        tmp0 *= Fix0298631336;
        tmp1 *= Fix2053119869;
        tmp2 *= Fix3072711026;
        tmp3 *= Fix1501321110;
        z1 *= -Fix0899976223;
        z2 *= -Fix2562915447;
        z3 = z3 * -Fix1961570560 + z5;
        z4 = z4 * -Fix0390180644 + z5;
        tmp0 += z1 + z3;
        tmp1 += z2 + z4;
        tmp2 += z2 + z3;
        tmp3 += z1 + z4;

        output[0] = Descale(tmp10 + tmp3, shift);
        output[7 * step] = Descale(tmp10 - tmp3, shift);
        output[1 * step] = Descale(tmp11 + tmp2, shift);
        output[6 * step] = Descale(tmp11 - tmp2, shift);
        output[2 * step] = Descale(tmp12 + tmp1, shift);
        output[5 * step] = Descale(tmp12 - tmp1, shift);
        output[3 * step] = Descale(tmp13 + tmp0, shift);
        output[4 * step] = Descale(tmp13 - tmp0, shift);
    }

    private static int Descale(int x, int n) => (x + (1 << (n - 1))) >> n;

    private static byte Clamp(int x) => (byte)Math.Clamp(x, 0, 255);
}
