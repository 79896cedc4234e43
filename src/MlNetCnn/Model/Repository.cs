using System.IO.Compression;

namespace MlNetCnn;

/// <summary>Writes the entries of a model zip archive; every entry path is written once.</summary>
internal sealed class RepositoryWriter : IDisposable
{
    private readonly ZipArchive _zip;
    private readonly HashSet<string> _paths = new(StringComparer.Ordinal);

    public RepositoryWriter(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        _zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true);
    }

    /// <summary>Creates an entry and writes it through <paramref name="write"/>.</summary>
    public void WriteEntry(string path, Action<Stream> write)
    {
        if (!_paths.Add(path))
        {
            throw new InvalidOperationException($"The model entry '{path}' was written twice.");
        }

        var entry = _zip.CreateEntry(path, CompressionLevel.Fastest);
        using var s = entry.Open();
        write(s);
    }

    public void Dispose() => _zip.Dispose();
}

/// <summary>Reads entries of a model zip archive with size checks: nothing is allocated from a size the data does not
/// back up, and every error names the entry.</summary>
internal sealed class RepositoryReader : IDisposable
{
    private readonly ZipArchive _zip;
    private readonly Dictionary<string, ZipArchiveEntry> _entries = new(StringComparer.Ordinal);

    public RepositoryReader(Stream stream, string sourceName)
    {
        ArgumentNullException.ThrowIfNull(stream);
        SourceName = sourceName;
        try
        {
            _zip = new ZipArchive(stream, ZipArchiveMode.Read, leaveOpen: true);
            foreach (var e in _zip.Entries)
            {
                // Folders have an empty name; duplicated paths are rejected so that no entry can shadow another.
                if (e.FullName.EndsWith('/'))
                {
                    continue;
                }

                if (!_entries.TryAdd(e.FullName.Replace('\\', '/'), e))
                {
                    throw new InvalidDataException($"{sourceName} is not a valid model file: entry '{e.FullName}' appears twice.");
                }
            }
        }
        catch (InvalidDataException e) when (_zip == null)
        {
            throw new InvalidDataException($"{sourceName} is not a model file: it is not a readable zip archive ({e.Message}).", e);
        }
    }

    /// <summary>A description of where the model came from, for error messages.</summary>
    public string SourceName { get; }

    public bool HasEntry(string path) => _entries.ContainsKey(path);

    /// <summary>Reads a whole entry. Fails with <see cref="InvalidDataException"/> naming the entry when it is
    /// missing, larger than <paramref name="maxBytes"/>, shorter than its declared size, or fails its checksum.</summary>
    public byte[] ReadEntry(string path, long maxBytes = ModelFormat.MaxEntryBytes)
    {
        if (!_entries.TryGetValue(path, out var entry))
        {
            throw new InvalidDataException($"{SourceName}: the model entry '{path}' is missing.");
        }

        long length = entry.Length;
        if (length < 0 || length > maxBytes || length > Array.MaxLength)
        {
            throw new InvalidDataException($"{SourceName}: the model entry '{path}' declares {length} bytes, more than the limit of {maxBytes}.");
        }

        var data = new byte[length];
        try
        {
            using var s = entry.Open();
            int read = 0;
            while (read < data.Length)
            {
                int n = s.Read(data, read, data.Length - read);
                if (n == 0)
                {
                    throw new InvalidDataException($"{SourceName}: the model entry '{path}' is truncated: {read} of {length} bytes.");
                }

                read += n;
            }

            // Reading to the end lets the archive verify the entry's checksum.
            Span<byte> probe = stackalloc byte[1];
            if (s.Read(probe) != 0)
            {
                throw new InvalidDataException($"{SourceName}: the model entry '{path}' holds more data than its declared {length} bytes.");
            }
        }
        catch (InvalidDataException e) when (!e.Message.StartsWith(SourceName, StringComparison.Ordinal))
        {
            throw new InvalidDataException($"{SourceName}: the model entry '{path}' is corrupt ({e.Message}).", e);
        }
        catch (IOException e)
        {
            throw new InvalidDataException($"{SourceName}: the model entry '{path}' cannot be read ({e.Message}).", e);
        }

        return data;
    }

    public void Dispose() => _zip.Dispose();
}
