using MlNetCnn.Data;

namespace MlNetCnn.Tests;

public class CoreTypesTests
{
    [Fact]
    public void VBuffer_dense_and_sparse_expose_values_and_defaults()
    {
        var dense = new VBuffer<float>(3, new[] { 1f, 2f, 3f });
        Assert.True(dense.IsDense);
        Assert.Equal(new[] { 1f, 2f, 3f }, dense.GetValues().ToArray());
        Assert.True(dense.GetIndices().IsEmpty);

        var sparse = new VBuffer<float>(5, 2, new[] { 7f, 9f }, new[] { 1, 3 });
        Assert.False(sparse.IsDense);
        Assert.Equal(new[] { 0f, 7f, 0f, 9f, 0f }, sparse.DenseValues().ToArray());
        Assert.Equal(9f, sparse.GetItemOrDefault(3));
        Assert.Equal(0f, sparse.GetItemOrDefault(4));
        Assert.Equal(new[] { 1, 3 }, sparse.Items().Select(kv => kv.Key).ToArray());
        Assert.Equal(5, sparse.Items(all: true).Count());

        VBuffer<float> copy = default;
        sparse.CopyToDense(ref copy);
        Assert.True(copy.IsDense);
        Assert.Equal(sparse.DenseValues(), copy.DenseValues());
        Assert.Throws<ArgumentOutOfRangeException>(() => sparse.GetItemOrDefault(5));
    }

    [Fact]
    public void VBufferEditor_reuses_large_enough_arrays()
    {
        var buffer = new VBuffer<int>(4, new[] { 1, 2, 3, 4 });
        var editor = VBufferEditor.Create(ref buffer, 2);
        Assert.False(editor.CreatedNewValues);
        editor.Values[0] = 10;
        editor.Values[1] = 20;
        buffer = editor.Commit();
        Assert.Equal(2, buffer.Length);
        Assert.Equal(new[] { 10, 20 }, buffer.DenseValues());

        var grow = VBufferEditor.Create(ref buffer, 8);
        Assert.True(grow.CreatedNewValues);
        Assert.Equal(8, grow.Values.Length);
    }

    [Fact]
    public void Types_compare_by_meaning_and_print_like_mlnet()
    {
        Assert.Same(NumberDataViewType.Single, NumberDataViewType.Single);
        Assert.Equal("Single", NumberDataViewType.Single.ToString());
        Assert.Equal("String", TextDataViewType.Instance.ToString());
        Assert.Equal(typeof(ReadOnlyMemory<char>), TextDataViewType.Instance.RawType);

        var k1 = new KeyDataViewType(typeof(uint), 10);
        Assert.Equal(k1, new KeyDataViewType(typeof(uint), 10UL));
        Assert.NotEqual(k1, new KeyDataViewType(typeof(uint), 11));
        Assert.NotEqual<DataViewType>(k1, NumberDataViewType.UInt32);
        Assert.Equal("Key<UInt32, 0-9>", k1.ToString());
        Assert.Throws<ArgumentException>(() => new KeyDataViewType(typeof(int), 3));
        Assert.Throws<ArgumentOutOfRangeException>(() => new KeyDataViewType(typeof(byte), 300));
        Assert.Throws<ArgumentOutOfRangeException>(() => new KeyDataViewType(typeof(uint), 0));

        var image = new VectorDataViewType(NumberDataViewType.Single, 28, 28, 1);
        Assert.Equal(784, image.Size);
        Assert.True(image.IsKnownSize);
        Assert.Equal(new[] { 28, 28, 1 }, image.Dimensions.ToArray());
        Assert.Equal(typeof(VBuffer<float>), image.RawType);
        Assert.Equal("Vector<Single, 28, 28, 1>", image.ToString());
        Assert.NotEqual(image, new VectorDataViewType(NumberDataViewType.Single, 784));
        Assert.Equal(image, new VectorDataViewType(NumberDataViewType.Single, 28, 28, 1));

        var variable = new VectorDataViewType(NumberDataViewType.Byte);
        Assert.False(variable.IsKnownSize);
        Assert.Equal(0, variable.Size);
        Assert.Equal("Vector<Byte>", variable.ToString());
    }

