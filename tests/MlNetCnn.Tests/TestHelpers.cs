using MlNetCnn.Data;

namespace MlNetCnn.Tests;

/// <summary>A temporary folder deleted at dispose.</summary>
internal sealed class TempDir : IDisposable
{
    public TempDir()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "mlnetcnn-tests-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string File(string name) => System.IO.Path.Combine(Path, name);

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

internal static class DataViewTestExtensions
{
    /// <summary>Reads a scalar column of every row.</summary>
    public static List<T> Column<T>(this IDataView data, string name)
    {
        var col = data.Schema[name];
        var result = new List<T>();
        using var cursor = data.GetRowCursor(new[] { col });
        var getter = cursor.GetGetter<T>(col);
        T value = default!;
        while (cursor.MoveNext())
        {
            getter(ref value);
            result.Add(value);
        }

        return result;
    }

    /// <summary>Reads a vector column of every row as arrays.</summary>
    public static List<T[]> VectorColumn<T>(this IDataView data, string name)
    {
        var col = data.Schema[name];
        var result = new List<T[]>();
        using var cursor = data.GetRowCursor(new[] { col });
        var getter = cursor.GetGetter<VBuffer<T>>(col);
        VBuffer<T> value = default;
        while (cursor.MoveNext())
        {
            getter(ref value);
            result.Add(value.DenseValues().ToArray());
        }

        return result;
    }

    public static long CountRows(this IDataView data)
    {
        using var cursor = data.GetRowCursor(Array.Empty<DataViewSchema.Column>());
        long n = 0;
        while (cursor.MoveNext())
        {
            n++;
        }

        return n;
    }
}
