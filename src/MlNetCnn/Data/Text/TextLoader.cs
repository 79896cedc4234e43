using System.Reflection;

namespace MlNetCnn.Data;

/// <summary>
/// Loads delimited text files (CSV, TSV) into a data view. Created with <c>mlContext.Data.LoadFromTextFile</c> or
/// <c>mlContext.Data.CreateTextLoader</c>.
/// </summary>
/// <remarks>
/// <para>Lines are split on the separator characters; with <c>AllowQuoting</c> a field may be wrapped in double quotes
/// (a doubled quote inside stands for one quote; separators inside quotes are data; fields do not span lines). With
/// <c>TrimWhitespace</c>, spaces (and tabs, unless tab is a separator) around every field and at the end of the line
/// are removed. Blank lines are skipped. With <c>HasHeader</c> the first line of every file is skipped, and the header
/// of the first file gives the <c>SlotNames</c> of vector columns.</para>
/// <para>Missing and bad values: an empty cell, a cell past the end of a short row, and <c>?</c> are missing. For
/// <see cref="float"/> and <see cref="double"/> columns a missing cell is NaN and a cell that is not a number is also
/// NaN (each such cell is reported as a warning on <see cref="MLContext.Log"/> naming file, line and column, the first
/// ten per pass in detail). For integer, Boolean and key columns a missing cell is the default value (0, false, or
/// key 0 = missing), and an unparsable or out-of-range cell throws a <see cref="FormatException"/> naming the file,
/// line and column. Key columns read 0-based integers from the file: a value v in [0, count) becomes key v + 1; values
/// outside that range become the missing key 0 (with a warning). Text cells are never bad.</para>
/// <para>Numbers are parsed with the invariant culture, without allocating: pixel-style integer cells and short
/// decimals take a fast exact path, others the framework parser.</para>
/// </remarks>
public sealed partial class TextLoader : IDataLoader<IMultiStreamSource>
{
    private readonly MLContext _env;
    private readonly Options _options;

    internal TextLoader(MLContext env, Options options, IReadOnlyList<ColumnSpec> columns, IMultiStreamSource? dataSample)
    {
        _env = env;
        _options = options;
        if (options.AllowSparse)
        {
            throw new NotSupportedException("The sparse text format (allowSparse: true) is not supported by the MlNetCnn text loader.");
        }

        if (options.Separators == null || options.Separators.Length == 0)
        {
            throw new ArgumentException("At least one separator character is needed.", nameof(options));
        }

        if (options.Separators.Contains('"') && options.AllowQuoting)
        {
            throw new ArgumentException("The quote character cannot be a separator when quoting is allowed.", nameof(options));
        }

        Columns = columns;
        string[]? header = null;
        if (options.HasHeader && dataSample != null && dataSample.Count > 0)
        {
            header = ReadHeader(dataSample);
        }

        Schema = BuildSchema(columns, header);
    }

    /// <summary>The output schema.</summary>
    internal DataViewSchema Schema { get; }

    internal IReadOnlyList<ColumnSpec> Columns { get; }

    internal Options LoaderOptions => _options;

    internal MLContext Environment => _env;

    /// <summary>Creates a data view over <paramref name="input"/>. Lazy: files are read when a cursor moves.</summary>
    /// <param name="input">The files.</param>
    /// <returns>The data view.</returns>
    public IDataView Load(IMultiStreamSource input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return new TextDataView(this, input);
    }

    /// <inheritdoc/>
    public DataViewSchema GetOutputSchema() => Schema;

    /// <summary>Not supported: text loaders are not stored in MlNetCnn model files; save the model with its input
    /// schema instead.</summary>
    /// <param name="ctx">The save context.</param>
    void ICanSaveModel.Save(ModelSaveContext ctx)
        => throw new NotSupportedException("Saving a TextLoader into a model file is not supported; use Model.Save(model, inputSchema, path).");

