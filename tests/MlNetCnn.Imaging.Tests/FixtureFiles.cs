using System.Globalization;

namespace MlNetCnn.Imaging.Tests;

/// <summary>One line of Fixtures/manifest.txt: a fixture file, its size and channels, and the per-sample tolerance
/// against its reference pixels (Fixtures/&lt;file&gt;.rgba, decoded by an independent tool).</summary>
public sealed record FixtureEntry(string File, int Width, int Height, int Channels, int Tolerance)
{
    public override string ToString() => File;
}

/// <summary>Locates the fixtures copied next to the test assembly.</summary>
internal static class FixtureFiles
{
    public static string Root => Path.Combine(AppContext.BaseDirectory, "Fixtures");

    public static string PathOf(string relative) => Path.Combine(Root, relative);

    public static byte[] Read(string relative) => File.ReadAllBytes(PathOf(relative));

    public static IReadOnlyList<FixtureEntry> Manifest { get; } = LoadManifest();

    /// <summary>Every fixture file that is an image (listed in the manifest or a deliberately unsupported one).</summary>
    public static IEnumerable<string> AllImages() =>
        Directory.EnumerateFiles(Root, "*", SearchOption.AllDirectories)
            .Where(f => Path.GetExtension(f) is ".png" or ".jpg" or ".bmp" or ".pgm" or ".ppm" or ".pbm")
            .Select(f => Path.GetRelativePath(Root, f).Replace('\\', '/'))
            .Order(StringComparer.Ordinal);

    private static List<FixtureEntry> LoadManifest()
    {
        var entries = new List<FixtureEntry>();
        foreach (string line in File.ReadAllLines(PathOf("manifest.txt")))
        {
            string[] f = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (f.Length == 0)
            {
                continue;
            }

            entries.Add(new FixtureEntry(
                f[0],
                int.Parse(f[1], CultureInfo.InvariantCulture),
                int.Parse(f[2], CultureInfo.InvariantCulture),
                int.Parse(f[3], CultureInfo.InvariantCulture),
                int.Parse(f[4], CultureInfo.InvariantCulture)));
        }

        return entries;
    }
}
