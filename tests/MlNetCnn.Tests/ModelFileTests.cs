using System.IO.Compression;
using System.Text;
using MlNetCnn.Data;

namespace MlNetCnn.Tests;

public class ModelFileTests
{
    static ModelFileTests()
    {
        ScaleTransformer.Register();
    }

    private sealed class Row
    {
        public float X;

        [KeyType(3)]
        public uint Label;

        [VectorType(2, 3)]
        public float[] Image = new float[6];
    }

    private static (MLContext, IDataView) Data()
    {
        var ml = new MLContext(1);
        var data = ml.Data.LoadFromEnumerable(new[] { new Row { X = 1, Label = 1 }, new Row { X = 2, Label = 3 } });
        return (ml, data);
    }

    private static DataViewSchema RichSchema()
    {
        var keyValues = new VBuffer<ReadOnlyMemory<char>>(3, new[] { "cat".AsMemory(), "dog".AsMemory(), "eel".AsMemory() });
        var kb = new DataViewSchema.Annotations.Builder();
        kb.AddKeyValues(3, TextDataViewType.Instance, (ref VBuffer<ReadOnlyMemory<char>> dst) => keyValues.CopyTo(ref dst));
        var names = new VBuffer<ReadOnlyMemory<char>>(6, Enumerable.Range(0, 6).Select(i => ("p" + i).AsMemory()).ToArray());
        var sb = new DataViewSchema.Annotations.Builder();
        sb.AddSlotNames(6, (ref VBuffer<ReadOnlyMemory<char>> dst) => names.CopyTo(ref dst));
        sb.AddPrimitiveValue("IsNormalized", BooleanDataViewType.Instance, true);
        sb.Add("Sparse", new VectorDataViewType(NumberDataViewType.Double, 5), new VBuffer<double>(5, 2, new[] { 1.5, -2 }, new[] { 1, 4 }));
        var b = new DataViewSchema.Builder();
        b.AddColumn("X", NumberDataViewType.Single);
        b.AddColumn("Label", new KeyDataViewType(typeof(uint), 3), kb.ToAnnotations());
        b.AddColumn("Image", new VectorDataViewType(NumberDataViewType.Single, 2, 3), sb.ToAnnotations());
        b.AddColumn("Bytes", new VectorDataViewType(NumberDataViewType.Byte));
        b.AddColumn("Name", TextDataViewType.Instance);
        b.AddColumn("Flag", BooleanDataViewType.Instance);
        b.AddColumn("X", NumberDataViewType.Double);
        return b.ToSchema();
    }

    [Fact]
    public void Chain_and_schema_round_trip_through_a_file()
    {
        using var dir = new TempDir();
        var (ml, data) = Data();
        var model = new TransformerChain<ITransformer>(
            new ITransformer[] { new ScaleTransformer("Y", "X", 2, new[] { 0.5f }), new ScaleTransformer("Z", "Y", -1, Array.Empty<float>()) },
            new[] { TransformerScope.Everything, TransformerScope.Scoring });
        string path = dir.File("model.zip");
        ml.Model.Save(model, data.Schema, path);

        using (var zip = ZipFile.OpenRead(path))
        {
            var entries = zip.Entries.Select(e => e.FullName).ToHashSet();
            Assert.Contains("TrainingInfo/Version.txt", entries);
            Assert.Contains("Schema", entries);
            Assert.Contains("TransformerChain/Model.key", entries);
            Assert.Contains("TransformerChain/Transform_000/Model.key", entries);
            Assert.Contains("TransformerChain/Transform_000/Bias", entries);
            Assert.Contains("TransformerChain/Transform_001/Model.key", entries);
        }

        var loaded = ml.Model.Load(path, out var schema);
        var chain = Assert.IsType<TransformerChain<ITransformer>>(loaded);
        Assert.Equal(new[] { TransformerScope.Everything, TransformerScope.Scoring }, chain.Scopes);
        var first = Assert.IsType<ScaleTransformer>(chain.First());
        Assert.Equal(new[] { 0.5f }, first.Bias);
        Assert.Equal(data.Schema.Select(c => (c.Name, c.Type)), schema.Select(c => (c.Name, c.Type)));
        Assert.Equal(new[] { -2.5f, -4.5f }, loaded.Transform(data).Column<float>("Z"));
    }

