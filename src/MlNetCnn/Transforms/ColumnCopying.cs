using MlNetCnn.Data;

namespace MlNetCnn.Transforms;

/// <summary>
/// Copies columns under new names (<c>mlContext.Transforms.CopyColumns</c>): the copy has the input's type and
/// annotations. Trivial: there is nothing to learn.
/// </summary>
public sealed class ColumnCopyingEstimator : IEstimator<ColumnCopyingTransformer>
{
    private readonly (string Output, string Input)[] _columns;

    internal ColumnCopyingEstimator(MLContext env, params (string Output, string? Input)[] columns)
    {
        ArgumentNullException.ThrowIfNull(env);
        _columns = ColumnPairs.Check(columns, nameof(columns));
    }

    /// <summary>Returns the transformer (after checking the schema).</summary>
    /// <param name="input">The data (only its schema is used).</param>
    /// <returns>The transformer.</returns>
    public ColumnCopyingTransformer Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var transformer = new ColumnCopyingTransformer(_columns);
        transformer.GetOutputSchema(input.Schema);
        return transformer;
    }

    /// <summary>Returns the input shape plus the copies.</summary>
    /// <param name="inputSchema">The input shape.</param>
    /// <returns>The output shape.</returns>
    /// <exception cref="ArgumentOutOfRangeException">An input column is missing.</exception>
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
        => OutputShapes.AppendOneToOne(inputSchema, _columns, c => c.Input, ColumnCopyingTransformer.Component, "any column",
            (c, col) => new SchemaShape.Column(c.Output, col.Kind, col.ItemType, col.IsKey, col.Annotations));
}

/// <summary>Copies columns under new names; see <see cref="ColumnCopyingEstimator"/>.</summary>
public sealed class ColumnCopyingTransformer : RowToRowTransformerBase
{
    internal const string LoaderSignature = "CopyTransform";
    internal const string Component = "CopyColumns";
    private readonly (string Output, string Input)[] _columns;

    internal ColumnCopyingTransformer((string Output, string Input)[] columns)
    {
        _columns = columns;
    }

    private protected override void SaveModel(ModelSaveContext ctx)
    {
        ctx.SetVersionInfo(GetVersionInfo());
        ColumnPairs.Write(ctx.Writer, _columns);
    }

    internal static ColumnCopyingTransformer Load(ModelLoadContext ctx)
    {
        ctx.CheckAtModel(GetVersionInfo());
        return new ColumnCopyingTransformer(ColumnPairs.Read(ctx));
    }

    private static VersionInfo GetVersionInfo() => TransformVersions.FirstFormat("COPYCOLT", LoaderSignature);

    private protected override IRowToRowMapper MakeRowMapper(DataViewSchema inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        var bound = _columns.Select(c =>
        {
            var input = SchemaErrors.Find(inputSchema, Component, c.Input, "any column");
            return new BoundColumn(
                new[] { input },
                new DataViewSchema.DetachedColumn(c.Output, input.Type, input.Annotations),
                row => CopyGetter(row, input));
        }).ToArray();
        return new BoundColumnsMapper(inputSchema, bound);
    }

    private static Delegate CopyGetter(DataViewRow row, DataViewSchema.Column input)
        => (Delegate)typeof(ColumnCopyingTransformer)
            .GetMethod(nameof(CopyGetterCore), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!
            .MakeGenericMethod(input.Type.RawType)
            .Invoke(null, new object[] { row, input })!;

    private static ValueGetter<T> CopyGetterCore<T>(DataViewRow row, DataViewSchema.Column input)
    {
        var src = row.GetGetter<T>(input);
        T buffer = default!;
        return (ref T dst) =>
        {
            src(ref buffer);
            ValueCopier<T>.Copy(in buffer, ref dst);
        };
    }
}
