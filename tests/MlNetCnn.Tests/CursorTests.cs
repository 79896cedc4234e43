using MlNetCnn.Data;

namespace MlNetCnn.Tests;

public class CursorTests
{
    private sealed class Row
    {
        public float X;
        public string Tag = string.Empty;
    }

    private static IDataView Data(MLContext ml, int n)
        => ml.Data.LoadFromEnumerable(Enumerable.Range(0, n).Select(i => new Row { X = i, Tag = "t" + i }).ToList());

    public static IEnumerable<object[]> Views()
    {
        var ml = new MLContext(3);
        yield return new object[] { "enumerable", Data(ml, 10) };
        yield return new object[] { "cache", ml.Data.Cache(Data(ml, 10)) };
        yield return new object[] { "shuffle", ml.Data.ShuffleRows(Data(ml, 10), seed: 1) };
        yield return new object[] { "pool-shuffle", ml.Data.ShuffleRows(Data(ml, 10), seed: 1, shufflePoolSize: 3, shuffleSource: false) };
        yield return new object[] { "take", ml.Data.TakeRows(Data(ml, 20), 10) };
        yield return new object[] { "filter", ml.Data.FilterRowsByColumn(Data(ml, 10), "X", 0, 100) };
    }

    [Theory]
    [MemberData(nameof(Views))]
    public void Getters_check_activity_and_type(string name, IDataView data)
    {
        var x = data.Schema["X"];
        var tag = data.Schema["Tag"];
        using var cursor = data.GetRowCursor(new[] { x });
        Assert.Equal(-1, cursor.Position);
        Assert.True(cursor.IsColumnActive(x));
        Assert.False(cursor.IsColumnActive(tag));
        var inactive = Assert.Throws<InvalidOperationException>(() => cursor.GetGetter<ReadOnlyMemory<char>>(tag));
        Assert.Contains("not active", inactive.Message);
        var wrong = Assert.Throws<InvalidOperationException>(() => cursor.GetGetter<double>(x));
        Assert.Contains("Single", wrong.Message);

        var getter = cursor.GetGetter<float>(x);
        var seen = new List<float>();
        float v = 0;
        while (cursor.MoveNext())
        {
            Assert.Equal(seen.Count, cursor.Position);
            getter(ref v);
            seen.Add(v);
        }

        Assert.Equal(-1, cursor.Position);
        Assert.False(cursor.MoveNext());
        Assert.Equal(Enumerable.Range(0, 10).Select(i => (float)i), seen.OrderBy(f => f));
        Assert.NotNull(name);
    }

    [Fact]
    public void Column_of_another_schema_is_rejected()
    {
        var ml = new MLContext(1);
        var data = Data(ml, 2);
        var b = new DataViewSchema.Builder();
        b.AddColumn("Other", NumberDataViewType.Double);
        var foreign = b.ToSchema()[0];
        Assert.Throws<ArgumentOutOfRangeException>(() => data.GetRowCursor(new[] { foreign }));
    }

    [Fact]
    public void Shuffle_is_deterministic_for_a_seed_and_a_permutation()
    {
        var ml = new MLContext(1);
        var data = Data(ml, 50);
        var a = ml.Data.ShuffleRows(data, seed: 7).Column<float>("X");
        var b = ml.Data.ShuffleRows(data, seed: 7).Column<float>("X");
        var c = ml.Data.ShuffleRows(data, seed: 8).Column<float>("X");
        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
        Assert.NotEqual(Enumerable.Range(0, 50).Select(i => (float)i), a);
        Assert.Equal(Enumerable.Range(0, 50).Select(i => (float)i), a.OrderBy(f => f));

        var pooled = ml.Data.ShuffleRows(data, seed: 7, shufflePoolSize: 5, shuffleSource: false);
        var p1 = pooled.Column<float>("X");
        Assert.Equal(p1, pooled.Column<float>("X"));
        Assert.Equal(Enumerable.Range(0, 50).Select(i => (float)i), p1.OrderBy(f => f));
        Assert.NotEqual(Enumerable.Range(0, 50).Select(i => (float)i), p1);
    }

    [Fact]
    public void Shuffled_cursor_with_random_differs_per_pass_but_keeps_row_ids()
    {
        var ml = new MLContext(1);
        var data = ml.Data.Cache(Data(ml, 30));
        var x = data.Schema["X"];
        List<(float, DataViewRowId)> Pass(Random r)
        {
            var list = new List<(float, DataViewRowId)>();
            using var cursor = data.GetRowCursor(new[] { x }, r);
            var g = cursor.GetGetter<float>(x);
            var id = cursor.GetIdGetter();
            float v = 0;
            DataViewRowId rid = default;
            while (cursor.MoveNext())
            {
                g(ref v);
                id(ref rid);
                list.Add((v, rid));
            }

            return list;
        }

        var p1 = Pass(new Random(1));
        var p2 = Pass(new Random(2));
        Assert.NotEqual(p1.Select(t => t.Item1), p2.Select(t => t.Item1));
        Assert.Equal(p1.OrderBy(t => t.Item1), p2.OrderBy(t => t.Item1));
    }

    [Fact]
    public void Take_skip_and_filter_select_the_right_rows()
    {
        var ml = new MLContext(1);
        var data = Data(ml, 10);
        Assert.Equal(new[] { 0f, 1f, 2f }, ml.Data.TakeRows(data, 3).Column<float>("X"));
        Assert.Equal(3, ml.Data.TakeRows(data, 3).GetRowCount());
        Assert.Equal(new[] { 8f, 9f }, ml.Data.SkipRows(data, 8).Column<float>("X"));
        Assert.Equal(0, ml.Data.SkipRows(data, 20).CountRows());
        Assert.Equal(new[] { 2f, 3f, 4f }, ml.Data.FilterRowsByColumn(data, "X", 2, 5).Column<float>("X"));
        Assert.Throws<ArgumentOutOfRangeException>(() => ml.Data.FilterRowsByColumn(data, "Tag", 0, 1));
    }

    [Fact]
    public void Cache_reads_the_source_once()
    {
        var ml = new MLContext(1);
        int enumerations = 0;
        IEnumerable<Row> Source()
        {
            enumerations++;
            for (int i = 0; i < 5; i++)
            {
                yield return new Row { X = i };
            }
        }

        var cached = ml.Data.Cache(ml.Data.LoadFromEnumerable(Source()));
        Assert.Null(cached.GetRowCount());
        Assert.Equal(5, cached.CountRows());
        Assert.Equal(5, cached.Column<float>("X").Count);
        Assert.Equal(5, cached.GetRowCount());
        Assert.Equal(1, enumerations);
    }
}
