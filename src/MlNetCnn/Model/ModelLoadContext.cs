using System.Text;

namespace MlNetCnn;

/// <summary>
/// The folder of one component inside a model file being read: its header (signature, versions, loader name), a
/// checked reader over its payload, and access to its named streams and sub-components.
/// </summary>
internal sealed class ModelLoadContext
{
    private ModelLoadContext(RepositoryReader repository, string directory, MLContext environment, int depth, ModelBinaryReader reader)
    {
        Repository = repository;
        Directory = directory;
        Environment = environment;
        Depth = depth;
        Reader = reader;
    }

    public RepositoryReader Repository { get; }

    /// <summary>The component's folder inside the archive.</summary>
    public string Directory { get; }

    /// <summary>The context the model is loaded into.</summary>
    public MLContext Environment { get; }

    public int Depth { get; }

    /// <summary>Reads the component's payload.</summary>
    public ModelBinaryReader Reader { get; }

    public string ModelSignature { get; private set; } = string.Empty;

    public uint VerWritten { get; private set; }

    public uint VerReadable { get; private set; }

    public string LoaderSignature { get; private set; } = string.Empty;

    public string LoaderAssemblyName { get; private set; } = string.Empty;

    /// <summary>Whether <paramref name="directory"/> holds a component.</summary>
    public static bool HasComponent(RepositoryReader repository, string directory)
        => repository.HasEntry(ModelFormat.Combine(directory, ModelFormat.ModelKey));

    /// <summary>Loads the component stored in <paramref name="directory"/> through the
    /// <see cref="ComponentRegistry"/>.</summary>
    public static object LoadComponent(RepositoryReader repository, string directory, MLContext environment)
        => LoadComponent(repository, directory, environment, 0);

    /// <summary>Checks that the component is of the kind and a version that <paramref name="version"/> can read.</summary>
    public void CheckAtModel(VersionInfo version)
    {
        if (ModelSignature != version.ModelSignature)
        {
            throw Corrupt($"its signature is '{ModelSignature}', expected '{version.ModelSignature}'");
        }

        if (VerReadable > version.VerWrittenCur)
        {
            throw new InvalidDataException($"Model entry '{Reader.EntryName}' was written by a newer version (0x{VerWritten:X8}, readable by 0x{VerReadable:X8} and later) than this library reads (0x{version.VerWrittenCur:X8}).");
        }

        if (VerWritten < version.VerWeCanReadBack)
        {
            throw new InvalidDataException($"Model entry '{Reader.EntryName}' has old version 0x{VerWritten:X8}; this library reads 0x{version.VerWeCanReadBack:X8} and later.");
        }
    }

    /// <summary>Reads an item count (see <see cref="ModelBinaryReader.ReadCount"/>).</summary>
    public int ReadCount(string what, long max, int bytesPerItem) => Reader.ReadCount(what, max, bytesPerItem);

    /// <summary>The exception for corrupt content of this component.</summary>
    public InvalidDataException Corrupt(string message) => Reader.Corrupt(message);

    /// <summary>Whether the sub-folder <paramref name="name"/> holds a component.</summary>
    public bool ContainsModel(string name) => HasComponent(Repository, ModelFormat.Combine(Directory, name));

    /// <summary>Loads the sub-component <paramref name="name"/>, which must exist and be a <typeparamref name="T"/>.</summary>
    public T LoadModel<T>(string name)
        where T : class
    {
        ModelFormat.CheckName(name, nameof(name));
        string dir = ModelFormat.Combine(Directory, name);
        var obj = LoadComponent(Repository, dir, Environment, Depth + 1);
        return obj as T ?? throw new InvalidDataException($"Model entry '{dir}' holds a {obj.GetType().Name}, expected a {typeof(T).Name}.");
    }

    /// <summary>Loads the sub-component <paramref name="name"/> when present.</summary>
    public bool TryLoadModel<T>(string name, out T? model)
        where T : class
    {
        if (!ContainsModel(name))
        {
            model = null;
            return false;
        }

        model = LoadModel<T>(name);
        return true;
    }