    [Fact]
    public void Schema_keeps_types_dimensions_hidden_columns_and_annotations()
    {
        var original = RichSchema();
        var ml = new MLContext(1);
        using var stream = new MemoryStream();
        ml.Model.Save(new ScaleTransformer("Y", "X", 1, Array.Empty<float>()), original, stream);
        stream.Position = 0;
        var model = ml.Model.Load(stream, out var schema);
        Assert.IsType<TransformerChain<ITransformer>>(model);

        Assert.Equal(original.Select(c => (c.Name, c.Type, c.IsHidden)), schema.Select(c => (c.Name, c.Type, c.IsHidden)));
        Assert.Equal(new[] { 2, 3 }, ((VectorDataViewType)schema["Image"].Type).Dimensions.ToArray());
        VBuffer<ReadOnlyMemory<char>> kv = default;
        schema["Label"].GetKeyValues(ref kv);
        Assert.Equal(new[] { "cat", "dog", "eel" }, kv.DenseValues().Select(m => m.ToString()));
        VBuffer<ReadOnlyMemory<char>> slots = default;
        schema["Image"].GetSlotNames(ref slots);
        Assert.Equal("p5", slots.GetItemOrDefault(5).ToString());
        Assert.True(schema["Image"].IsNormalized());
        VBuffer<double> sparse = default;
        schema["Image"].Annotations.GetValue("Sparse", ref sparse);
        Assert.False(sparse.IsDense);
        Assert.Equal(new[] { 0, 1.5, 0, 0, -2 }, sparse.DenseValues());
    }

    [Fact]
    public void Null_model_and_null_schema_are_allowed()
    {
        var ml = new MLContext(1);
        using var stream = new MemoryStream();
        ml.Model.Save(null, null, stream);
        stream.Position = 0;
        var model = ml.Model.Load(stream, out var schema);
        Assert.Null(schema);
        Assert.Empty(Assert.IsType<TransformerChain<ITransformer>>(model));
    }

    [Fact]
    public void Failing_save_leaves_the_previous_file_intact()
    {
        using var dir = new TempDir();
        var (ml, data) = Data();
        string path = dir.File("model.zip");
        ml.Model.Save(new ScaleTransformer("Y", "X", 2, Array.Empty<float>()), data.Schema, path);
        byte[] before = File.ReadAllBytes(path);

        var bad = new TransformerChain<ITransformer>(new ScaleTransformer("Y", "X", 3, Array.Empty<float>()), new ChainTests.NotRowMapper());
        Assert.Throws<InvalidOperationException>(() => ml.Model.Save(bad, data.Schema, path));

        Assert.Equal(before, File.ReadAllBytes(path));
        Assert.Equal(new[] { "model.zip" }, Directory.GetFiles(dir.Path).Select(Path.GetFileName));
        Assert.Equal(2f, Assert.IsType<ScaleTransformer>(((TransformerChain<ITransformer>)ml.Model.Load(path, out _)).Single()).Factor);
    }

    [Fact]
    public void Truncated_file_gives_a_clear_error()
    {
        var bytes = SavedModel();
        foreach (int length in new[] { 0, 10, bytes.Length / 2, bytes.Length - 1 })
        {
            var e = Assert.Throws<InvalidDataException>(() => new MLContext(1).Model.Load(new MemoryStream(bytes, 0, length), out _));
            Assert.Contains("model stream", e.Message);
        }
    }

    [Fact]
    public void Corrupted_entry_is_named()
    {
        var bytes = SavedModel();

        // Flip bytes inside the compressed data of every entry, keeping the archive structure.
        using var zip = new ZipArchive(new MemoryStream(bytes), ZipArchiveMode.Read);
        string target = "TransformerChain/Transform_000/Bias";
        int offset = FindLocalEntryData(bytes, target);
        var corrupted = (byte[])bytes.Clone();
        for (int i = 0; i < 4; i++)
        {
            corrupted[offset + i] ^= 0x5A;
        }

        var e = Assert.Throws<InvalidDataException>(() => new MLContext(1).Model.Load(new MemoryStream(corrupted), out _));
        Assert.Contains(target, e.Message);
    }

    [Fact]
    public void Foreign_zip_and_non_zip_are_rejected()
    {
        var ml = new MLContext(1);
        var notZip = Assert.Throws<InvalidDataException>(() => ml.Model.Load(new MemoryStream(Encoding.UTF8.GetBytes("hello, I am a CSV file")), out _));
        Assert.Contains("not a readable zip", notZip.Message);

        var foreign = BuildZip(("readme.txt", Encoding.UTF8.GetBytes("hi")));
        var e = Assert.Throws<InvalidDataException>(() => ml.Model.Load(new MemoryStream(foreign), out _));
        Assert.Contains("TransformerChain/Model.key", e.Message);

        var badMagic = BuildZip(("TransformerChain/Model.key", Encoding.ASCII.GetBytes("PK-not-our-header-at-all")));
        var m = Assert.Throws<InvalidDataException>(() => ml.Model.Load(new MemoryStream(badMagic), out _));
        Assert.Contains("TransformerChain/Model.key", m.Message);
        Assert.Contains("magic", m.Message);
    }

