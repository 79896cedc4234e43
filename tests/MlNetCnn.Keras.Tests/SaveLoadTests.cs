using System.IO.Compression;
using System.Text;
using System.Text.Json.Nodes;
using MlNetCnn.Engine;
using MlNetCnn.Keras.Layers;

namespace MlNetCnn.Keras.Tests;

public class SaveLoadTests
{
    private static Sequential TrainedCnn(out Tensor x, out int[] labels)
    {
        (x, labels) = TestData.Bars(96, seed: 50);
        var model = new Sequential(
            new[]
            {
                (Layer)new Conv2D(3, (3, 3), activation: "relu", inputShape: (6, 6, 1)),
                new AveragePooling2D(2, padding: "same"),
                new Conv2D(2, 2, strides: (1, 1), padding: "same", activation: Activations.Tanh, useBias: false),
                new Flatten(),
                new Dropout(0.25f),
                new Dense(5, activation: "sigmoid", kernelInitializer: "he_normal"),
                new Dense(2, activation: "softmax"),
            },
            name: "bars_model",
            seed: 51);
        model.Compile(new Adam(0.005f, beta1: 0.85f), "sparse_categorical_crossentropy", new[] { "accuracy" });
        model.Fit(x, labels, batchSize: 16, epochs: 2, verbose: 0);
        return model;
    }