    /// <summary>Reads the named binary stream when present.</summary>
    public bool TryLoadBinaryStream(string name, Action<ModelBinaryReader> action)
    {
        ModelFormat.CheckName(name, nameof(name));
        string path = ModelFormat.Combine(Directory, name);
        if (!Repository.HasEntry(path))
        {
            return false;
        }

        var reader = new ModelBinaryReader(Repository.ReadEntry(path), $"{Repository.SourceName}:{path}");
        Guard(reader.EntryName, () => action(reader));
        return true;
    }

    /// <summary>Reads the named binary stream, which must exist.</summary>
    public void LoadBinaryStream(string name, Action<ModelBinaryReader> action)
    {
        if (!TryLoadBinaryStream(name, action))
        {
            throw new InvalidDataException($"{Repository.SourceName}: the model entry '{ModelFormat.Combine(Directory, name)}' is missing.");
        }
    }

    /// <summary>Reads the named UTF-8 text stream when present.</summary>
    public bool TryLoadTextStream(string name, Action<TextReader> action)
    {
        ModelFormat.CheckName(name, nameof(name));
        string path = ModelFormat.Combine(Directory, name);
        if (!Repository.HasEntry(path))
        {
            return false;
        }

        using var reader = new StreamReader(new MemoryStream(Repository.ReadEntry(path)), new UTF8Encoding(false, true));
        Guard(path, () => action(reader));
        return true;
    }

    private static object LoadComponent(RepositoryReader repository, string directory, MLContext environment, int depth)
    {
        if (depth > ModelFormat.MaxDepth)
        {
            throw new InvalidDataException($"{repository.SourceName}: components are nested more than {ModelFormat.MaxDepth} levels deep at '{directory}'.");
        }

        string path = ModelFormat.Combine(directory, ModelFormat.ModelKey);
        var reader = new ModelBinaryReader(repository.ReadEntry(path), $"{repository.SourceName}:{path}");
        var ctx = new ModelLoadContext(repository, directory, environment, depth, reader);
        object? result = null;
        Guard(reader.EntryName, () =>
        {
            ctx.ReadHeader();
            result = ComponentRegistry.Load(ctx);
        });
        return result!;
    }

    private static void Guard(string entryName, Action action)
    {
        try
        {
            action();
        }
        catch (EndOfStreamException e)
        {
            throw new InvalidDataException($"Model entry '{entryName}' ends before its content does (truncated or corrupt).", e);
        }
        catch (DecoderFallbackException e)
        {
            throw new InvalidDataException($"Model entry '{entryName}' holds text that is not valid UTF-8.", e);
        }
    }

    private void ReadHeader()
    {
        Span<byte> magic = stackalloc byte[8];
        if (Reader.Remaining < 8 || Reader.Read(magic) != 8 || !magic.SequenceEqual(ModelFormat.ComponentMagic))
        {
            throw Corrupt("it does not start with the MlNetCnn component magic 'MLNCNNMK' (not an MlNetCnn model, or a foreign file)");
        }

        uint header = Reader.ReadUInt32();
        if (header != ModelFormat.HeaderVersion)
        {
            throw Corrupt($"header version {header} is not supported (expected {ModelFormat.HeaderVersion})");
        }

        VerWritten = Reader.ReadUInt32();
        VerReadable = Reader.ReadUInt32();
        var sig = Reader.ReadBytes(8);
        if (sig.Length != 8)
        {
            throw new EndOfStreamException();
        }

        if (sig.Any(b => b < 0x20 || b > 0x7E))
        {
            throw Corrupt("the model signature is not printable ASCII");
        }

        ModelSignature = Encoding.ASCII.GetString(sig).TrimEnd(' ');
        LoaderSignature = Reader.ReadCheckedString(ModelFormat.MaxNameLength);
        LoaderAssemblyName = Reader.ReadCheckedString(ModelFormat.MaxNameLength);
        long payload = Reader.ReadInt64();
        if (payload != Reader.Remaining)
        {
            throw Corrupt($"the header announces {payload} payload bytes but {Reader.Remaining} follow");
        }
    }
}
