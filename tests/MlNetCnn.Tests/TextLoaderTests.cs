using System.Diagnostics;
using System.Globalization;
using System.Text;
using MlNetCnn.Data;
using MlNetCnn.Runtime;

namespace MlNetCnn.Tests;

public class TextLoaderTests
{
    private sealed class House
    {
        [LoadColumn(0)]
        public string Name = string.Empty;

        [LoadColumn(1)]
        public float Size;

        [LoadColumn(2)]
        public int Rooms;

        [LoadColumn(3)]
        [ColumnName("Label")]
        public bool Sold;
    }

    [Fact]
    public void Csv_with_header_quotes_and_whitespace()
    {
        using var dir = new TempDir();
        string path = dir.File("houses.csv");
        File.WriteAllText(path, "name, size, rooms, sold\n\"Villa, big\" , 120.5, 5, true  \n  cottage ,\"80\",2,false\n\n\"He said \"\"hi\"\"\",1e2,3,1\n");
        var ml = new MLContext(1);
        var data = ml.Data.LoadFromTextFile<House>(path, separatorChar: ',', hasHeader: true, allowQuoting: true, trimWhitespace: true);

        Assert.Equal(new[] { "Name", "Size", "Rooms", "Label" }, data.Schema.Select(c => c.Name));
        Assert.Equal(new[] { "Villa, big", "cottage", "He said \"hi\"" }, data.Column<ReadOnlyMemory<char>>("Name").Select(m => m.ToString()));
        Assert.Equal(new[] { 120.5f, 80f, 100f }, data.Column<float>("Size"));
        Assert.Equal(new[] { 5, 2, 3 }, data.Column<int>("Rooms"));
        Assert.Equal(new[] { true, false, true }, data.Column<bool>("Label"));

        var objects = ml.Data.CreateEnumerable<House>(data, reuseRowObject: false).ToList();
        Assert.Equal("cottage", objects[1].Name);
        Assert.True(objects[2].Sold);
    }

    [Fact]
    public void Without_trimming_text_keeps_spaces_and_default_separator_is_tab()
    {
        using var dir = new TempDir();
        string path = dir.File("t.tsv");
        File.WriteAllText(path, " a \t1\t2\tfalse\n");
        var data = new MLContext(1).Data.LoadFromTextFile<House>(path);
        Assert.Equal(" a ", data.Column<ReadOnlyMemory<char>>("Name")[0].ToString());
        Assert.Equal(1f, data.Column<float>("Size")[0]);
    }

    private sealed class Pixels
    {
        [LoadColumn(0)]
        public float Label;

        [LoadColumn(1, 784)]
        [VectorType(28, 28, 1)]
        public float[] Image = Array.Empty<float>();
    }