    [Fact]
    public void Schema_lookup_returns_last_column_and_marks_earlier_ones_hidden()
    {
        var b = new DataViewSchema.Builder();
        b.AddColumn("A", NumberDataViewType.Single);
        b.AddColumn("B", TextDataViewType.Instance);
        b.AddColumn("A", NumberDataViewType.Double);
        var schema = b.ToSchema();

        Assert.Equal(3, schema.Count);
        Assert.Equal("3 columns", schema.ToString());
        Assert.True(schema[0].IsHidden);
        Assert.False(schema[2].IsHidden);
        Assert.Equal(2, schema["A"].Index);
        Assert.Equal(NumberDataViewType.Double, schema["A"].Type);
        Assert.Null(schema.GetColumnOrNull("C"));
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => schema["C"]);
        Assert.Contains("'C'", e.Message);
        Assert.Equal("B: String", schema[1].ToString());
    }

    [Fact]
    public void Annotations_hold_slot_names_and_key_values()
    {
        var names = new VBuffer<ReadOnlyMemory<char>>(2, new[] { "x".AsMemory(), "y".AsMemory() });
        var ab = new DataViewSchema.Annotations.Builder();
        ab.AddSlotNames(2, (ref VBuffer<ReadOnlyMemory<char>> dst) => names.CopyTo(ref dst));
        var keyValues = new VBuffer<ReadOnlyMemory<char>>(3, new[] { "cat".AsMemory(), "dog".AsMemory(), "eel".AsMemory() });
        var kb = new DataViewSchema.Annotations.Builder();
        kb.AddKeyValues(3, TextDataViewType.Instance, (ref VBuffer<ReadOnlyMemory<char>> dst) => keyValues.CopyTo(ref dst));
        var normalized = new DataViewSchema.Annotations.Builder();
        normalized.Add(ab.ToAnnotations(), _ => true);
        normalized.AddPrimitiveValue("IsNormalized", BooleanDataViewType.Instance, true);

        var b = new DataViewSchema.Builder();
        b.AddColumn("Features", new VectorDataViewType(NumberDataViewType.Single, 2), normalized.ToAnnotations());
        b.AddColumn("Label", new KeyDataViewType(typeof(uint), 3), kb.ToAnnotations());
        var schema = b.ToSchema();

        var features = schema["Features"];
        Assert.True(features.HasSlotNames());
        Assert.True(features.IsNormalized());
        VBuffer<ReadOnlyMemory<char>> slots = default;
        features.GetSlotNames(ref slots);
        Assert.Equal(new[] { "x", "y" }, slots.DenseValues().Select(m => m.ToString()));
        Assert.Equal("Features: Vector<Single, 2> {SlotNames, IsNormalized}", features.ToString());

        var label = schema["Label"];
        Assert.True(label.HasKeyValues());
        Assert.True(label.HasKeyValues(TextDataViewType.Instance));
        Assert.False(label.HasKeyValues(NumberDataViewType.Single));
        Assert.False(label.HasSlotNames());
        Assert.False(label.IsNormalized());
        VBuffer<ReadOnlyMemory<char>> kv = default;
        label.GetKeyValues(ref kv);
        Assert.Equal(new[] { "cat", "dog", "eel" }, kv.DenseValues().Select(m => m.ToString()));
        Assert.Throws<InvalidOperationException>(() => features.GetKeyValues(ref kv));

        bool flag = false;
        Assert.Throws<InvalidOperationException>(() => features.Annotations.GetValue("IsNormalized", ref slots));
        features.Annotations.GetValue("IsNormalized", ref flag);
        Assert.True(flag);
        Assert.Throws<ArgumentOutOfRangeException>(() => features.Annotations.GetValue("Nope", ref flag));
    }

    [Fact]
    public void Fixed_annotation_values_are_copied_so_callers_cannot_corrupt_them()
    {
        var values = new[] { 1f, 2f };
        var ab = new DataViewSchema.Annotations.Builder();
        ab.Add("V", new VectorDataViewType(NumberDataViewType.Single, 2), new VBuffer<float>(2, values));
        var annotations = ab.ToAnnotations();
        values[0] = 100;
        VBuffer<float> read = default;
        annotations.GetValue("V", ref read);
        Assert.Equal(new[] { 1f, 2f }, read.DenseValues());

        // Editing what we got must not change the stored value.
        var editor = VBufferEditor.CreateFromBuffer(ref read);
        editor.Values[0] = -1;
        VBuffer<float> again = default;
        annotations.GetValue("V", ref again);
        Assert.Equal(1f, again.GetItemOrDefault(0));
    }

    [Fact]
    public void SchemaShape_describes_keys_vectors_and_annotations()
    {
        var kb = new DataViewSchema.Annotations.Builder();
        var keyValues = new VBuffer<ReadOnlyMemory<char>>(2, new[] { "a".AsMemory(), "b".AsMemory() });
        kb.AddKeyValues(2, TextDataViewType.Instance, (ref VBuffer<ReadOnlyMemory<char>> dst) => keyValues.CopyTo(ref dst));
        var b = new DataViewSchema.Builder();
        b.AddColumn("Label", new KeyDataViewType(typeof(uint), 2), kb.ToAnnotations());
        b.AddColumn("Pixels", new VectorDataViewType(NumberDataViewType.Single, 4));
        b.AddColumn("Bytes", new VectorDataViewType(NumberDataViewType.Byte));
        b.AddColumn("Keys", new VectorDataViewType(new KeyDataViewType(typeof(uint), 5), 3));
        var shape = SchemaShape.Create(b.ToSchema());

        Assert.True(shape.TryFindColumn("Label", out var label));
        Assert.True(label.IsKey);
        Assert.Equal(NumberDataViewType.UInt32, label.ItemType);
        Assert.Equal("Key<UInt32>", label.GetTypeString());
        Assert.True(label.Annotations.TryFindColumn("KeyValues", out _));
        Assert.True(shape.TryFindColumn("Pixels", out var pixels));
        Assert.Equal(SchemaShape.VectorKind.Vector, pixels.Kind);
        Assert.Equal("Vector<Single>", pixels.GetTypeString());
        Assert.True(shape.TryFindColumn("Bytes", out var bytes));
        Assert.Equal("VarVector<Byte>", bytes.GetTypeString());
        Assert.True(shape.TryFindColumn("Keys", out var keys));
        Assert.Equal("Vector<Key<UInt32>>", keys.GetTypeString());
        Assert.False(shape.TryFindColumn("Nope", out _));

        var required = SchemaShape.FromType("Label", new KeyDataViewType(typeof(uint), 7), null);
        Assert.True(required.IsCompatibleWith(label));
        Assert.False(required.IsCompatibleWith(pixels));
    }
}
