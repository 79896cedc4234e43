using System.Buffers.Binary;
using System.IO.Compression;
using System.Runtime.InteropServices;
using System.Text.Json;
using MlNetCnn.Engine;

namespace MlNetCnn.Keras.Serialization;

/// <summary>
/// The model file: a .zip with manifest.json (format name and version), model.json (architecture, compile
/// configuration, weight list) and weights.bin (every parameter as little-endian float32, in graph order).
/// </summary>
internal static class ModelArchive
{
    public const string FormatName = "MlNetCnn.Keras.Sequential";
    public const int FormatVersion = 1;
    public const string ManifestEntry = "manifest.json";
    public const string ModelEntry = "model.json";
    public const string WeightsEntry = "weights.bin";

    private const long MaxManifestBytes = 64 * 1024;
    private const long MaxModelJsonBytes = 16 * 1024 * 1024;

    /// <summary>Deflate cannot expand data more than about 1032 times; a larger claimed ratio means a corrupt or hostile entry.</summary>
    private const long MaxCompressionRatio = 1100;

    /// <summary>A fixed entry time, so that saving the same model twice gives the same bytes.</summary>
    private static readonly DateTimeOffset EntryTime = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static void Save(Sequential model, Stream stream)
    {
        var built = model.RequireBuilt();
        model.EnsureWeights();
        var graph = built.Graph;
        using var archive = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true);

        WriteJsonEntry(archive, ManifestEntry, w =>
        {
            w.WriteString("format", FormatName);
            w.WriteNumber("version", FormatVersion);
            w.WriteString("producer", "MlNetCnn.Keras " + typeof(ModelArchive).Assembly.GetName().Version);
        });
        WriteJsonEntry(archive, ModelEntry, w =>
        {
            ModelJson.WriteArchitecture(w, model);
            ModelJson.WriteCompileConfig(w, model.CompileSettings);
            ModelJson.WriteWeightList(w, graph.Parameters);
        });

