using MlNetCnn.Data;

namespace MlNetCnn.Transforms;

/// <summary>
/// Keeps or drops columns (<c>mlContext.Transforms.SelectColumns</c> and <c>DropColumns</c>). Trivial: there is
/// nothing to learn.
/// </summary>
/// <remarks>
/// <para>SelectColumns without <c>keepHidden</c> keeps the named visible columns, in the order given. With
/// <c>keepHidden</c> it keeps every column (hidden ones included) whose name is listed, in the input order.</para>
/// <para>DropColumns removes the named columns and the hidden columns; the others keep their order.</para>
/// <para>Every named column must exist; a missing one is an error naming it.</para>
/// </remarks>
public sealed class ColumnSelectingEstimator : IEstimator<ColumnSelectingTransformer>
{
    private readonly string[]? _keep;
    private readonly string[]? _drop;
    private readonly bool _keepHidden;

    internal ColumnSelectingEstimator(MLContext env, string[]? keepColumns, string[]? dropColumns, bool keepHidden = false)
    {
        ArgumentNullException.ThrowIfNull(env);
        var names = keepColumns ?? dropColumns ?? throw new ArgumentNullException(nameof(keepColumns));
        if (names.Length == 0)
        {
            throw new ArgumentException("At least one column name is required.", keepColumns != null ? nameof(keepColumns) : nameof(dropColumns));
        }

        foreach (var n in names)
        {
            SchemaErrors.CheckName(n, keepColumns != null ? nameof(keepColumns) : nameof(dropColumns));
        }

        _keep = keepColumns?.ToArray();
        _drop = keepColumns == null ? dropColumns!.ToArray() : null;
        _keepHidden = keepHidden;
    }

    /// <summary>Returns the transformer (after checking the schema).</summary>
    /// <param name="input">The data (only its schema is used).</param>
    /// <returns>The transformer.</returns>
    public ColumnSelectingTransformer Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var transformer = new ColumnSelectingTransformer(_keep, _drop, _keepHidden);
        transformer.GetOutputSchema(input.Schema);
        return transformer;
    }

    /// <summary>Returns the kept columns' shapes.</summary>
    /// <param name="inputSchema">The input shape.</param>
    /// <returns>The output shape.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A named column is missing.</exception>
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        string component = ColumnSelectingTransformer.ComponentName(_keep != null);
        var names = _keep ?? _drop!;
        var found = names.Select(n => SchemaErrors.Find(inputSchema, component, n, "an existing column")).ToArray();
        if (_keep != null)
        {
            return _keepHidden
                ? new SchemaShape(inputSchema.Where(c => _keep.Contains(c.Name)))
                : new SchemaShape(found);
        }

        return new SchemaShape(inputSchema.Where(c => !_drop!.Contains(c.Name)));
    }
}

/// <summary>Keeps or drops columns; see <see cref="ColumnSelectingEstimator"/>.</summary>
public sealed class ColumnSelectingTransformer : RowToRowTransformerBase
{
    internal const string LoaderSignature = "SelectColumnsTransform";
    private readonly string[]? _keep;
    private readonly string[]? _drop;
    private readonly bool _keepHidden;

    internal ColumnSelectingTransformer(string[]? keep, string[]? drop, bool keepHidden)
    {
        _keep = keep;
        _drop = drop;
        _keepHidden = keepHidden;
    }

    private protected override void SaveModel(ModelSaveContext ctx)
    {
        ctx.SetVersionInfo(GetVersionInfo());
        ctx.Writer.WriteBoolByte(_keep != null);
        ctx.Writer.WriteBoolByte(_keepHidden);
        ColumnPairs.WriteNames(ctx.Writer, _keep ?? _drop!);
    }

    internal static ColumnSelectingTransformer Load(ModelLoadContext ctx)
    {
        ctx.CheckAtModel(GetVersionInfo());
        bool keep = ctx.Reader.ReadBoolByte();
        bool keepHidden = ctx.Reader.ReadBoolByte();
        var names = ColumnPairs.ReadNames(ctx, allowEmptyList: false);
        return keep ? new ColumnSelectingTransformer(names, null, keepHidden) : new ColumnSelectingTransformer(null, names, keepHidden);
    }

    internal static string ComponentName(bool keep) => keep ? "SelectColumns" : "DropColumns";

    private static VersionInfo GetVersionInfo() => TransformVersions.FirstFormat("SELCOLST", LoaderSignature);

    private protected override IRowToRowMapper MakeRowMapper(DataViewSchema inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        string component = ComponentName(_keep != null);
        var names = _keep ?? _drop!;
        var found = names.Select(n => SchemaErrors.Find(inputSchema, component, n, "an existing column")).ToArray();
        int[] selected;
        if (_keep != null)
        {
            selected = _keepHidden
                ? inputSchema.Where(c => _keep.Contains(c.Name)).Select(c => c.Index).ToArray()
                : found.Select(c => c.Index).ToArray();
        }
        else
        {
            selected = inputSchema.Where(c => (_keepHidden || !c.IsHidden) && !_drop!.Contains(c.Name)).Select(c => c.Index).ToArray();
        }

        return new SelectingMapper(inputSchema, selected);
    }
}

/// <summary>A row mapper whose output columns are a selection of the input columns.</summary>
internal sealed class SelectingMapper : IRowToRowMapper
{
    private readonly int[] _sources;

    public SelectingMapper(DataViewSchema inputSchema, int[] sources)
    {
        InputSchema = inputSchema;
        _sources = sources;
        var builder = new DataViewSchema.Builder();
        builder.AddColumns(sources.Select(i => inputSchema[i]));
        OutputSchema = builder.ToSchema();
    }

    public DataViewSchema InputSchema { get; }

    public DataViewSchema OutputSchema { get; }

    public IEnumerable<DataViewSchema.Column> GetDependencies(IEnumerable<DataViewSchema.Column> dependingColumns)
    {
        var result = new List<DataViewSchema.Column>();
        foreach (var c in dependingColumns)
        {
            OutputSchema.CheckColumn(c, nameof(dependingColumns));
            result.Add(InputSchema[_sources[c.Index]]);
        }

        return result.Distinct().OrderBy(c => c.Index).ToArray();
    }

    public DataViewRow GetRow(DataViewRow input, IEnumerable<DataViewSchema.Column> activeColumns)
    {
        ArgumentNullException.ThrowIfNull(input);
        var active = RowHelpers.GetActiveMask(OutputSchema, activeColumns);
        return new Row(this, input, active);
    }

    private sealed class Row(SelectingMapper parent, DataViewRow input, bool[] active) : DataViewRow
    {
        public override long Position => input.Position;

        public override long Batch => input.Batch;

        public override DataViewSchema Schema => parent.OutputSchema;

        public override ValueGetter<DataViewRowId> GetIdGetter() => input.GetIdGetter();

        public override bool IsColumnActive(DataViewSchema.Column column)
        {
            Schema.CheckColumn(column, nameof(column));
            return active[column.Index] && input.IsColumnActive(parent.InputSchema[parent._sources[column.Index]]);
        }

        public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
        {
            Schema.CheckColumn(column, nameof(column));
            if (!active[column.Index])
            {
                return RowHelpers.CastGetter<TValue>(null, column);
            }

            return input.GetGetter<TValue>(parent.InputSchema[parent._sources[column.Index]]);
        }
    }
}
