using System.Text;

namespace MlNetCnn;

/// <summary>
/// The folder of one component inside a model file being written. A component writes its parameters through the
/// (internal) <c>Writer</c>, may add named binary or text streams, and saves sub-components into sub-folders.
/// </summary>
/// <remarks>Its members are internal, as in ML.NET: only components of this library save themselves natively.</remarks>
public sealed class ModelSaveContext : IDisposable
{
    private readonly MemoryStream _payload = new();
    private VersionInfo? _version;
    private bool _done;

    internal ModelSaveContext(RepositoryWriter repository, string directory, int depth)
    {
        Repository = repository;
        Directory = directory;
        Depth = depth;
        Writer = new BinaryWriter(_payload, Encoding.UTF8, leaveOpen: true);
    }

    /// <summary>The archive being written.</summary>
    internal RepositoryWriter Repository { get; }

    /// <summary>The folder of this component inside the archive (no trailing '/').</summary>
    internal string Directory { get; }

    /// <summary>The nesting depth (0 for the root component).</summary>
    internal int Depth { get; }

    /// <summary>Writes the component's payload, stored in <c>Model.key</c> after the header.</summary>
    internal BinaryWriter Writer { get; }

    /// <summary>Saves <paramref name="model"/> as the root component of <paramref name="directory"/>.</summary>
    internal static void SaveModel(RepositoryWriter repository, ICanSaveModel model, string directory)
        => SaveModel(repository, model, directory, 0);

    /// <summary>Declares the component's kind and format version; must be called once before the payload is
    /// complete.</summary>
    internal void SetVersionInfo(VersionInfo version)
    {
        ArgumentNullException.ThrowIfNull(version);
        if (_version != null)
        {
            throw new InvalidOperationException($"SetVersionInfo was already called for '{Directory}'.");
        }

        _version = version;
    }

    /// <summary>Saves a sub-component into the sub-folder <paramref name="name"/>.</summary>
    internal void SaveModel(ICanSaveModel model, string name)
    {
        ArgumentNullException.ThrowIfNull(model);
        ModelFormat.CheckName(name, nameof(name));
        SaveModel(Repository, model, ModelFormat.Combine(Directory, name), Depth + 1);
    }

    /// <summary>Writes a named binary stream in this component's folder.</summary>
    internal void SaveBinaryStream(string name, Action<BinaryWriter> action)
    {
        ArgumentNullException.ThrowIfNull(action);
        ModelFormat.CheckName(name, nameof(name));
        Repository.WriteEntry(ModelFormat.Combine(Directory, name), s =>
        {
            using var w = new BinaryWriter(s, Encoding.UTF8, leaveOpen: true);
            action(w);
        });
    }

    /// <summary>Writes a named UTF-8 text stream in this component's folder.</summary>
    internal void SaveTextStream(string name, Action<TextWriter> action)
    {
        ArgumentNullException.ThrowIfNull(action);
        ModelFormat.CheckName(name, nameof(name));
        Repository.WriteEntry(ModelFormat.Combine(Directory, name), s =>
        {
            using var w = new StreamWriter(s, new UTF8Encoding(false), leaveOpen: true);
            action(w);
        });
    }

    /// <summary>Writes <c>Model.key</c>: header then payload.</summary>
    internal void Done()
    {
        if (_done)
        {
            return;
        }

        if (_version == null)
        {
            throw new InvalidOperationException($"The component saved in '{Directory}' did not call SetVersionInfo.");
        }

        Writer.Flush();
        _done = true;
        var version = _version;
        Repository.WriteEntry(ModelFormat.Combine(Directory, ModelFormat.ModelKey), s =>
        {
            using var w = new BinaryWriter(s, Encoding.UTF8, leaveOpen: true);
            w.Write(ModelFormat.ComponentMagic);
            w.Write(ModelFormat.HeaderVersion);
            w.Write(version.VerWrittenCur);
            w.Write(version.VerReadableCur);
            w.Write(Encoding.ASCII.GetBytes(version.ModelSignature.PadRight(8)));
            w.WriteString(version.LoaderSignature);
            w.WriteString(version.LoaderAssemblyName ?? string.Empty);
            w.Write(_payload.Length);
            w.Write(_payload.GetBuffer(), 0, (int)_payload.Length);
        });
    }

    /// <summary>Releases the payload buffer.</summary>
    public void Dispose()
    {
        Writer.Dispose();
        _payload.Dispose();
    }

    private static void SaveModel(RepositoryWriter repository, ICanSaveModel model, string directory, int depth)
    {
        if (depth > ModelFormat.MaxDepth)
        {
            throw new InvalidOperationException($"Components are nested more than {ModelFormat.MaxDepth} levels deep at '{directory}'.");
        }

        using var ctx = new ModelSaveContext(repository, directory, depth);
        model.Save(ctx);
        if (ctx._version != null && ctx._version.LoaderAssemblyName == null)
        {
            ctx._version = new VersionInfo(
                ctx._version.ModelSignature,
                ctx._version.VerWrittenCur,
                ctx._version.VerReadableCur,
                ctx._version.VerWeCanReadBack,
                ctx._version.LoaderSignature,
                model.GetType().Assembly.GetName().Name);
        }

        ctx.Done();
    }
}
