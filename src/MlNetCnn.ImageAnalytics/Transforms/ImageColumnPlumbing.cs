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

    /// <summary>Checks the columns given to an image transformer: at least one, else an
    /// <see cref="ArgumentException"/> with <paramref name="emptyMessage"/>.</summary>
    public static T[] NotEmpty<T>(T[] columns, string emptyMessage)
    {
        ArgumentNullException.ThrowIfNull(columns);
        if (columns.Length == 0)
        {
            throw new ArgumentException(emptyMessage, nameof(columns));
        }

        return columns;
    }

    /// <summary>Checks the (output, input) pairs given to an image transformer: at least one, each checked by
    /// <see cref="Pair"/>.</summary>
    public static (string Output, string Input)[] Pairs((string Output, string Input)[] columns)
        => NotEmpty(columns, "At least one column pair is needed.").Select(c => Pair(c.Output, c.Input)).ToArray();

    /// <summary>
    /// Binds the columns of an image transformer to an actual input schema, in order: finds each input column (else
    /// the missing-column error), asks <paramref name="bind"/> for the output type and getter factory (null: the
    /// input has the wrong type, which gives the wrong-type error), and returns the mapper appending the outputs.
    /// </summary>
    public static IRowToRowMapper Bind<TColumn>(DataViewSchema inputSchema, IEnumerable<TColumn> columns, Func<TColumn, (string Output, string Input)> names,
        string component, string expected, Func<TColumn, DataViewSchema.Column, (DataViewType Type, Func<DataViewRow, Delegate> MakeGetter)?> bind)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        var bound = columns.Select(c =>
        {
            var (output, inputName) = names(c);
            var input = SchemaErrors.Find(inputSchema, component, inputName, expected);
            var (type, makeGetter) = bind(c, input) ?? throw SchemaErrors.WrongType(component, inputName, expected, input.Type.ToString());
            return new BoundColumn(new[] { input }, new DataViewSchema.DetachedColumn(output, type), makeGetter);
        }).ToArray();
        return new BoundColumnsMapper(inputSchema, bound);
    }

    /// <summary>
    /// The output shape of an image estimator: finds each input column in <paramref name="inputSchema"/> (else the
    /// missing-column error), asks <paramref name="output"/> for the output column (null: the input has the wrong
    /// type, which gives the wrong-type error), as <see cref="OutputShapes.OneToOne"/>, and appends the outputs with
    /// <see cref="Append"/>.
    /// </summary>
    public static SchemaShape OutputShape<TColumn>(SchemaShape inputSchema, IEnumerable<TColumn> columns, Func<TColumn, (string Output, string Input)> names,
        string component, string expected, Func<TColumn, SchemaShape.Column, SchemaShape.Column?> output)
        => Append(inputSchema, OutputShapes.OneToOne(inputSchema, columns, c => names(c).Input, component, expected, output));

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

    /// <summary>The getter of an image computed from the image of <paramref name="input"/> by
    /// <paramref name="map"/>, once per row (<see cref="CachePerRow"/>); a missing (null) source image stays
    /// missing.</summary>
    public static ValueGetter<MLImage> MapImage(DataViewRow row, DataViewSchema.Column input, Func<MLImage, MLImage> map)
    {
        var getSource = row.GetGetter<MLImage>(input);
        MLImage source = null!;
        return CachePerRow(row, () =>
        {
            getSource(ref source);
            return source is null ? null : map(source);
        });
    }

    /// <summary>Reads the column pairs (<see cref="Read(ModelLoadContext)"/>), then each column's settings with
    /// <paramref name="read"/>; an <see cref="ArgumentException"/> from it (invalid settings) becomes a corrupt-entry
    /// error naming the column and the <paramref name="settings"/>.</summary>
    public static TColumn[] ReadColumns<TColumn>(ModelLoadContext ctx, string settings, Func<string, string, TColumn> read)
    {
        var pairs = Read(ctx);
        var columns = new TColumn[pairs.Length];
        for (int i = 0; i < pairs.Length; i++)
        {
            try
            {
                columns[i] = read(pairs[i].Output, pairs[i].Input);
            }
            catch (ArgumentException e)
            {
                throw ctx.Corrupt($"column '{pairs[i].Output}' has invalid {settings} parameters ({e.Message})");
            }
        }

        return columns;
    }

    /// <summary>Writes the column pairs of <paramref name="columns"/>, then each column's settings with
    /// <paramref name="write"/>.</summary>
    public static void WriteColumns<TColumn>(BinaryWriter writer, IReadOnlyList<TColumn> columns, Func<TColumn, (string Output, string Input)> names,
        Action<TColumn> write)
    {
        ColumnPairs.Write(writer, columns.Select(names).ToArray());
        foreach (var c in columns)
        {
            write(c);
        }
    }

    /// <summary>Text for a row position in error messages.</summary>
    public static string RowText(DataViewRow row) => row.Position >= 0 ? $"row {row.Position}" : "the current row";
}
