using System.Buffers;
using System.Security.Cryptography;

namespace MlNetCnn.Datasets;

/// <summary>
/// A <c>SHA256SUMS</c> file in the format <c>sha256sum</c> writes: one <c>&lt;64 hex digits&gt; &lt;space&gt;
/// &lt;space or *&gt;&lt;file name&gt;</c> per line. Blank lines and lines starting with '#' are ignored.
/// </summary>
internal sealed class Sha256Sums
{
    private static readonly SearchValues<char> HexDigits = SearchValues.Create("0123456789abcdefABCDEF");

    private readonly Dictionary<string, string> _hashes;

    private Sha256Sums(string path, Dictionary<string, string> hashes)
    {
        Path = path;
        _hashes = hashes;
    }

    /// <summary>The checksum file's path.</summary>
    public string Path { get; }

    /// <summary>Parses a checksum file.</summary>
    /// <exception cref="InvalidDataException">A line is malformed or a name is listed twice; the message names the file and line.</exception>
    public static Sha256Sums Load(string path)
    {
        var hashes = new Dictionary<string, string>(StringComparer.Ordinal);
        int lineNumber = 0;
        foreach (string rawLine in File.ReadLines(path))
        {
            lineNumber++;
            string line = rawLine.TrimEnd('\r');
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            if (line.Length < 67 || line[64] != ' ' || (line[65] != ' ' && line[65] != '*')
                || line.AsSpan(0, 64).ContainsAnyExcept(HexDigits))
            {
                throw new InvalidDataException(
                    $"{path}, line {lineNumber}: expected '<64 hex digits>  <file name>' as written by sha256sum, found '{line}'.");
            }

            string name = line[66..];
            if (!hashes.TryAdd(name, line[..64].ToLowerInvariant()))
            {
                throw new InvalidDataException($"{path}, line {lineNumber}: '{name}' is listed a second time.");
            }
        }

        return new Sha256Sums(path, hashes);
    }

    /// <summary>Hashes <paramref name="filePath"/> and compares it with the value listed for its file name.</summary>
    /// <exception cref="InvalidDataException">The file is not listed, or its hash differs; the message names the file
    /// and gives the expected and actual hashes.</exception>
    public void Verify(string filePath)
    {
        string name = System.IO.Path.GetFileName(filePath);
        if (!_hashes.TryGetValue(name, out string? expected))
        {
            throw new InvalidDataException(
                $"{filePath}: the file is not listed in {Path}, so its SHA-256 cannot be verified. " +
                "Add it to the list, or load without checksum verification.");
        }

        string actual = ComputeHash(filePath);
        if (actual != expected)
        {
            throw new InvalidDataException(
                $"{filePath}: SHA-256 mismatch: expected {expected} (from {Path}), actual {actual}. " +
                "The file is damaged or not the one the checksum list describes.");
        }
    }

    /// <summary>The lowercase hex SHA-256 of a file's bytes.</summary>
    public static string ComputeHash(string filePath)
    {
        using var stream = new FileStream(filePath, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }
}