    [Fact]
    public void RoundTripGivesBitIdenticalPredictions()
    {
        using var scope = KerasNames.BeginScope();
        var model = TrainedCnn(out var x, out var labels);
        string path = TestData.TempPath("model.zip");
        try
        {
            model.Save(path);
            var loaded = Sequential.Load(path);

            Assert.Equal(model.Predict(x).Data, loaded.Predict(x).Data);
            Assert.Equal(model.Summary(), loaded.Summary());
            Assert.Equal(model.ToJson(), loaded.ToJson());
            Assert.Equal("bars_model", loaded.Name);
            Assert.Equal(model.Seed, loaded.Seed);
            Assert.Equal(model.Layers.Select(l => l.Name), loaded.Layers.Select(l => l.Name));

            var adam = Assert.IsType<Adam>(loaded.Optimizer);
            Assert.Equal(0.005f, adam.LearningRate);
            Assert.Equal(0.85f, adam.Beta1);
            Assert.Equal("sparse_categorical_crossentropy", loaded.Loss!.Name);
            Assert.Equal(new[] { "accuracy" }, loaded.Metrics);
            Assert.Equal(model.Evaluate(x, labels).Loss, loaded.Evaluate(x, labels).Loss);
            loaded.Fit(x, labels, epochs: 1, verbose: 0);
            Assert.Empty(Directory.GetFiles(Path.GetDirectoryName(path)!, $".{Path.GetFileName(path)}.*.tmp"));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void StreamRoundTripAndFileLayout()
    {
        using var scope = KerasNames.BeginScope();
        var model = TestData.CourseNetwork();
        using var stream = new MemoryStream();

        model.Save(stream);
        stream.Position = 0;
        using (var archive = new ZipArchive(stream, ZipArchiveMode.Read, leaveOpen: true))
        {
            Assert.Equal(new[] { "manifest.json", "model.json", "weights.bin" }, archive.Entries.Select(e => e.FullName));
            var manifest = JsonNode.Parse(archive.GetEntry("manifest.json")!.Open())!;
            Assert.Equal("MlNetCnn.Keras.Sequential", (string)manifest["format"]!);
            Assert.Equal(1, (int)manifest["version"]!);
            var json = JsonNode.Parse(archive.GetEntry("model.json")!.Open())!;
            var weights = json["weights"]!.AsArray();
            Assert.Equal(8, weights.Count);
            Assert.Equal("dense/kernel", (string)weights[4]!["name"]!);
            Assert.Equal("[1600,128]", weights[4]!["shape"]!.ToJsonString());
            Assert.Equal(4L * (640 + 36928), (long)weights[4]!["byte_offset"]!);
            Assert.Null(json["compile_config"]);
            Assert.Equal(4L * 243786, archive.GetEntry("weights.bin")!.Length);

            var bytes = new byte[4L * 243786];
            archive.GetEntry("weights.bin")!.Open().ReadExactly(bytes);
            var firstKernel = model.Layers[0].GetWeights()[0].Data;
            for (int i = 0; i < 3; i++) Assert.Equal(firstKernel[i], BitConverter.ToSingle(bytes, 4 * i));
        }

        stream.Position = 0;
        var loaded = Sequential.Load(stream);
        Assert.False(loaded.IsCompiled);
        var probe = new Tensor(2, 28, 28, 1);
        probe[1, 14, 14, 0] = 1f;
        Assert.Equal(model.Predict(probe).Data, loaded.Predict(probe).Data);
    }

    [Fact]
    public void SavingTwiceGivesTheSameBytes()
    {
        using var scope = KerasNames.BeginScope();
        var model = TestData.DenseClassifier(3, seed: 1);
        using var a = new MemoryStream();
        using var b = new MemoryStream();
        model.Save(a);
        model.Save(b);
        Assert.Equal(a.ToArray(), b.ToArray());
    }

    [Fact]
    public void ToJsonDescribesTheArchitecture()
    {
        using var scope = KerasNames.BeginScope();
        var json = JsonNode.Parse(TestData.CourseNetwork().ToJson())!;
        Assert.Equal("Sequential", (string)json["class_name"]!);
        var layers = json["config"]!["layers"]!.AsArray();
        Assert.Equal(new[] { "Conv2D", "MaxPooling2D", "Conv2D", "MaxPooling2D", "Flatten", "Dense", "Dense" }, layers.Select(l => (string)l!["class_name"]!));
        Assert.Equal("[3,3]", layers[0]!["config"]!["kernel_size"]!.ToJsonString());
        Assert.Equal("relu", (string)layers[0]!["config"]!["activation"]!);
        Assert.Equal("[2,2]", layers[1]!["config"]!["strides"]!.ToJsonString());
        Assert.Equal("[28,28,1]", json["config"]!["input_shape"]!.ToJsonString());
        Assert.Equal("conv2d_input", (string)json["config"]!["input_name"]!);
    }

    [Fact]
    public void NotAZipIsRejectedNamingTheFile()
    {
        string path = TestData.TempPath("garbage.zip");
        File.WriteAllBytes(path, Encoding.UTF8.GetBytes("this is not a zip archive at all"));
        try
        {
            var e = Assert.Throws<InvalidDataException>(() => Sequential.Load(path));
            Assert.Contains(path, e.Message);
            Assert.Contains("not a readable .zip", e.Message);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void TruncatedFilesAreRejectedNamingTheFile()
    {
        using var scope = KerasNames.BeginScope();
        var bytes = SavedBytes(TestData.CourseNetwork());
        foreach (int length in new[] { 0, 10, bytes.Length / 2, bytes.Length - 1 })
        {
            string path = TestData.TempPath($"truncated-{length}.zip");
            File.WriteAllBytes(path, bytes[..length]);
            try
            {
                var e = Assert.Throws<InvalidDataException>(() => Sequential.Load(path));
                Assert.Contains(path, e.Message);
            }
            finally
            {
                File.Delete(path);
            }
        }
    }

    [Fact]
    public void ForeignZipsAreRejectedNamingTheEntry()
    {
        var foreign = Zip(("readme.txt", "hello"u8.ToArray()));
        Assert.Contains("'manifest.json' is missing", LoadError(foreign));

        var otherFormat = Zip(("manifest.json", "{\"format\": \"SomethingElse\", \"version\": 1}"u8.ToArray()));
        string message = LoadError(otherFormat);
        Assert.Contains("manifest.json", message);
        Assert.Contains("SomethingElse", message);

        var newer = Zip(("manifest.json", "{\"format\": \"MlNetCnn.Keras.Sequential\", \"version\": 7}"u8.ToArray()));
        Assert.Contains("newer version", LoadError(newer));

        var badJson = Zip(("manifest.json", "{\"format\": "u8.ToArray()));
        Assert.Contains("not valid JSON", LoadError(badJson));
    }

    [Fact]
    public void DamagedModelJsonIsRejectedNamingEntryAndLayer()
    {
        using var scope = KerasNames.BeginScope();
        var bytes = SavedBytes(TrainedCnn(out _, out _));

        string unknown = LoadError(EditModelJson(bytes, json => json["config"]!["layers"]![2]!["class_name"] = "Conv3D"));
        Assert.Contains("model.json", unknown);
        Assert.Contains("layer 2", unknown);
        Assert.Contains("Conv3D", unknown);

        string missing = LoadError(EditModelJson(bytes, json => json["config"]!["layers"]![0]!["config"]!.AsObject().Remove("filters")));
        Assert.Contains("\"filters\" is missing", missing);

        string wrongType = LoadError(EditModelJson(bytes, json => json["config"]!["layers"]![0]!["config"]!["filters"] = "three"));
        Assert.Contains("\"filters\" must be a 32-bit integer", wrongType);

        string badActivation = LoadError(EditModelJson(bytes, json => json["config"]!["layers"]![0]!["config"]!["activation"] = "swishy"));
        Assert.Contains("swishy", badActivation);

        string tooBig = LoadError(EditModelJson(bytes, json => json["config"]!["layers"]![0]!["config"]!["kernel_size"] = new JsonArray(9, 9)));
        Assert.Contains("cannot be built", tooBig);

        string badLoss = LoadError(EditModelJson(bytes, json => json["compile_config"]!["loss"]!["class_name"] = "hinge"));
        Assert.Contains("hinge", badLoss);
    }

    [Fact]
    public void WeightsThatDoNotMatchTheArchitectureAreRejected()
    {
        using var scope = KerasNames.BeginScope();
        var bytes = SavedBytes(TestData.DenseClassifier(3, seed: 2));

        // A wider layer: the weight list no longer matches the architecture.
        string wider = LoadError(EditModelJson(bytes, json => json["config"]!["layers"]![0]!["config"]!["units"] = 17));
        Assert.Contains("dense/kernel", wider);
        Assert.Contains("model.json", wider);

        // Architecture and weight list agree but weights.bin is short.
        string shortWeights = LoadError(Rewrite(bytes, "weights.bin", old => old[..^4]));
        Assert.Contains("weights.bin", shortWeights);
        Assert.Contains("needs", shortWeights);

        string longWeights = LoadError(Rewrite(bytes, "weights.bin", old => [.. old, 1, 2, 3, 4]));
        Assert.Contains("weights.bin", longWeights);

        string noWeights = LoadError(Rewrite(bytes, "weights.bin", null));
        Assert.Contains("'weights.bin' is missing", noWeights);
    }

    [Fact]
    public void AbsurdSizesAreRejectedBeforeAllocating()
    {
        using var scope = KerasNames.BeginScope();
        var bytes = SavedBytes(TestData.DenseClassifier(3, seed: 3));
        long before = GC.GetAllocatedBytesForCurrentThread();

        // Two billion units: over the limit for a layer size.
        string units = LoadError(EditModelJson(bytes, json => json["config"]!["layers"]![0]!["config"]!["units"] = 2_000_000_000));
        Assert.Contains("\"units\" is 2000000000", units);

        // Sizes within the per-dimension limit whose product is huge: 2^24 x 2^24 x 2^24 values per sample.
        string input = LoadError(EditModelJson(bytes, json => json["config"]!["input_shape"] = new JsonArray(1 << 24, 1 << 24, 1 << 24)));
        Assert.Contains("cannot be built", input);

        // A big but buildable layer (16.7M x 16 weights) whose weights.bin is tiny.
        string big = LoadError(EditModelJson(bytes, json =>
        {
            json["config"]!["input_shape"] = new JsonArray(1 << 24);
            json["weights"]![0]!["shape"] = new JsonArray(1 << 24, 16);
            json["weights"]![0]!["count"] = (1L << 24) * 16;
            long offset = 0;
            foreach (var w in json["weights"]!.AsArray())
            {
                w!["byte_offset"] = offset;
                offset += 4 * (long)w["count"]!;
            }
        }));
        Assert.Contains("weights.bin", big);

        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 64 << 20, "loading must not allocate what the file claims");
    }

    [Fact]
    public void ImpossibleCompressionRatiosAreRejected()
    {
        // A manifest that claims far more bytes than its compressed size could hold is refused without reading it.
        var bytes = Zip(("manifest.json", Encoding.UTF8.GetBytes("{\"format\": \"MlNetCnn.Keras.Sequential\", \"version\": 1}" + new string(' ', 60_000))));
        // Patch the central directory's uncompressed size of the only entry to 2^31.
        int central = FindLast(bytes, [0x50, 0x4b, 0x01, 0x02]);
        BitConverter.GetBytes(0x7fff_fff0).CopyTo(bytes, central + 24);
        string message = LoadError(bytes);
        Assert.Contains("manifest.json", message);
    }

    private static byte[] SavedBytes(Sequential model)
    {
        using var stream = new MemoryStream();
        model.Save(stream);
        return stream.ToArray();
    }

    private static string LoadError(byte[] bytes)
    {
        using var stream = new MemoryStream(bytes);
        return Assert.Throws<InvalidDataException>(() => Sequential.Load(stream, "test.zip")).Message;
    }

    private static byte[] Zip(params (string Name, byte[] Data)[] entries)
    {
        using var stream = new MemoryStream();
        using (var archive = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, data) in entries)
            {
                using var s = archive.CreateEntry(name).Open();
                s.Write(data);
            }
        }
        return stream.ToArray();
    }

    /// <summary>Copies a model zip, replacing (or with null, dropping) one entry.</summary>
    private static byte[] Rewrite(byte[] zip, string entryName, Func<byte[], byte[]>? change)
    {
        using var input = new ZipArchive(new MemoryStream(zip), ZipArchiveMode.Read);
        var entries = new List<(string, byte[])>();
        foreach (var entry in input.Entries)
        {
            using var s = entry.Open();
            using var copy = new MemoryStream();
            s.CopyTo(copy);
            if (entry.FullName != entryName) entries.Add((entry.FullName, copy.ToArray()));
            else if (change is not null) entries.Add((entry.FullName, change(copy.ToArray())));
        }
        return Zip(entries.ToArray());
    }

    private static byte[] EditModelJson(byte[] zip, Action<JsonNode> edit) => Rewrite(zip, "model.json", old =>
    {
        var json = JsonNode.Parse(old)!;
        edit(json);
        return Encoding.UTF8.GetBytes(json.ToJsonString());
    });

    private static int FindLast(byte[] data, byte[] pattern)
    {
        for (int i = data.Length - pattern.Length; i >= 0; i--)
            if (data.AsSpan(i, pattern.Length).SequenceEqual(pattern)) return i;
        throw new InvalidOperationException("pattern not found");
    }
}