        var entry = archive.CreateEntry(WeightsEntry, CompressionLevel.NoCompression);
        entry.LastWriteTime = EntryTime;
        using var output = entry.Open();
        var buffer = new byte[64 * 1024];
        foreach (var p in graph.Parameters)
        {
            ReadOnlySpan<float> values = graph.Values(p);
            if (BitConverter.IsLittleEndian)
            {
                output.Write(MemoryMarshal.AsBytes(values));
                continue;
            }
            for (int start = 0; start < values.Length; start += buffer.Length / 4)
            {
                int count = Math.Min(buffer.Length / 4, values.Length - start);
                for (int i = 0; i < count; i++) BinaryPrimitives.WriteSingleLittleEndian(buffer.AsSpan(4 * i), values[start + i]);
                output.Write(buffer, 0, 4 * count);
            }
        }
    }

    public static Sequential Load(Stream stream, string source)
    {
        ZipArchive archive;
        try
        {
            archive = new ZipArchive(stream, ZipArchiveMode.Read, leaveOpen: true);
        }
        catch (Exception e) when (e is InvalidDataException or IOException or ArgumentException)
        {
            throw new InvalidDataException($"{source} is not a MlNetCnn model file: it is not a readable .zip archive ({e.Message}).", e);
        }

        using (archive)
        {
            long streamLength = stream.CanSeek ? stream.Length : -1;
            using var manifestDoc = ReadJsonEntry(archive, ManifestEntry, MaxManifestBytes, source, streamLength);
            var manifest = JsonFields.Object(manifestDoc.RootElement, $"{source}: entry '{ManifestEntry}'");
            string format = manifest.GetString("format");
            if (format != FormatName)
                throw manifest.Error($"the format is \"{format}\"; expected \"{FormatName}\" (this file is not a MlNetCnn Keras model).");
            int version = manifest.GetInt("version");
            if (version < 1 || version > FormatVersion)
                throw manifest.Error($"format version {version} is not supported; this library reads version {FormatVersion}" +
                    (version > FormatVersion ? " (the file was written by a newer version)." : "."));

            using var modelDoc = ReadJsonEntry(archive, ModelEntry, MaxModelJsonBytes, source, streamLength);
            var root = JsonFields.Object(modelDoc.RootElement, $"{source}: entry '{ModelEntry}'");
            var model = ModelJson.ReadArchitecture(root);
            if (!model.IsBuilt) throw root.Error("the model has no input shape, so it has no weights to load.");
            ModelJson.ReadCompileConfig(root, model);
            var graph = model.Graph;
            CheckWeightList(root, graph.Parameters);
            ReadWeights(archive, model, source, streamLength);
            return model;
        }
    }

    private static void WriteJsonEntry(ZipArchive archive, string name, Action<Utf8JsonWriter> body)
    {
        var entry = archive.CreateEntry(name, CompressionLevel.Optimal);
        entry.LastWriteTime = EntryTime;
        using var stream = entry.Open();
        using var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        writer.WriteStartObject();
        body(writer);
        writer.WriteEndObject();
    }

    private static ZipArchiveEntry GetEntry(ZipArchive archive, string name, string source, long streamLength, long maxBytes)
    {
        var entry = archive.GetEntry(name)
            ?? throw new InvalidDataException($"{source}: the entry '{name}' is missing; this is not a MlNetCnn Keras model file, or it is damaged.");
        if (entry.Length > maxBytes)
            throw new InvalidDataException($"{source}: entry '{name}' claims {entry.Length} bytes; at most {maxBytes} are expected.");
        if (entry.Length > Math.Max(entry.CompressedLength, 1) * MaxCompressionRatio || (streamLength >= 0 && entry.CompressedLength > streamLength))
            throw new InvalidDataException($"{source}: entry '{name}' has impossible sizes ({entry.CompressedLength} bytes compressed, {entry.Length} claimed); the file is damaged.");
        return entry;
    }

    private static JsonDocument ReadJsonEntry(ZipArchive archive, string name, long maxBytes, string source, long streamLength)
    {
        var entry = GetEntry(archive, name, source, streamLength, maxBytes);
        var bytes = new byte[entry.Length];
        try
        {
            using var input = entry.Open();
            ReadExactly(input, bytes, name, source);
        }
        catch (Exception e) when (e is InvalidDataException or IOException && e is not EndOfStreamException)
        {
            throw e.Message.StartsWith(source, StringComparison.Ordinal) ? e : new InvalidDataException($"{source}: entry '{name}' cannot be read: {e.Message}", e);
        }
        try
        {
            return JsonDocument.Parse(bytes, new JsonDocumentOptions { MaxDepth = 32 });
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{source}: entry '{name}' is not valid JSON: {e.Message}", e);
        }
    }

    private static void CheckWeightList(JsonFields root, IReadOnlyList<Parameter> parameters)
    {
        var list = root.GetArray("weights", parameters.Count + 1);
        if (list.GetArrayLength() != parameters.Count)
            throw root.Error($"\"weights\" lists {list.GetArrayLength()} tensors but the architecture has {parameters.Count}.");
        long offset = 0;
        int i = 0;
        foreach (var item in list.EnumerateArray())
        {
            var p = parameters[i];
            var w = JsonFields.Object(item, $"{root.Context}, weight {i}");
            string name = w.GetString("name");
            int[] shape = w.GetIntArray("shape", 1, 8, 1, int.MaxValue);
            long byteOffset = w.GetLong("byte_offset", 0, long.MaxValue);
            long count = w.GetLong("count", 0, long.MaxValue);
            if (name != p.Name || !shape.AsSpan().SequenceEqual(p.Shape) || count != p.Length || byteOffset != offset)
                throw w.Error($"\"{name}\" {Shape.Format(shape)} ({count} values at byte {byteOffset}) does not match the architecture's \"{p.Name}\" {Shape.Format(p.Shape)} ({p.Length} values at byte {offset}).");
            offset += 4L * p.Length;
            i++;
        }
    }

    private static void ReadWeights(ZipArchive archive, Sequential model, string source, long streamLength)
    {
        var graph = model.Graph;
        long expected = 4L * graph.ParameterCount;
        var entry = GetEntry(archive, WeightsEntry, source, streamLength, long.MaxValue);
        if (entry.Length != expected)
            throw new InvalidDataException($"{source}: entry '{WeightsEntry}' holds {entry.Length} bytes but the architecture needs {expected} ({graph.ParameterCount} float32 values).");
        model.EnsureWeights();
        var values = graph.ParameterValues;
        try
        {
            using var input = entry.Open();
            ReadExactly(input, MemoryMarshal.AsBytes(values.AsSpan(0, graph.ParameterCount)), WeightsEntry, source);
            if (input.ReadByte() != -1)
                throw new InvalidDataException($"{source}: entry '{WeightsEntry}' is longer than the {expected} bytes it declares.");
        }
        catch (Exception e) when (e is InvalidDataException or IOException)
        {
            throw e.Message.StartsWith(source, StringComparison.Ordinal) ? e : new InvalidDataException($"{source}: entry '{WeightsEntry}' cannot be read: {e.Message}", e);
        }
        if (!BitConverter.IsLittleEndian)
        {
            var raw = MemoryMarshal.AsBytes(values.AsSpan());
            for (int i = 0; i < graph.ParameterCount; i++) values[i] = BinaryPrimitives.ReadSingleLittleEndian(raw.Slice(4 * i));
        }
    }

    private static void ReadExactly(Stream input, Span<byte> destination, string name, string source)
    {
        int total = 0;
        while (total < destination.Length)
        {
            int read = input.Read(destination[total..]);
            if (read == 0)
                throw new InvalidDataException($"{source}: entry '{name}' is truncated: {total} of {destination.Length} bytes.");
            total += read;
        }
    }
}
