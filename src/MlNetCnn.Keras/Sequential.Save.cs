using System.Text;
using System.Text.Json;
using MlNetCnn.Keras.Serialization;

namespace MlNetCnn.Keras;

public sealed partial class Sequential
{
    /// <summary>
    /// Saves the model to one file, atomically: it is written beside <paramref name="path"/> under a temporary name
    /// and then moved over it, so a crash never leaves a half-written model.
    /// </summary>
    /// <param name="path">The file to write, conventionally ending in ".zip".</param>
    /// <remarks>
    /// <para>The file is a .zip archive with three entries:</para>
    /// <list type="bullet">
    /// <item><c>manifest.json</c>: <c>{"format": "MlNetCnn.Keras.Sequential", "version": 1, "producer": ...}</c>.</item>
    /// <item><c>model.json</c>: the architecture as <see cref="ToJson"/> writes it (<c>class_name</c>, <c>config</c> with
    /// name, seed, input name and shape, and the layers with their Keras-style configs), the <c>compile_config</c>
    /// (optimizer with its hyperparameters, loss, metrics; omitted if not compiled or the optimizer is not a built-in
    /// one) and <c>weights</c>: for each parameter its name, shape, <c>byte_offset</c> in weights.bin and <c>count</c>
    /// of values.</item>
    /// <item><c>weights.bin</c>: every parameter as little-endian float32 in the graph's parameter order (layer by
    /// layer; kernel then bias; Keras shapes), stored uncompressed.</item>
    /// </list>
    /// <para>The optimizer's state (moments) is not saved; training after loading starts it afresh.</para>
    /// </remarks>
    /// <exception cref="InvalidOperationException">The model is not built.</exception>
    public void Save(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        RequireBuilt();
        string full = Path.GetFullPath(path);
        string directory = Path.GetDirectoryName(full) ?? throw new ArgumentException($"'{path}' has no folder.", nameof(path));
        string temp = Path.Combine(directory, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                Save(stream);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temp, full, overwrite: true);
        }
        catch
        {
            try
            {
                File.Delete(temp);
            }
            catch (IOException)
            {
            }
            throw;
        }
    }

    /// <summary>Writes the model file (see <see cref="Save(string)"/>) to <paramref name="stream"/>, which stays open.</summary>
    /// <exception cref="InvalidOperationException">The model is not built.</exception>
    public void Save(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ModelArchive.Save(this, stream);
    }

    /// <summary>
    /// Loads a model saved by <see cref="Save(string)"/>: architecture, weights and compile configuration, so that
    /// predictions are bit-identical (with the same kernels).
    /// </summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">The file is not a model file, or it is damaged: not a zip, a missing
    /// entry, another format, an unknown layer kind, weights that do not match the architecture, impossible sizes.
    /// The message names the file and the entry. Sizes are checked before anything large is allocated.</exception>
    public static Sequential Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        return ModelArchive.Load(stream, path);
    }

    /// <summary>Loads a model from a stream holding a model file (see <see cref="Load(string)"/>); the stream stays open.</summary>
    /// <param name="stream">The model file's bytes.</param>
    /// <param name="sourceName">How errors name the source (e.g. the containing file and entry); default "the model stream".</param>
    public static Sequential Load(Stream stream, string? sourceName = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        return ModelArchive.Load(stream, sourceName ?? "the model stream");
    }

    /// <summary>
    /// The architecture as JSON (Keras's <c>to_json</c>): <c>{"class_name": "Sequential", "config": {"name", "seed",
    /// "input_name", "input_shape", "layers": [{"class_name": "Conv2D", "config": {"name", "filters", "kernel_size",
    /// ...}}]}}</c>. No weights, no compile configuration.
    /// </summary>
    public string ToJson()
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            writer.WriteStartObject();
            ModelJson.WriteArchitecture(writer, this);
            writer.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}
