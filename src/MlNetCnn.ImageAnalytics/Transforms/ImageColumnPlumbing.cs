using MlNetCnn.Data;

namespace MlNetCnn.Transforms.Image;

/// <summary>Column-pair checks, image shapes and per-row caching shared by the image transforms (the schema errors,
/// the bound columns and the saving of column pairs are the core's <see cref="SchemaErrors"/>,
/// <see cref="BoundColumn"/> and <see cref="ColumnPairs"/>).</summary>
internal static class ImageColumns
{
    private const int MaxColumnPairs = 1 << 16;

    /// <summary>Checks an (output, input) pair; a null input means the output's name.</summary>
    public static (string Output, string Input) Pair(string outputColumnName, string? inputColumnName)
    {
        if (string.IsNullOrEmpty(outputColumnName))
        {
            throw new ArgumentException("The output column name must not be null or empty.", nameof(outputColumnName));
        }

        if (inputColumnName is { Length: 0 })
        {
            throw new ArgumentException("The input column name must not be empty (pass null to use the output column's name).", nameof(inputColumnName));
        }

        return (outputColumnName, inputColumnName ?? outputColumnName);
    }

    /// <summary>Reads column pairs written by <see cref="ColumnPairs.Write"/> (at most 65,536).</summary>
    public static (string Output, string Input)[] Read(ModelLoadContext ctx)
        => ColumnPairs.Read(ctx, MaxColumnPairs, "an image transform", "column pair");

    /// <summary>The shape of an actual schema (visible columns).</summary>
    public static SchemaShape ShapeOf(DataViewSchema schema) => SchemaShape.Create(schema);

    /// <summary>The input shape with the output columns appended (an output hides an input column of the same
    /// name, which is dropped from the shape as it is no longer visible).</summary>
    public static SchemaShape Append(SchemaShape input, IEnumerable<SchemaShape.Column> outputs)
    {
        var added = outputs.ToList();
        var names = added.Select(c => c.Name).ToHashSet(StringComparer.Ordinal);
        return new SchemaShape(input.Where(c => !names.Contains(c.Name)).Concat(added));
    }

    /// <summary>The shape of a scalar image column of <paramref name="type"/>.</summary>
    public static SchemaShape.Column ImageShape(string name, ImageDataViewType type)
        => new(name, SchemaShape.VectorKind.Scalar, type, false);

    /// <summary>Whether a shape column is a scalar image column.</summary>
    public static bool IsImage(SchemaShape.Column column)
        => column.Kind == SchemaShape.VectorKind.Scalar && !column.IsKey && column.ItemType is ImageDataViewType;

    /// <summary>Wraps an image computation so that it runs at most once per row: every getter of the output column
    /// in the same row returns the same image (images are immutable). The cache follows
    /// <see cref="DataViewRow.Position"/>, which advances for every new row.</summary>
    public static ValueGetter<MLImage> CachePerRow(DataViewRow row, Func<MLImage?> compute)
    {
        long cachedPosition = -1;
        MLImage? cached = null;
        return (ref MLImage value) =>
        {
            long position = row.Position;
            if (position < 0 || position != cachedPosition)
            {
                cached = compute();
                cachedPosition = position;
            }

            value = cached!;
        };
    }

    /// <summary>Text for a row position in error messages.</summary>
    public static string RowText(DataViewRow row) => row.Position >= 0 ? $"row {row.Position}" : "the current row";
}
