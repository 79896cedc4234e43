using System.Globalization;

namespace MlNetCnn.Data;

/// <summary>Allocation-free parsing of text cells.</summary>
/// <remarks>
/// Floating point: a fast path handles plain decimals (optional sign, digits, optional fraction, no exponent) whose
/// digits form an integer m &lt;= 2^24 (single) or 2^53 (double) with at most 10 (single) or 22 (double) fraction
/// digits. Then m and 10^k are both exact, and one IEEE division m / 10^k is correctly rounded, so the result equals
/// what <see cref="float.Parse(ReadOnlySpan{char}, NumberStyles, IFormatProvider)"/> returns. Everything else
/// (exponents, long mantissas, "NaN", "Infinity") goes through the invariant-culture parser.
/// </remarks>
internal static class NumberParsing
{
    private static readonly float[] SinglePowers = { 1e0f, 1e1f, 1e2f, 1e3f, 1e4f, 1e5f, 1e6f, 1e7f, 1e8f, 1e9f, 1e10f };

    private static readonly double[] DoublePowers =
    {
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    };

    /// <summary>Whether a cell means "missing": empty, "?", or "NaN" (any case).</summary>
    public static bool IsMissing(ReadOnlySpan<char> s) => s.Length == 0 || (s.Length == 1 && s[0] == '?');

    public static bool TryParseSingle(ReadOnlySpan<char> s, out float value)
    {
        if (TryParseDecimal(s, 24, 10, out ulong mantissa, out int scale, out bool negative))
        {
            float v = scale == 0 ? mantissa : mantissa / SinglePowers[scale];
            value = negative ? -v : v;
            return true;
        }

        return float.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out value);
    }

    public static bool TryParseDouble(ReadOnlySpan<char> s, out double value)
    {
        if (TryParseDecimal(s, 53, 22, out ulong mantissa, out int scale, out bool negative))
        {
            double v = scale == 0 ? mantissa : mantissa / DoublePowers[scale];
            value = negative ? -v : v;
            return true;
        }

        return double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out value);
    }

    /// <summary>Parses an optionally signed decimal integer (surrounding spaces allowed) into [min, max].</summary>
    public static bool TryParseInt64(ReadOnlySpan<char> s, long min, long max, out long value)
    {
        value = 0;
        s = s.Trim();
        if (s.Length == 0)
        {
            return false;
        }

        bool negative = false;
        if (s[0] == '-' || s[0] == '+')
        {
            negative = s[0] == '-';
            s = s[1..];
            if (s.Length == 0)
            {
                return false;
            }
        }

        ulong acc = 0;
        foreach (char c in s)
        {
            uint d = (uint)(c - '0');
            if (d > 9 || acc > (ulong.MaxValue - d) / 10)
            {
                return false;
            }

            acc = (acc * 10) + d;
        }

        if (negative)
        {
            if (acc > (ulong)long.MaxValue + 1)
            {
                return false;
            }

            value = acc == (ulong)long.MaxValue + 1 ? long.MinValue : -(long)acc;
        }
        else
        {
            if (acc > long.MaxValue)
            {
                return false;
            }

            value = (long)acc;
        }

        return value >= min && value <= max;
    }

    /// <summary>Parses an unsigned decimal integer (surrounding spaces allowed) into [0, max].</summary>
    public static bool TryParseUInt64(ReadOnlySpan<char> s, ulong max, out ulong value)
    {
        value = 0;
        s = s.Trim();
        if (s.Length > 0 && s[0] == '+')
        {
            s = s[1..];
        }

        if (s.Length == 0)
        {
            return false;
        }

        foreach (char c in s)
        {
            uint d = (uint)(c - '0');
            if (d > 9 || value > (ulong.MaxValue - d) / 10)
            {
                return false;
            }

            value = (value * 10) + d;
        }

        return value <= max;
    }

    /// <summary>Parses true/false, 1/0, yes/no, t/f, y/n, +1/-1 (any case).</summary>
    public static bool TryParseBoolean(ReadOnlySpan<char> s, out bool value)
    {
        s = s.Trim();
        if (s.Equals("true", StringComparison.OrdinalIgnoreCase) || s.Equals("1", StringComparison.Ordinal) || s.Equals("+1", StringComparison.Ordinal)
            || s.Equals("yes", StringComparison.OrdinalIgnoreCase) || s.Equals("t", StringComparison.OrdinalIgnoreCase) || s.Equals("y", StringComparison.OrdinalIgnoreCase))
        {
            value = true;
            return true;
        }

        value = false;
        return s.Equals("false", StringComparison.OrdinalIgnoreCase) || s.Equals("0", StringComparison.Ordinal) || s.Equals("-1", StringComparison.Ordinal)
            || s.Equals("no", StringComparison.OrdinalIgnoreCase) || s.Equals("f", StringComparison.OrdinalIgnoreCase) || s.Equals("n", StringComparison.OrdinalIgnoreCase);
    }

    private static bool TryParseDecimal(ReadOnlySpan<char> s, int mantissaBits, int maxScale, out ulong mantissa, out int scale, out bool negative)
    {
        mantissa = 0;
        scale = 0;
        negative = false;
        int i = 0;
        while (i < s.Length && s[i] == ' ')
        {
            i++;
        }

        int end = s.Length;
        while (end > i && s[end - 1] == ' ')
        {
            end--;
        }

        if (i < end && (s[i] == '-' || s[i] == '+'))
        {
            negative = s[i] == '-';
            i++;
        }

        ulong limit = 1UL << mantissaBits;
        int digits = 0;
        bool fraction = false;
        for (; i < end; i++)
        {
            char c = s[i];
            uint d = (uint)(c - '0');
            if (d <= 9)
            {
                mantissa = (mantissa * 10) + d;
                digits++;
                if (mantissa > limit)
                {
                    return false;
                }

                if (fraction && ++scale > maxScale)
                {
                    return false;
                }
            }
            else if (c == '.' && !fraction)
            {
                fraction = true;
            }
            else
            {
                return false;
            }
        }

        return digits > 0;
    }
}
