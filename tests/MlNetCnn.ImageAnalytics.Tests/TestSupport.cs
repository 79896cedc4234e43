using System.Reflection;
using MlNetCnn.Data;
using MlNetCnn.Imaging;

namespace MlNetCnn.ImageAnalytics.Tests;

/// <summary>A temporary folder deleted at dispose.</summary>
internal sealed class TempDir : IDisposable
{
    public TempDir()
    {
        Path = Directory.CreateTempSubdirectory("mlnetcnn-images-").FullName;
    }

    public string Path { get; }

    public string File(params string[] parts) => System.IO.Path.Combine(new[] { Path }.Concat(parts).ToArray());

    /// <summary>Writes <paramref name="frame"/> as a PNG at <paramref name="parts"/> (folders created) and returns
    /// the full path.</summary>
    public string Png(ImageFrame frame, params string[] parts)
    {
        string path = File(parts);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        PngEncoder.Save(frame, path);
        return path;
    }

    /// <summary>Writes raw bytes at <paramref name="parts"/> (folders created) and returns the full path.</summary>
    public string Bytes(byte[] bytes, params string[] parts)
    {
        string path = File(parts);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        System.IO.File.WriteAllBytes(path, bytes);
        return path;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

/// <summary>Synthetic images with known pixels.</summary>
internal static class Frames
{
    /// <summary>A frame whose sample (x, y, c) is <c>(seed + 37 x + 11 y + 101 c) mod 256</c>: every pixel and
    /// channel differs from its neighbours.</summary>
    public static ImageFrame Pattern(int width, int height, int channels, int seed = 0)
    {
        var frame = new ImageFrame(width, height, channels);
        for (int y = 0; y < height; y++)
        {
            for (int x = 0; x < width; x++)
            {
                for (int c = 0; c < channels; c++)
                {
                    frame.Pixels[(((y * width) + x) * channels) + c] = (byte)((seed + (37 * x) + (11 * y) + (101 * c)) & 0xFF);
                }
            }
        }

        return frame;
    }

    /// <summary>Random samples from a seeded generator.</summary>
    public static ImageFrame Random(int width, int height, int channels, int seed)
    {
        var frame = new ImageFrame(width, height, channels);
        new Random(seed).NextBytes(frame.Pixels);
        return frame;
    }

    /// <summary>Sample (x, y, c) of a frame.</summary>
    public static byte At(this ImageFrame frame, int x, int y, int c) => frame.Pixels[(((y * frame.Width) + x) * frame.Channels) + c];
}

/// <summary>Row classes for in-memory data.</summary>
public sealed class PathRow
{
    public string ImagePath { get; set; } = string.Empty;
}

public sealed class BytesRow
{
    public byte[] ImageBytes { get; set; } = Array.Empty<byte>();
}

public sealed class PathAndBytesRow
{
    public string ImagePath { get; set; } = string.Empty;

    public byte[] ImageBytes { get; set; } = Array.Empty<byte>();
}

public sealed class NumberRow
{
    public float Value { get; set; }
}

/// <summary>Reads whole data views into comparable values.</summary>
internal static class DataReader
{
    /// <summary>Every value of every column (hidden ones included), row by row; images become
    /// (width, height, RGBA pixels), vectors arrays, text strings.</summary>
    public static List<object?[]> ReadAll(IDataView data)
    {
        var columns = data.Schema.ToArray();
        using var cursor = data.GetRowCursor(columns);
        var readers = columns.Select(c => MakeReader(cursor, c)).ToArray();
        var rows = new List<object?[]>();
        while (cursor.MoveNext())
        {
            rows.Add(readers.Select(r => r()).ToArray());
        }

        return rows;
    }

    /// <summary>The values of one column.</summary>
    public static List<object?> Column(IDataView data, string name)
    {
        var column = data.Schema[name];
        using var cursor = data.GetRowCursor(new[] { column });
        var read = MakeReader(cursor, column);
        var values = new List<object?>();
        while (cursor.MoveNext())
        {
            values.Add(read());
        }

        return values;
    }

    /// <summary>The images of an image column (null for missing ones).</summary>
    public static List<MLImage?> Images(IDataView data, string name)
    {
        var column = data.Schema[name];
        using var cursor = data.GetRowCursor(new[] { column });
        var getter = cursor.GetGetter<MLImage>(column);
        var images = new List<MLImage?>();
        MLImage image = null!;
        while (cursor.MoveNext())
        {
            getter(ref image);
            images.Add(image);
        }

        return images;
    }

    /// <summary>The dense values of a vector column.</summary>
    public static List<T[]> Vectors<T>(IDataView data, string name)
    {
        var column = data.Schema[name];
        using var cursor = data.GetRowCursor(new[] { column });
        var getter = cursor.GetGetter<VBuffer<T>>(column);
        var result = new List<T[]>();
        VBuffer<T> value = default;
        while (cursor.MoveNext())
        {
            getter(ref value);
            result.Add(value.DenseValues().ToArray());
        }

        return result;
    }

    /// <summary>Asserts two views hold the same schema (names, types) and the same values.</summary>
    public static void AssertSameData(IDataView expected, IDataView actual)
    {
        Assert.Equal(expected.Schema.Select(c => (c.Name, c.Type.ToString())), actual.Schema.Select(c => (c.Name, c.Type.ToString())));
        Assert.Equal(expected.Schema.Select(c => c.Type), actual.Schema.Select(c => c.Type));
        var a = ReadAll(expected);
        var b = ReadAll(actual);
        Assert.Equal(a.Count, b.Count);
        for (int row = 0; row < a.Count; row++)
        {
            for (int col = 0; col < a[row].Length; col++)
            {
                Assert.True(Equivalent(a[row][col], b[row][col]), $"row {row}, column '{expected.Schema[col].Name}' differs");
            }
        }
    }

    private static bool Equivalent(object? x, object? y) => (x, y) switch
    {
        (null, null) => true,
        (System.Collections.IStructuralEquatable a, _) => a.Equals(y, System.Collections.StructuralComparisons.StructuralEqualityComparer),
        _ => Equals(x, y),
    };

    private static Func<object?> MakeReader(DataViewRow row, DataViewSchema.Column column)
        => (Func<object?>)typeof(DataReader).GetMethod(nameof(MakeTypedReader), BindingFlags.NonPublic | BindingFlags.Static)!
            .MakeGenericMethod(column.Type.RawType)
            .Invoke(null, new object[] { row, column })!;

    private static Func<object?> MakeTypedReader<T>(DataViewRow row, DataViewSchema.Column column)
    {
        var getter = row.GetGetter<T>(column);
        T value = default!;
        return () =>
        {
            getter(ref value);
            return value switch
            {
                MLImage image => Tuple.Create(image.Width, image.Height, Convert.ToHexString(image.Pixels)),
                ReadOnlyMemory<char> text => text.ToString(),
                VBuffer<float> v => v.DenseValues().ToArray(),
                VBuffer<byte> v => v.DenseValues().ToArray(),
                VBuffer<ReadOnlyMemory<char>> v => v.DenseValues().Select(s => s.ToString()).ToArray(),
                _ => value,
            };
        };
    }
}
