namespace MlNetCnn.Imaging;

/// <summary>YCbCr to RGB with libjpeg's fixed-point tables (16 fractional bits), so results equal <c>djpeg</c>'s.
/// </summary>
/// <remarks>
/// With <c>cb = Cb - 128</c> and <c>cr = Cr - 128</c> (JFIF / ITU-R BT.601 full range):
/// <c>R = Y + 1.40200 cr</c>, <c>G = Y - 0.34414 cb - 0.71414 cr</c>, <c>B = Y + 1.77200 cb</c>. Each product uses
/// the constant rounded to 16 fractional bits and is rounded to the nearest integer (for G, the sum of both products
/// is rounded once); results are clamped to 0..255.
/// </remarks>
internal static class JpegColorConverter
{
    private const int ScaleBits = 16;
    private const int OneHalf = 1 << (ScaleBits - 1);

    private static readonly int[] CrToR = new int[256];
    private static readonly int[] CbToB = new int[256];
    private static readonly int[] CrToG = new int[256];
    private static readonly int[] CbToG = new int[256];

    static JpegColorConverter()
    {
        for (int i = 0; i < 256; i++)
        {
            int x = i - 128;
            CrToR[i] = (Fix(1.40200) * x + OneHalf) >> ScaleBits;
            CbToB[i] = (Fix(1.77200) * x + OneHalf) >> ScaleBits;
            CrToG[i] = -Fix(0.71414) * x;
            CbToG[i] = -Fix(0.34414) * x + OneHalf;
        }
    }

    public static void YCbCrToRgb(byte[] y, byte[] cb, byte[] cr, byte[] rgb)
    {
        for (int i = 0, o = 0; i < y.Length; i++, o += 3)
        {
            int luma = y[i];
            int blue = cb[i];
            int red = cr[i];
            rgb[o] = Clamp(luma + CrToR[red]);
            rgb[o + 1] = Clamp(luma + ((CbToG[blue] + CrToG[red]) >> ScaleBits));
            rgb[o + 2] = Clamp(luma + CbToB[blue]);
        }
    }

    public static void Interleave(byte[] r, byte[] g, byte[] b, byte[] rgb)
    {
        for (int i = 0, o = 0; i < r.Length; i++, o += 3)
        {
            rgb[o] = r[i];
            rgb[o + 1] = g[i];
            rgb[o + 2] = b[i];
        }
    }

    private static int Fix(double x) => (int)(x * (1L << ScaleBits) + 0.5);

    private static byte Clamp(int x) => (byte)Math.Clamp(x, 0, 255);
}