    [Fact]
    public void Loads_785_column_fashion_mnist_style_csv_fast_and_exactly()
    {
        using var dir = new TempDir();
        string path = dir.File("fashion.csv");
        const int rows = 3000;
        var random = new Random(5);
        var expected = new byte[rows, 785];
        var sb = new StringBuilder("label");
        for (int i = 1; i <= 784; i++)
        {
            sb.Append(",pixel").Append(i);
        }

        sb.Append('\n');
        for (int r = 0; r < rows; r++)
        {
            for (int c = 0; c < 785; c++)
            {
                byte v = (byte)(c == 0 ? random.Next(10) : random.Next(256));
                expected[r, c] = v;
                if (c > 0)
                {
                    sb.Append(',');
                }

                sb.Append(v);
            }

            sb.Append('\n');
        }

        File.WriteAllText(path, sb.ToString());

        var ml = new MLContext(1);
        var data = ml.Data.LoadFromTextFile<Pixels>(path, separatorChar: ',', hasHeader: true);
        var imageCol = data.Schema["Image"];
        Assert.Equal(new VectorDataViewType(NumberDataViewType.Single, 28, 28, 1), imageCol.Type);
        Assert.True(imageCol.HasSlotNames());
        VBuffer<ReadOnlyMemory<char>> names = default;
        imageCol.GetSlotNames(ref names);
        Assert.Equal("pixel1", names.GetItemOrDefault(0).ToString());
        Assert.Equal("pixel784", names.GetItemOrDefault(783).ToString());

        long fileChars = new FileInfo(path).Length;
        var watch = Stopwatch.StartNew();
        long allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        using var cursor = data.GetRowCursor(data.Schema);
        var label = cursor.GetGetter<float>(data.Schema["Label"]);
        var image = cursor.GetGetter<VBuffer<float>>(imageCol);
        float l = 0;
        VBuffer<float> img = default;
        int row = 0;
        while (cursor.MoveNext())
        {
            label(ref l);
            image(ref img);
            Assert.Equal(expected[row, 0], l);
            var values = img.GetValues();
            Assert.Equal(784, values.Length);
            for (int c = 0; c < 784; c++)
            {
                if (values[c] != expected[row, c + 1])
                {
                    Assert.Fail($"row {row} pixel {c}: {values[c]} != {expected[row, c + 1]}");
                }
            }

            row++;
        }

        watch.Stop();
        long allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
        Assert.Equal(rows, row);

        // No allocation per cell: only the line strings (2 bytes per char) and reader buffers. One string per cell
        // would add about 2.4 M * 32 bytes = 75 MB.
        Assert.True(allocated < (4 * fileChars) + (4 << 20), $"allocated {allocated} bytes for a {fileChars}-byte file");

        // 2.4 M cells take a fraction of a second; the bound only catches pathological slowness on a busy machine.
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(30), $"took {watch.Elapsed}");
    }

    [Fact]
    public void Decimal_fast_path_matches_the_framework_parser()
    {
        var random = new Random(11);
        for (int i = 0; i < 20000; i++)
        {
            double d = (random.NextDouble() - 0.5) * Math.Pow(10, random.Next(-6, 8));
            string s = d.ToString("F" + random.Next(0, 9), CultureInfo.InvariantCulture);
            Assert.True(NumberParsing.TryParseSingle(s, out float f));
            Assert.Equal(float.Parse(s, CultureInfo.InvariantCulture), f);
            Assert.True(NumberParsing.TryParseDouble(s, out double g));
            Assert.Equal(double.Parse(s, CultureInfo.InvariantCulture), g);
        }

        Assert.True(NumberParsing.TryParseSingle("1e3", out float e));
        Assert.Equal(1000f, e);
        Assert.True(NumberParsing.TryParseSingle("NaN", out float nan));
        Assert.True(float.IsNaN(nan));
        Assert.False(NumberParsing.TryParseSingle("abc", out _));
        Assert.False(NumberParsing.TryParseSingle("1.2.3", out _));
    }

    private sealed class Mixed
    {
        [LoadColumn(0)]
        public float F;

        [LoadColumn(1)]
        public int I;

        [LoadColumn(2)]
        [KeyType(3)]
        public uint K;

        [LoadColumn(3, 4)]
        public float[] V = Array.Empty<float>();
    }

    [Fact]
    public void Missing_and_bad_floats_become_NaN_with_a_logged_warning()
    {
        using var dir = new TempDir();
        string path = dir.File("m.csv");
        File.WriteAllText(path, "1,2,0,1,2\nabc,,,?\n3,4,2\n5,6,7,8,9\n");
        var ml = new MLContext(1);
        var warnings = new List<LoggingEventArgs>();
        ml.Log += (_, e) =>
        {
            if (e.Kind == ChannelMessageKind.Warning)
            {
                warnings.Add(e);
            }
        };
        var data = ml.Data.LoadFromTextFile<Mixed>(path, separatorChar: ',');

        var f = data.Column<float>("F");
        Assert.Equal(1f, f[0]);
        Assert.True(float.IsNaN(f[1]));
        Assert.Equal(new[] { 2, 0, 4, 6 }, data.Column<int>("I"));
        Assert.Equal(new uint[] { 1, 0, 3, 0 }, data.Column<uint>("K"));
        var v = data.VectorColumn<float>("V");
        Assert.Equal(new[] { 1f, 2f }, v[0]);
        Assert.True(v[1].All(float.IsNaN));
        Assert.True(v[2].All(float.IsNaN));

        Assert.Contains(warnings, w => w.RawMessage.Contains("line 2, column 0") && w.RawMessage.Contains("'abc'") && w.RawMessage.Contains("m.csv"));
        Assert.Contains(warnings, w => w.RawMessage.Contains("line 4, column 2") && w.Source == nameof(TextLoader));
    }

    [Fact]
    public void Unparsable_integer_names_file_line_and_column()
    {
        using var dir = new TempDir();
        string path = dir.File("bad.csv");
        File.WriteAllText(path, "f,i,k,a,b\n1,2,0,1,2\n1,two,0,1,2\n");
        var data = new MLContext(1).Data.LoadFromTextFile<Mixed>(path, separatorChar: ',', hasHeader: true);
        var e = Assert.Throws<FormatException>(() => data.Column<int>("I"));
        Assert.Contains("bad.csv", e.Message);
        Assert.Contains("line 3", e.Message);
        Assert.Contains("column 1", e.Message);
        Assert.Contains("'two'", e.Message);

        File.WriteAllText(path, "1,99999999999,0,1,2\n");
        Assert.Throws<FormatException>(() => new MLContext(1).Data.LoadFromTextFile<Mixed>(path, separatorChar: ',').Column<int>("I"));
    }

    [Fact]
    public void Unclosed_quote_is_reported_with_location()
    {
        using var dir = new TempDir();
        string path = dir.File("q.csv");
        File.WriteAllText(path, "a,1,2,true\n\"b,1,2,true\n");
        var data = new MLContext(1).Data.LoadFromTextFile<House>(path, separatorChar: ',', allowQuoting: true);
        var e = Assert.Throws<FormatException>(() => data.CountRows());
        Assert.Contains("q.csv: line 2", e.Message);
    }

    [Fact]
    public void Missing_file_and_bad_types_fail_early()
    {
        var ml = new MLContext(1);
        Assert.Throws<FileNotFoundException>(() => ml.Data.LoadFromTextFile<House>("does-not-exist.csv"));
        using var dir = new TempDir();
        string path = dir.File("x.csv");
        File.WriteAllText(path, "1\n");
        var e = Assert.Throws<InvalidOperationException>(() => ml.Data.LoadFromTextFile<NoLoadColumn>(path));
        Assert.Contains("LoadColumn", e.Message);
        Assert.Throws<NotSupportedException>(() => ml.Data.LoadFromTextFile<House>(path, allowSparse: true));
    }

    private sealed class NoLoadColumn
    {
        public float X;
    }

    [Fact]
    public void Wildcards_and_explicit_columns_load_several_files_in_order()
    {
        using var dir = new TempDir();
        File.WriteAllText(dir.File("part-1.csv"), "h\n1,10\n2,20\n");
        File.WriteAllText(dir.File("part-2.csv"), "h\n3,30\n");
        var ml = new MLContext(1);
        var columns = new[] { new TextLoader.Column("A", DataKind.Single, 0), new TextLoader.Column("B", DataKind.Int64, 1) };
        var data = ml.Data.LoadFromTextFile(Path.Combine(dir.Path, "part-*.csv"), columns, separatorChar: ',', hasHeader: true);
        Assert.Equal(new[] { 1f, 2f, 3f }, data.Column<float>("A"));
        Assert.Equal(new[] { 10L, 20L, 30L }, data.Column<long>("B"));
        Assert.Throws<FileNotFoundException>(() => ml.Data.LoadFromTextFile(Path.Combine(dir.Path, "none-*.csv"), columns));
    }
}