    [Fact]
    public void Huge_counts_in_a_crafted_file_are_rejected_before_allocating()
    {
        var payload = new MemoryStream();
        using (var w = new BinaryWriter(payload, Encoding.UTF8, leaveOpen: true))
        {
            w.Write(int.MaxValue);
        }

        var zip = BuildZip(("TransformerChain/Model.key", ComponentEntry("XF CHAIN", "TransformerChain", payload.ToArray())));
        var e = Assert.Throws<InvalidDataException>(() => new MLContext(1).Model.Load(new MemoryStream(zip), out _));
        Assert.Contains("step count", e.Message);
        Assert.Contains("TransformerChain/Model.key", e.Message);

        var schema = new MemoryStream();
        using (var w = new BinaryWriter(schema, Encoding.UTF8, leaveOpen: true))
        {
            w.Write(Encoding.ASCII.GetBytes("MNCSCHEM"));
            w.Write(1u);
            w.Write(1);
            w.Write(int.MaxValue - 5);
        }

        var zip2 = BuildZip(("Schema", schema.ToArray()));
        var e2 = Assert.Throws<InvalidDataException>(() => new MLContext(1).Model.Load(new MemoryStream(zip2), out _));
        Assert.Contains("Schema", e2.Message);
    }

    [Fact]
    public void Unknown_component_and_bad_lengths_are_reported()
    {
        var unknown = BuildZip(("TransformerChain/Model.key", ComponentEntry("XF CHAIN", "SomethingElse", Array.Empty<byte>())));
        var e = Assert.Throws<InvalidDataException>(() => new MLContext(1).Model.Load(new MemoryStream(unknown), out _));
        Assert.Contains("'SomethingElse'", e.Message);

        var entry = ComponentEntry("XF CHAIN", "TransformerChain", new byte[] { 1, 0, 0, 0 });
        var truncatedPayload = entry[..^2];
        var zip = BuildZip(("TransformerChain/Model.key", truncatedPayload));
        var t = Assert.Throws<InvalidDataException>(() => new MLContext(1).Model.Load(new MemoryStream(zip), out _));
        Assert.Contains("payload", t.Message);

        // Step 0 is announced but its folder is missing.
        var missingStep = BuildZip(("TransformerChain/Model.key", ComponentEntry("XF CHAIN", "TransformerChain", new byte[] { 1, 0, 0, 0, 7, 0, 0, 0 })));
        var s = Assert.Throws<InvalidDataException>(() => new MLContext(1).Model.Load(new MemoryStream(missingStep), out _));
        Assert.Contains("TransformerChain/Transform_000/Model.key", s.Message);
    }

    [Fact]
    public void Newer_component_version_is_refused()
    {
        var zip = BuildZip(("TransformerChain/Model.key", ComponentEntry("XF CHAIN", "TransformerChain", new byte[4], verWritten: 0x00020001, verReadable: 0x00020001)));
        var e = Assert.Throws<InvalidDataException>(() => new MLContext(1).Model.Load(new MemoryStream(zip), out _));
        Assert.Contains("newer version", e.Message);
    }

    private static byte[] SavedModel()
    {
        var (ml, data) = Data();
        using var stream = new MemoryStream();
        ml.Model.Save(new ScaleTransformer("Y", "X", 2, Enumerable.Range(0, 200).Select(i => (float)i).ToArray()), data.Schema, stream);
        return stream.ToArray();
    }

    /// <summary>Builds a Model.key entry following the layout in src/MlNetCnn/Model/README.md.</summary>
    private static byte[] ComponentEntry(string signature, string loader, byte[] payload, uint verWritten = 0x00010001, uint verReadable = 0x00010001)
    {
        var s = new MemoryStream();
        using var w = new BinaryWriter(s);
        w.Write(Encoding.ASCII.GetBytes("MLNCNNMK"));
        w.Write(1u);
        w.Write(verWritten);
        w.Write(verReadable);
        w.Write(Encoding.ASCII.GetBytes(signature.PadRight(8)));
        var l = Encoding.UTF8.GetBytes(loader);
        w.Write(l.Length);
        w.Write(l);
        w.Write(0);
        w.Write((long)payload.Length);
        w.Write(payload);
        w.Flush();
        return s.ToArray();
    }

    private static byte[] BuildZip(params (string Name, byte[] Data)[] entries)
    {
        var s = new MemoryStream();
        using (var zip = new ZipArchive(s, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, data) in entries)
            {
                using var e = zip.CreateEntry(name).Open();
                e.Write(data);
            }
        }

        return s.ToArray();
    }

    /// <summary>Returns the offset of the compressed data of a zip entry (after its local file header).</summary>
    private static int FindLocalEntryData(byte[] zip, string name)
    {
        var nameBytes = Encoding.UTF8.GetBytes(name);
        for (int i = 0; i + 30 < zip.Length; i++)
        {
            if (zip[i] == 0x50 && zip[i + 1] == 0x4B && zip[i + 2] == 3 && zip[i + 3] == 4)
            {
                int nameLength = BitConverter.ToUInt16(zip, i + 26);
                int extraLength = BitConverter.ToUInt16(zip, i + 28);
                if (nameLength == nameBytes.Length && zip.AsSpan(i + 30, nameLength).SequenceEqual(nameBytes))
                {
                    return i + 30 + nameLength + extraLength + 2;
                }
            }
        }

        throw new InvalidOperationException($"Entry {name} not found.");
    }
}