    /// <summary>Creates the column specifications of a class whose members carry <see cref="LoadColumnAttribute"/>.</summary>
    internal static ColumnSpec[] ColumnsFromType(Type type)
    {
        var specs = new List<ColumnSpec>();
        foreach (var member in SchemaDefinition.GetMembers(type, SchemaDefinition.Direction.Read))
        {
            var load = member.GetCustomAttribute<LoadColumnAttribute>()
                ?? throw new InvalidOperationException($"{type.Name}.{member.Name} has no [LoadColumn] attribute; add one or mark the member [NoColumn].");
            var memberType = member is FieldInfo f ? f.FieldType : ((PropertyInfo)member).PropertyType;
            var columnType = SchemaDefinition.InferType(type, member, memberType);
            string name = member.GetCustomAttribute<ColumnNameAttribute>()?.Name ?? member.Name;
            var ranges = load.Sources.Select(r => ((int)r.Min, (int?)r.Max)).ToArray();
            int count = load.Sources.Sum(r => r.Max - r.Min + 1);
            if (columnType is VectorDataViewType vec)
            {
                var dims = vec.IsKnownSize ? vec.Dimensions.ToArray() : new[] { count };
                if (vec.IsKnownSize && vec.Size != count)
                {
                    throw new InvalidOperationException($"{type.Name}.{member.Name}: [VectorType] declares {vec.Size} values but [LoadColumn] selects {count} source columns.");
                }

                specs.Add(new ColumnSpec(name, vec.ItemType, ranges, new VectorDataViewType(vec.ItemType, dims)));
            }
            else
            {
                if (count != 1)
                {
                    throw new InvalidOperationException($"{type.Name}.{member.Name} is a scalar but [LoadColumn] selects {count} source columns; use an array member for a vector.");
                }

                specs.Add(new ColumnSpec(name, (PrimitiveDataViewType)columnType, ranges, columnType));
            }
        }

        if (specs.Count == 0)
        {
            throw new InvalidOperationException($"Type {type.Name} has no public field or property to load.");
        }

        return specs.ToArray();
    }

    private string[]? ReadHeader(IMultiStreamSource source)
    {
        using var reader = source.OpenTextReader(0);
        string? line = reader.ReadLine();
        if (line == null)
        {
            return null;
        }

        var splitter = new LineSplitter(_options);
        splitter.Split(line);
        var names = new string[splitter.Count];
        for (int i = 0; i < names.Length; i++)
        {
            names[i] = splitter.GetField(line, i).ToString();
        }

        return names;
    }

    private static DataViewSchema BuildSchema(IReadOnlyList<ColumnSpec> columns, string[]? header)
    {
        var builder = new DataViewSchema.Builder();
        foreach (var c in columns)
        {
            DataViewSchema.Annotations? annotations = null;
            if (header != null && c.Type is VectorDataViewType { IsKnownSize: true } vec && c.Ranges.All(r => r.Max.HasValue))
            {
                var names = new List<ReadOnlyMemory<char>>();
                foreach (var (min, max) in c.Ranges)
                {
                    for (int i = min; i <= max!.Value; i++)
                    {
                        names.Add((i < header.Length ? header[i] : string.Empty).AsMemory());
                    }
                }

                var slotNames = new VBuffer<ReadOnlyMemory<char>>(names.Count, names.ToArray());
                var ab = new DataViewSchema.Annotations.Builder();
                ab.AddSlotNames(vec.Size, (ref VBuffer<ReadOnlyMemory<char>> dst) => slotNames.CopyTo(ref dst));
                annotations = ab.ToAnnotations();
            }

            builder.AddColumn(c.Name, c.Type, annotations);
        }

        return builder.ToSchema();
    }

    /// <summary>What one output column reads: its item type, its source ranges and its column type.</summary>
    internal sealed record ColumnSpec(string Name, PrimitiveDataViewType ItemType, (int Min, int? Max)[] Ranges, DataViewType Type);
}
