using System.Reflection;
using MlNetCnn.Data;

namespace MlNetCnn.Tests.Workout;

/// <summary>
/// Reads every value of a data view (or of rows produced by a row-to-row mapper) into plain objects that compare
/// by content: scalars boxed (text as <see cref="string"/>), vectors as dense arrays.
/// </summary>
internal static class DataViewValues
{
    /// <summary>All rows of all columns (hidden ones included): result[row][column].</summary>
    public static List<object?[]> ReadAll(IDataView data)
    {
        var columns = data.Schema.ToArray();
        using var cursor = data.GetRowCursor(columns);
        return ReadRows(cursor, cursor, columns);
    }

    /// <summary>All rows of <paramref name="input"/> mapped one by one through <paramref name="mapper"/>.</summary>
    public static List<object?[]> ReadThroughMapper(IRowToRowMapper mapper, IDataView input)
    {
        var outputs = mapper.OutputSchema.ToArray();
        using var cursor = input.GetRowCursor(mapper.GetDependencies(outputs));
        using var row = mapper.GetRow(cursor, outputs);
        return ReadRows(cursor, row, outputs);
    }

    /// <summary>Reads the values of one column (scalar or vector) of every row.</summary>
    public static List<object?> Column(IDataView data, string name)
    {
        var column = data.Schema[name];
        using var cursor = data.GetRowCursor(new[] { column });
        var read = MakeReader(cursor, column);
        var result = new List<object?>();
        while (cursor.MoveNext())
        {
            result.Add(read());
        }

        return result;
    }

    /// <summary>The value of one annotation, as plain objects.</summary>
    public static object? Annotation(DataViewSchema.Column column, string kind)
    {
        var a = column.Annotations.Schema.GetColumnOrNull(kind);
        if (a == null)
        {
            return null;
        }

        var method = typeof(DataViewValues).GetMethod(nameof(AnnotationTyped), BindingFlags.NonPublic | BindingFlags.Static)!
            .MakeGenericMethod(a.Value.Type.RawType);
        return method.Invoke(null, new object[] { column.Annotations, a.Value });
    }

    /// <summary>Whether two values are equal; floating-point values must be bit-identical (NaN equals NaN) unless a
    /// relative <paramref name="tolerance"/> is given.</summary>
    public static bool ValueEquals(object? a, object? b, double tolerance = 0)
    {
        switch (a, b)
        {
            case (null, null):
                return true;
            case (float x, float y):
                return SameFloat(x, y, tolerance);
            case (double x, double y):
                return SameFloat(x, y, tolerance);
            case (Array x, Array y):
                if (x.Length != y.Length || x.GetType() != y.GetType())
                {
                    return false;
                }

                for (int i = 0; i < x.Length; i++)
                {
                    if (!ValueEquals(x.GetValue(i), y.GetValue(i), tolerance))
                    {
                        return false;
                    }
                }

                return true;
            default:
                return Equals(a, b);
        }
    }

    /// <summary>A readable form of a value for failure messages.</summary>
    public static string Show(object? value) => value switch
    {
        null => "null",
        Array a => "[" + string.Join(", ", a.Cast<object?>().Take(12).Select(Show)) + (a.Length > 12 ? ", ..." : string.Empty) + "]",
        float f => f.ToString("R", System.Globalization.CultureInfo.InvariantCulture),
        double d => d.ToString("R", System.Globalization.CultureInfo.InvariantCulture),
        _ => value.ToString() ?? string.Empty,
    };

    private static bool SameFloat(double x, double y, double tolerance)
    {
        if (double.IsNaN(x) || double.IsNaN(y))
        {
            return double.IsNaN(x) && double.IsNaN(y);
        }

        if (tolerance == 0)
        {
            return BitConverter.DoubleToInt64Bits(x) == BitConverter.DoubleToInt64Bits(y) || x == y;
        }

        return Math.Abs(x - y) <= tolerance * Math.Max(1, Math.Max(Math.Abs(x), Math.Abs(y)));
    }

    private static List<object?[]> ReadRows(DataViewRowCursor cursor, DataViewRow row, DataViewSchema.Column[] columns)
    {
        var readers = columns.Select(c => MakeReader(row, c)).ToArray();
        var rows = new List<object?[]>();
        while (cursor.MoveNext())
        {
            rows.Add(readers.Select(r => r()).ToArray());
        }

        return rows;
    }

    private static Func<object?> MakeReader(DataViewRow row, DataViewSchema.Column column)
    {
        var raw = column.Type.RawType;
        if (raw.IsGenericType && raw.GetGenericTypeDefinition() == typeof(VBuffer<>))
        {
            return (Func<object?>)typeof(DataViewValues).GetMethod(nameof(VectorReader), BindingFlags.NonPublic | BindingFlags.Static)!
                .MakeGenericMethod(raw.GetGenericArguments()[0]).Invoke(null, new object[] { row, column })!;
        }

        return (Func<object?>)typeof(DataViewValues).GetMethod(nameof(ScalarReader), BindingFlags.NonPublic | BindingFlags.Static)!
            .MakeGenericMethod(raw).Invoke(null, new object[] { row, column })!;
    }

    private static Func<object?> ScalarReader<T>(DataViewRow row, DataViewSchema.Column column)
    {
        var getter = row.GetGetter<T>(column);
        return () =>
        {
            T value = default!;
            getter(ref value);
            return Plain(value);
        };
    }

    private static Func<object?> VectorReader<T>(DataViewRow row, DataViewSchema.Column column)
    {
        var getter = row.GetGetter<VBuffer<T>>(column);
        VBuffer<T> buffer = default;
        return () =>
        {
            getter(ref buffer);
            return PlainArray(buffer);
        };
    }

    private static object? AnnotationTyped<T>(DataViewSchema.Annotations annotations, DataViewSchema.Column kind)
    {
        T value = default!;
        annotations.GetGetter<T>(kind)(ref value);
        if (value is not null && value.GetType().IsGenericType && value.GetType().GetGenericTypeDefinition() == typeof(VBuffer<>))
        {
            return typeof(DataViewValues).GetMethod(nameof(PlainArray), BindingFlags.NonPublic | BindingFlags.Static)!
                .MakeGenericMethod(value.GetType().GetGenericArguments()[0]).Invoke(null, new object[] { value });
        }

        return Plain(value);
    }

    private static object PlainArray<T>(VBuffer<T> buffer)
    {
        if (typeof(T) == typeof(ReadOnlyMemory<char>))
        {
            return buffer.DenseValues().Select(v => ((ReadOnlyMemory<char>)(object)v!).ToString()).ToArray();
        }

        return buffer.DenseValues().ToArray();
    }

    private static object? Plain<T>(T value) => value is ReadOnlyMemory<char> m ? m.ToString() : value;
}
