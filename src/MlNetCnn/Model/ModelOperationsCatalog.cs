using System.Reflection;
using System.Text;
using MlNetCnn.Data;

namespace MlNetCnn;

/// <summary>
/// Model operations (<c>mlContext.Model</c>): saving and loading model files, creating prediction engines.
/// </summary>
/// <remarks>
/// A model file is a zip archive; its layout is documented in <c>Model/README.md</c> of the source tree. Loading only
/// instantiates the component kinds this library registers, checks every size against the data before allocating,
/// and reports a corrupt, truncated or foreign file with an <see cref="InvalidDataException"/> naming the entry.
/// </remarks>
public sealed partial class ModelOperationsCatalog : IInternalCatalog
{
    internal ModelOperationsCatalog(MLContext env)
    {
        Environment = env;
    }

    internal MLContext Environment { get; }

    MLContext IInternalCatalog.Environment => Environment;

    /// <summary>Writes a model and the schema of its input to a stream.</summary>
    /// <param name="model">The trained model; a transformer that is not a chain is saved as a chain of one step.
    /// Null saves an empty chain.</param>
    /// <param name="inputSchema">The schema of the data the model expects (usually <c>data.Schema</c>), or null.</param>
    /// <param name="stream">A writable stream; it is left open.</param>
    public void Save(ITransformer? model, DataViewSchema? inputSchema, Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (!stream.CanWrite)
        {
            throw new ArgumentException("The stream must be writable.", nameof(stream));
        }

        using var repository = new RepositoryWriter(stream);
        repository.WriteEntry(ModelFormat.VersionEntry, s =>
        {
            var bytes = Encoding.UTF8.GetBytes("MlNetCnn " + ProductVersion + "\n");
            s.Write(bytes);
        });
        if (inputSchema != null)
        {
            repository.WriteEntry(ModelFormat.SchemaEntry, s =>
            {
                using var w = new BinaryWriter(s, Encoding.UTF8, leaveOpen: true);
                SchemaSerializer.Write(w, inputSchema);
            });
        }

        ICanSaveModel chain = model switch
        {
            null => new TransformerChain<ITransformer>(),
            ICanSaveModel c when IsTransformerChain(model) => c,
            _ => new TransformerChain<ITransformer>(model),
        };
        ModelSaveContext.SaveModel(repository, chain, ModelFormat.ChainFolder);
    }

    /// <summary>Writes a model and the schema of its input to a file, atomically: the file is written beside the
    /// target and renamed over it only when complete, so a failed save leaves any previous file intact.</summary>
    /// <param name="model">The trained model (see <see cref="Save(ITransformer, DataViewSchema, Stream)"/>).</param>
    /// <param name="inputSchema">The schema of the data the model expects, or null.</param>
    /// <param name="filePath">The target path, usually ending in <c>.zip</c>.</param>
    public void Save(ITransformer? model, DataViewSchema? inputSchema, string filePath)
    {
        ArgumentException.ThrowIfNullOrEmpty(filePath);
        string full = Path.GetFullPath(filePath);
        string dir = Path.GetDirectoryName(full)!;
        if (!Directory.Exists(dir))
        {
            throw new DirectoryNotFoundException($"The folder of the model file '{filePath}' does not exist.");
        }

        string temp = Path.Combine(dir, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                Save(model, inputSchema, stream);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temp, full, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp))
            {
                File.Delete(temp);
            }
        }
    }

    /// <summary>Reads a model from a stream. Load models only from trusted sources.</summary>
    /// <param name="stream">A readable stream holding the model file; it is left open.</param>
    /// <param name="inputSchema">Receives the saved input schema, or null when none was saved.</param>
    /// <returns>The model, a <see cref="TransformerChain{TLastTransformer}"/> of <see cref="ITransformer"/>.</returns>
    /// <exception cref="InvalidDataException">The stream is not a valid model file; the message names the entry.</exception>
    public ITransformer Load(Stream stream, out DataViewSchema inputSchema)
        => Load(stream, "model stream", out inputSchema);

    /// <summary>Reads a model from a file. Load models only from trusted sources.</summary>
    /// <param name="filePath">The model file.</param>
    /// <param name="inputSchema">Receives the saved input schema, or null when none was saved.</param>
    /// <returns>The model, a <see cref="TransformerChain{TLastTransformer}"/> of <see cref="ITransformer"/>.</returns>
    /// <exception cref="InvalidDataException">The file is not a valid model file; the message names the file and the
    /// entry.</exception>
    public ITransformer Load(string filePath, out DataViewSchema inputSchema)
    {
        ArgumentException.ThrowIfNullOrEmpty(filePath);
        using var stream = new FileStream(filePath, FileMode.Open, FileAccess.Read, FileShare.Read);
        return Load(stream, filePath, out inputSchema);
    }

    private ITransformer Load(Stream stream, string sourceName, out DataViewSchema inputSchema)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (!stream.CanSeek)
        {
            var copy = new MemoryStream();
            stream.CopyTo(copy);
            copy.Position = 0;
            stream = copy;
        }

        using var repository = new RepositoryReader(stream, sourceName);
        inputSchema = null!;
        if (repository.HasEntry(ModelFormat.SchemaEntry))
        {
            var reader = new ModelBinaryReader(repository.ReadEntry(ModelFormat.SchemaEntry), $"{sourceName}:{ModelFormat.SchemaEntry}");
            try
            {
                inputSchema = SchemaSerializer.Read(reader);
            }
            catch (EndOfStreamException e)
            {
                throw new InvalidDataException($"Model entry '{reader.EntryName}' ends before its content does (truncated or corrupt).", e);
            }
        }

        if (!ModelLoadContext.HasComponent(repository, ModelFormat.ChainFolder))
        {
            throw new InvalidDataException($"{sourceName} is not an MlNetCnn model: it has no '{ModelFormat.ChainFolder}/{ModelFormat.ModelKey}' entry.");
        }

        var model = ModelLoadContext.LoadComponent(repository, ModelFormat.ChainFolder, Environment);
        return model as ITransformer
            ?? throw new InvalidDataException($"{sourceName}: the root component is a {model.GetType().Name}, not a transformer.");
    }

    private static bool IsTransformerChain(ITransformer model)
        => model.GetType().IsGenericType && model.GetType().GetGenericTypeDefinition() == typeof(TransformerChain<>);

    private static string ProductVersion
        => typeof(ModelOperationsCatalog).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
            ?? typeof(ModelOperationsCatalog).Assembly.GetName().Version?.ToString()
            ?? "unknown";
}
