using System.Globalization;

namespace MlNetCnn.Cli.Commands;

/// <summary>The classic image-processing kernels of the course (a convolution with fixed weights).</summary>
internal static class ImageFilters
{
    private static readonly Dictionary<string, (float[,] Kernel, float Weight)> Named = new(StringComparer.OrdinalIgnoreCase)
    {
        // Emphasises vertical lines (a horizontal gradient), as in the course's first filter.
        ["vertical"] = (new float[,] { { -1, 0, 1 }, { -2, 0, 2 }, { -1, 0, 1 } }, 1f),
        // Emphasises horizontal lines (a vertical gradient).
        ["horizontal"] = (new float[,] { { -1, -2, -1 }, { 0, 0, 0 }, { 1, 2, 1 } }, 1f),
        // The course's blur: the pixel and its 4 neighbours, each weighted 0.2.
        ["blur"] = (new float[,] { { 0, 1, 0 }, { 1, 1, 1 }, { 0, 1, 0 } }, 0.2f),
        // A 3x3 box blur.
        ["box"] = (new float[,] { { 1, 1, 1 }, { 1, 1, 1 }, { 1, 1, 1 } }, 1f / 9),
        // A 3x3 Gaussian blur (binomial weights).
        ["gaussian"] = (new float[,] { { 1, 2, 1 }, { 2, 4, 2 }, { 1, 2, 1 } }, 1f / 16),
        ["sharpen"] = (new float[,] { { 0, -1, 0 }, { -1, 5, -1 }, { 0, -1, 0 } }, 1f),
        // Laplacian edge detector.
        ["edges"] = (new float[,] { { 0, 1, 0 }, { 1, -4, 1 }, { 0, 1, 0 } }, 1f),
        ["emboss"] = (new float[,] { { -2, -1, 0 }, { -1, 1, 1 }, { 0, 1, 2 } }, 1f),
    };

    public static IEnumerable<string> Names => Named.Keys;

    /// <summary>A named kernel, or one written as rows separated by ';' and values by ',' (e.g. "0,1,0;1,-4,1;0,1,0").</summary>
    public static float[,] Parse(string spec, float? weight)
    {
        if (Named.TryGetValue(spec, out var named))
        {
            return Scale(named.Kernel, weight ?? named.Weight);
        }
        var rows = spec.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (rows.Length == 0 || !spec.Contains(','))
            throw new CliException($"unknown --filter '{spec}'; use one of {string.Join(", ", Names)} or a kernel such as \"0,1,0;1,-4,1;0,1,0\".");
        var values = rows.Select(r => r.Split(',', StringSplitOptions.TrimEntries)).ToArray();
        int width = values[0].Length;
        if (values.Any(r => r.Length != width))
            throw new CliException($"--filter '{spec}': every row needs the same number of values ({width}).");
        var kernel = new float[rows.Length, width];
        for (int y = 0; y < rows.Length; y++)
        {
            for (int x = 0; x < width; x++)
            {
                if (!float.TryParse(values[y][x], NumberStyles.Float, CultureInfo.InvariantCulture, out float v) || !float.IsFinite(v))
                    throw new CliException($"--filter '{spec}': '{values[y][x]}' in row {y + 1}, column {x + 1} is not a number.");
                kernel[y, x] = v;
            }
        }
        return Scale(kernel, weight ?? 1f);
    }

    private static float[,] Scale(float[,] kernel, float weight)
    {
        var scaled = (float[,])kernel.Clone();
        for (int y = 0; y < scaled.GetLength(0); y++)
            for (int x = 0; x < scaled.GetLength(1); x++)
                scaled[y, x] *= weight;
        return scaled;
    }
}
