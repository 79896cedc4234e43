using System.Text;

namespace MlNetCnn.Data;

/// <summary>
/// A list of streams that together hold the data of a loader (usually files).
/// </summary>
public interface IMultiStreamSource
{
    /// <summary>The number of streams.</summary>
    int Count { get; }

    /// <summary>The path of stream <paramref name="index"/>, or null when it has none.</summary>
    /// <param name="index">The stream index.</param>
    /// <returns>The path or null.</returns>
    string? GetPathOrNull(int index);

    /// <summary>Opens stream <paramref name="index"/> for reading.</summary>
    /// <param name="index">The stream index.</param>
    /// <returns>The stream; the caller disposes it.</returns>
    Stream Open(int index);

    /// <summary>Opens stream <paramref name="index"/> as UTF-8 text (a byte order mark selects another encoding).</summary>
    /// <param name="index">The stream index.</param>
    /// <returns>The reader; the caller disposes it.</returns>
    TextReader OpenTextReader(int index);
}

/// <summary>
/// An <see cref="IMultiStreamSource"/> over files. A path whose file name contains <c>*</c> or <c>?</c> is expanded to
/// the matching files of its folder, in ordinal order.
/// </summary>
public sealed class MultiFileSource : IMultiStreamSource
{
    private readonly string[] _paths;

    /// <summary>Creates a source over one or more files.</summary>
    /// <param name="paths">The file paths (wildcards allowed in the file name part).</param>
    /// <exception cref="FileNotFoundException">A path without wildcards does not exist, or a wildcard matches
    /// nothing.</exception>
    public MultiFileSource(params string[] paths)
    {
        ArgumentNullException.ThrowIfNull(paths);
        var list = new List<string>();
        foreach (var path in paths)
        {
            ArgumentException.ThrowIfNullOrEmpty(path, nameof(paths));
            list.AddRange(Expand(path));
        }

        _paths = list.ToArray();
    }

    /// <inheritdoc/>
    public int Count => _paths.Length;

    /// <inheritdoc/>
    public string? GetPathOrNull(int index) => _paths[index];

    /// <inheritdoc/>
    public Stream Open(int index) => new FileStream(_paths[index], FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);

    /// <inheritdoc/>
    public TextReader OpenTextReader(int index) => new StreamReader(Open(index), new UTF8Encoding(false), detectEncodingFromByteOrderMarks: true, bufferSize: 1 << 16);

    private static IEnumerable<string> Expand(string path)
    {
        string name = Path.GetFileName(path);
        if (name.IndexOfAny(new[] { '*', '?' }) < 0)
        {
            if (!File.Exists(path))
            {
                throw new FileNotFoundException($"The data file '{path}' does not exist.", path);
            }

            return new[] { path };
        }

        string dir = Path.GetDirectoryName(path) is { Length: > 0 } d ? d : ".";
        if (dir.IndexOfAny(new[] { '*', '?' }) >= 0)
        {
            throw new ArgumentException($"Wildcards are only supported in the file name part of '{path}'.", nameof(path));
        }

        var files = Directory.Exists(dir) ? Directory.GetFiles(dir, name).OrderBy(f => f, StringComparer.Ordinal).ToArray() : Array.Empty<string>();
        if (files.Length == 0)
        {
            throw new FileNotFoundException($"No file matches '{path}'.", path);
        }

        return files;
    }
}
