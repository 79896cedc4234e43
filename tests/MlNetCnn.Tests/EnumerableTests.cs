using MlNetCnn.Data;

namespace MlNetCnn.Tests;

public class EnumerableTests
{
    private sealed class Sample
    {
        public float Score;
        public double Weight { get; set; }
        public int Count;
        public long Big;
        public bool Flag;
        public string Name = string.Empty;

        [KeyType(5)]
        public uint Label;

        [VectorType(2, 2, 1)]
        public float[] Pixels = Array.Empty<float>();

        public byte[] Raw = Array.Empty<byte>();

        [ColumnName("Renamed")]
        public float Original;

        [NoColumn]
        public float Ignored;
    }

    private sealed class Projection
    {
        public string Name = string.Empty;
        public uint Label;
        public float[] Pixels = Array.Empty<float>();
        public float Renamed;
    }

    private static Sample[] Samples() => new[]
    {
        new Sample { Score = 1.5f, Weight = 2.25, Count = -3, Big = 1L << 40, Flag = true, Name = "first", Label = 2, Pixels = new[] { 1f, 2f, 3f, 4f }, Raw = new byte[] { 1, 2, 3 }, Original = 9, Ignored = 7 },
        new Sample { Score = -1, Weight = 0, Count = 4, Big = -1, Flag = false, Name = "second", Label = 0, Pixels = new[] { 5f, 6f, 7f, 8f }, Raw = new byte[] { 250 }, Original = 10 },
    };

    [Fact]
    public void Schema_follows_members_and_attributes()
    {
        var data = new MLContext(1).Data.LoadFromEnumerable(Samples());
        var s = data.Schema;
        Assert.Equal(new[] { "Score", "Count", "Big", "Flag", "Name", "Label", "Pixels", "Raw", "Renamed", "Weight" }, s.Select(c => c.Name));
        Assert.Equal(NumberDataViewType.Single, s["Score"].Type);
        Assert.Equal(NumberDataViewType.Double, s["Weight"].Type);
        Assert.Equal(NumberDataViewType.Int32, s["Count"].Type);
        Assert.Equal(NumberDataViewType.Int64, s["Big"].Type);
        Assert.Equal(BooleanDataViewType.Instance, s["Flag"].Type);
        Assert.Equal(TextDataViewType.Instance, s["Name"].Type);
        Assert.Equal(new KeyDataViewType(typeof(uint), 5), s["Label"].Type);
        Assert.Equal(new VectorDataViewType(NumberDataViewType.Single, 2, 2, 1), s["Pixels"].Type);
        Assert.Equal(new VectorDataViewType(NumberDataViewType.Byte), s["Raw"].Type);
        Assert.Null(s.GetColumnOrNull("Ignored"));
        Assert.Equal(2, data.GetRowCount());
        Assert.True(data.CanShuffle);
    }

    [Fact]
    public void Values_round_trip_through_CreateEnumerable()
    {
        var ml = new MLContext(1);
        var data = ml.Data.LoadFromEnumerable(Samples());
        var back = ml.Data.CreateEnumerable<Sample>(data, reuseRowObject: false).ToList();
        Assert.Equal(2, back.Count);
        var a = back[0];
        Assert.Equal(1.5f, a.Score);
        Assert.Equal(2.25, a.Weight);
        Assert.Equal(-3, a.Count);
        Assert.Equal(1L << 40, a.Big);
        Assert.True(a.Flag);
        Assert.Equal("first", a.Name);
        Assert.Equal(2u, a.Label);
        Assert.Equal(new[] { 1f, 2f, 3f, 4f }, a.Pixels);
        Assert.Equal(new byte[] { 1, 2, 3 }, a.Raw);
        Assert.Equal(9f, a.Original);
        Assert.Equal(0f, a.Ignored);
        Assert.Equal(0u, back[1].Label);
        Assert.Equal(new byte[] { 250 }, back[1].Raw);
        Assert.NotSame(back[0].Pixels, back[1].Pixels);
    }

    [Fact]
    public void Reused_row_object_is_refilled_and_projection_reads_subset()
    {
        var ml = new MLContext(1);
        var data = ml.Data.LoadFromEnumerable(Samples());
        var seen = new List<(string, uint, float)>();
        Projection? first = null;
        foreach (var p in ml.Data.CreateEnumerable<Projection>(data, reuseRowObject: true))
        {
            first ??= p;
            Assert.Same(first, p);
            seen.Add((p.Name, p.Label, p.Pixels[3]));
        }

        Assert.Equal(new[] { ("first", 2u, 4f), ("second", 0u, 8f) }, seen);
    }

    private sealed class NeedsMissing
    {
        public float Score;
        public float NotThere;
    }

    [Fact]
    public void Missing_columns_throw_unless_ignored()
    {
        var ml = new MLContext(1);
        var data = ml.Data.LoadFromEnumerable(Samples());
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => ml.Data.CreateEnumerable<NeedsMissing>(data, false).ToList());
        Assert.Contains("NotThere", e.Message);
        var rows = ml.Data.CreateEnumerable<NeedsMissing>(data, false, ignoreMissingColumns: true).ToList();
        Assert.Equal(new[] { 1.5f, -1f }, rows.Select(r => r.Score));
    }

    private sealed class WrongType
    {
        public int Name;
    }

    [Fact]
    public void Incompatible_member_type_is_a_clear_error()
    {
        var ml = new MLContext(1);
        var data = ml.Data.LoadFromEnumerable(Samples());
        var e = Assert.Throws<InvalidOperationException>(() => ml.Data.CreateEnumerable<WrongType>(data, false).ToList());
        Assert.Contains("WrongType.Name", e.Message);
    }

    [Fact]
    public void Known_size_vector_with_wrong_length_is_reported()
    {
        var ml = new MLContext(1);
        var bad = new[] { new Sample { Pixels = new[] { 1f, 2f } } };
        var data = ml.Data.LoadFromEnumerable(bad);
        var e = Assert.Throws<InvalidOperationException>(() => data.VectorColumn<float>("Pixels"));
        Assert.Contains("Pixels", e.Message);
        Assert.Contains("4", e.Message);
    }

    [Fact]
    public void Schema_definition_can_resize_a_vector_at_run_time()
    {
        var ml = new MLContext(1);
        var def = SchemaDefinition.Create(typeof(Projection));
        def["Pixels"].ColumnType = new VectorDataViewType(NumberDataViewType.Single, 4);
        var data = ml.Data.LoadFromEnumerable(new[] { new Projection { Name = "n", Pixels = new[] { 1f, 2f, 3f, 4f } } }, def);
        Assert.Equal(new VectorDataViewType(NumberDataViewType.Single, 4), data.Schema["Pixels"].Type);
    }

    [Fact]
    public void Enumerable_is_read_lazily_on_each_cursor()
    {
        var ml = new MLContext(1);
        var list = new List<Projection> { new() { Name = "a" } };
        var data = ml.Data.LoadFromEnumerable(list);
        list.Add(new Projection { Name = "b" });
        Assert.Equal(new[] { "a", "b" }, data.Column<ReadOnlyMemory<char>>("Name").Select(m => m.ToString()));
    }
}
