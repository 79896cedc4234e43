namespace MlNetCnn.Imaging;

/// <summary>The five PNG row filters (None, Sub, Up, Average, Paeth), in both directions.</summary>
/// <remarks>
/// For byte <c>i</c> of a row, <c>a</c> is the byte <c>stride</c> positions to the left (0 before the row start),
/// <c>b</c> the byte above (0 on the first row) and <c>c</c> the byte above-left. Filtering stores
/// <c>x - predictor</c> modulo 256; unfiltering adds the predictor back. Predictors: None 0, Sub a, Up b,
/// Average floor((a + b) / 2), Paeth the one of a, b, c closest to <c>a + b - c</c> (ties prefer a, then b).
/// </remarks>
internal static class PngFilters
{
    public const int None = 0;
    public const int Sub = 1;
    public const int Up = 2;
    public const int Average = 3;
    public const int Paeth = 4;

    /// <summary>Reverses filter <paramref name="type"/> in place. <paramref name="previous"/> is the unfiltered
    /// row above, all zeros for the first row of a pass. Returns false for an unknown filter type.</summary>
    public static bool Unfilter(int type, Span<byte> row, ReadOnlySpan<byte> previous, int stride)
    {
        switch (type)
        {
            case None:
                return true;
            case Sub:
                for (int i = stride; i < row.Length; i++)
                {
                    row[i] += row[i - stride];
                }

                return true;
            case Up:
                for (int i = 0; i < row.Length; i++)
                {
                    row[i] += previous[i];
                }

                return true;
            case Average:
                for (int i = 0; i < stride && i < row.Length; i++)
                {
                    row[i] += (byte)(previous[i] >> 1);
                }

                for (int i = stride; i < row.Length; i++)
                {
                    row[i] += (byte)((row[i - stride] + previous[i]) >> 1);
                }

                return true;
            case Paeth:
                for (int i = 0; i < stride && i < row.Length; i++)
                {
                    row[i] += previous[i];
                }

                for (int i = stride; i < row.Length; i++)
                {
                    row[i] += PaethPredictor(row[i - stride], previous[i], previous[i - stride]);
                }

                return true;
            default:
                return false;
        }
    }

    /// <summary>Writes filter <paramref name="type"/> of <paramref name="row"/> into <paramref name="output"/> and
    /// returns the sum of the output bytes' magnitudes read as signed values (the filter-choice heuristic).</summary>
    public static long Filter(int type, ReadOnlySpan<byte> row, ReadOnlySpan<byte> previous, int stride, Span<byte> output)
    {
        int n = row.Length;
        int head = Math.Min(stride, n);
        switch (type)
        {
            case Sub:
                row[..head].CopyTo(output);
                for (int i = stride; i < n; i++)
                {
                    output[i] = (byte)(row[i] - row[i - stride]);
                }

                break;
            case Up:
                for (int i = 0; i < n; i++)
                {
                    output[i] = (byte)(row[i] - previous[i]);
                }

                break;
            case Average:
                for (int i = 0; i < head; i++)
                {
                    output[i] = (byte)(row[i] - (previous[i] >> 1));
                }

                for (int i = stride; i < n; i++)
                {
                    output[i] = (byte)(row[i] - ((row[i - stride] + previous[i]) >> 1));
                }

                break;
            case Paeth:
                for (int i = 0; i < head; i++)
                {
                    output[i] = (byte)(row[i] - previous[i]);
                }

                for (int i = stride; i < n; i++)
                {
                    output[i] = (byte)(row[i] - PaethPredictor(row[i - stride], previous[i], previous[i - stride]));
                }

                break;
            default:
                row.CopyTo(output);
                break;
        }

        long score = 0;
        foreach (byte b in output[..n])
        {
            score += b < 128 ? b : 256 - b;
        }

        return score;
    }

    public static byte PaethPredictor(int a, int b, int c)
    {
        int p = a + b - c;
        int pa = Math.Abs(p - a);
        int pb = Math.Abs(p - b);
        int pc = Math.Abs(p - c);
        if (pa <= pb && pa <= pc)
        {
            return (byte)a;
        }

        return pb <= pc ? (byte)b : (byte)c;
    }
}
