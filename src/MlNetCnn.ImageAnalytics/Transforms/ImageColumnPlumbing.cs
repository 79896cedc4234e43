using MlNetCnn.Data;

namespace MlNetCnn.Transforms.Image;

/// <summary>An output column bound to its input column: the output's type and how to build its getter from an input
/// row.</summary>
internal sealed record ImageBoundColumn(DataViewSchema.Column Input, DataViewSchema.DetachedColumn Output, Func<DataViewRow, Delegate> MakeGetter);

/// <summary>The row mapper of every image transform: keeps the input columns and appends one computed column per
/// bound column.</summary>
internal sealed class ImageColumnsMapper : ColumnAddingMapper
{
    private readonly ImageBoundColumn[] _columns;

    public ImageColumnsMapper(DataViewSchema inputSchema, ImageBoundColumn[] columns)
        : base(inputSchema, columns.Select(c => c.Output).ToArray())
    {
        _columns = columns;
    }

    protected override IEnumerable<DataViewSchema.Column> GetInputDependencies(int addedIndex) => new[] { _columns[addedIndex].Input };

    protected override Delegate MakeGetter(DataViewRow input, int addedIndex) => _columns[addedIndex].MakeGetter(input);
}

/// <summary>Column-pair checks, persistence and schema errors shared by the image transforms.</summary>
internal static class ImageColumns
{
    private const int MaxColumnPairs = 1 << 16;
    private const int MaxNameBytes = 1 << 16;

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

    /// <summary>Writes the column pairs: count, then output and input names.</summary>
    public static void Write(BinaryWriter writer, IReadOnlyList<(string Output, string Input)> columns)
    {
        writer.Write(columns.Count);
        foreach (var (output, input) in columns)
        {
            writer.WriteString(output);
            writer.WriteString(input);
        }
    }

    /// <summary>Reads the column pairs written by <see cref="Write"/>.</summary>
    public static (string Output, string Input)[] Read(ModelLoadContext ctx)
    {
        int count = ctx.ReadCount("column count", MaxColumnPairs, 8);
        if (count == 0)
        {
            throw ctx.Corrupt("an image transform has no columns");
        }

        var columns = new (string, string)[count];
        for (int i = 0; i < count; i++)
        {
            string output = ctx.Reader.ReadCheckedString(MaxNameBytes);
            string input = ctx.Reader.ReadCheckedString(MaxNameBytes);
            if (output.Length == 0 || input.Length == 0)
            {
                throw ctx.Corrupt($"column pair {i} has an empty name");
            }

            columns[i] = (output, input);
        }

        return columns;
    }

    /// <summary>Finds an input column of an actual schema, or throws the missing-column error.</summary>
    public static DataViewSchema.Column Find(DataViewSchema schema, string component, string column, string expected)
        => schema.GetColumnOrNull(column) ?? throw Missing(component, column, expected);

    /// <summary>Finds an input column of a schema shape, or throws the missing-column error.</summary>
    public static SchemaShape.Column Find(SchemaShape shape, string component, string column, string expected)
        => shape.TryFindColumn(column, out var c) ? c : throw Missing(component, column, expected);

    /// <summary>The error for a missing input column.</summary>
    public static ArgumentOutOfRangeException Missing(string component, string column, string expected)
        => new("inputSchema", $"{component}: schema mismatch for input column '{column}': the column was not found; expected {expected}.");

    /// <summary>The error for an input column of the wrong type.</summary>
    public static ArgumentOutOfRangeException WrongType(string component, string column, string expected, string actual)
        => new("inputSchema", $"{component}: schema mismatch for input column '{column}': expected {expected}, got {actual}.");

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
