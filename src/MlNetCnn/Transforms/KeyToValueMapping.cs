using MlNetCnn.Data;

namespace MlNetCnn.Transforms;

/// <summary>
/// Maps keys back to the values of their <c>KeyValues</c> annotation
/// (<c>mlContext.Transforms.Conversion.MapKeyToValue</c>). Trivial: there is nothing to learn.
/// </summary>
/// <remarks>
/// Input: a key or key-vector column with a <c>KeyValues</c> annotation of its key count. Output: the values, of the
/// annotation's item type, scalar or vector as the input (vectors keep their <c>SlotNames</c>). Key k gives the
/// value at index k - 1; key 0 (missing) and keys above the count give the missing value of the type: NaN for
/// Single and Double, the default (empty text, 0, false) otherwise.
/// </remarks>
public sealed class KeyToValueMappingEstimator : IEstimator<KeyToValueMappingTransformer>
{
    private readonly (string Output, string Input)[] _columns;

    internal KeyToValueMappingEstimator(MLContext env, (string Output, string? Input)[] columns)
    {
        ArgumentNullException.ThrowIfNull(env);
        _columns = ColumnPairs.Check(columns, nameof(columns));
    }

    /// <summary>Returns the transformer (after checking the schema).</summary>
    /// <param name="input">The data (only its schema is used).</param>
    /// <returns>The transformer.</returns>
    public KeyToValueMappingTransformer Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var transformer = new KeyToValueMappingTransformer(_columns);
        transformer.GetOutputSchema(input.Schema);
        return transformer;
    }

    /// <summary>Checks that each input is a key column with key values and returns the output shape.</summary>
    /// <param name="inputSchema">The input shape.</param>
    /// <returns>The output shape.</returns>
    /// <exception cref="ArgumentOutOfRangeException">An input column is missing, not a key, or has no
    /// <c>KeyValues</c>.</exception>
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
        => OutputShapes.AppendOneToOne(inputSchema, _columns, c => c.Input, KeyToValueMappingTransformer.Component, KeyToValueMappingTransformer.Expected, (c, col) =>
        {
            if (!col.IsKey)
            {
                return null;
            }

            if (!col.Annotations.TryFindColumn(AnnotationUtils.Kinds.KeyValues, out var kv) || kv.Kind != SchemaShape.VectorKind.Vector || kv.IsKey)
            {
                throw SchemaErrors.WrongType(KeyToValueMappingTransformer.Component, c.Input, KeyToValueMappingTransformer.Expected, col.GetTypeString() + " without KeyValues");
            }

            var annotations = TypeHelpers.CopyAnnotations(col.Annotations, AnnotationUtils.Kinds.SlotNames);
            return new SchemaShape.Column(c.Output, col.Kind, kv.ItemType, false, new SchemaShape(annotations));
        });
}

/// <summary>
/// Maps keys to the values of their <c>KeyValues</c> annotation; see <see cref="KeyToValueMappingEstimator"/>.
/// </summary>
public sealed class KeyToValueMappingTransformer : RowToRowTransformerBase
{
    internal const string LoaderSignature = "KeyToValueTransform";
    internal const string Component = "MapKeyToValue";
    internal const string Expected = "a key or key vector column with a KeyValues annotation";
    private readonly (string Output, string Input)[] _columns;

    internal KeyToValueMappingTransformer((string Output, string Input)[] columns)
    {
        _columns = columns;
    }

    private protected override void SaveModel(ModelSaveContext ctx)
    {
        ctx.SetVersionInfo(GetVersionInfo());
        ColumnPairs.Write(ctx.Writer, _columns);
    }

    internal static KeyToValueMappingTransformer Load(ModelLoadContext ctx)
    {
        ctx.CheckAtModel(GetVersionInfo());
        return new KeyToValueMappingTransformer(ColumnPairs.Read(ctx));
    }

    private static VersionInfo GetVersionInfo() => TransformVersions.FirstFormat("KEY2VALT", LoaderSignature);

    private protected override IRowToRowMapper MakeRowMapper(DataViewSchema inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        var bound = new BoundColumn[_columns.Length];
        for (int i = 0; i < _columns.Length; i++)
        {
            var input = SchemaErrors.Find(inputSchema, Component, _columns[i].Input, Expected);
            var kv = AnnotationUtils.GetKeyValuesColumn(input);
            if (input.Type.GetItemType() is not KeyDataViewType || kv == null)
            {
                throw SchemaErrors.WrongType(Component, input.Name, Expected, input.Type.ToString());
            }

            var valueType = ((VectorDataViewType)kv.Value.Type).ItemType;
            bound[i] = TermMap.Dispatch(valueType, new BindFn(input, kv.Value, _columns[i].Output));
        }

        return new BoundColumnsMapper(inputSchema, bound);
    }

    private sealed class BindFn(DataViewSchema.Column input, DataViewSchema.Column keyValues, string outputName) : TermMap.ITypedFunc<BoundColumn>
    {
        public BoundColumn Invoke<T>()
            where T : notnull
            => Bind<T>();

        private BoundColumn Bind<T>()
        {
            VBuffer<T> kvBuffer = default;
            input.Annotations.GetGetter<VBuffer<T>>(keyValues)(ref kvBuffer);
            var values = kvBuffer.DenseValues().ToArray();
            var valueType = ((VectorDataViewType)keyValues.Type).ItemType;
            var missing = MissingValue<T>();
            var ab = new DataViewSchema.Annotations.Builder();
            DataViewType outputType = valueType;
            if (input.Type is VectorDataViewType vec)
            {
                outputType = new VectorDataViewType(valueType, vec.Dimensions);
                ab.Add(input.Annotations, kind => kind == AnnotationUtils.Kinds.SlotNames);
            }

            var output = new DataViewSchema.DetachedColumn(outputName, outputType, ab.ToAnnotations());
            var keyType = (KeyDataViewType)input.Type.GetItemType();
            return new BoundColumn(new[] { input }, output, row => KeyReader.MakeGetter(row, input, keyType, values, missing));
        }

        private static T MissingValue<T>()
        {
            if (typeof(T) == typeof(float))
            {
                return (T)(object)float.NaN;
            }

            return typeof(T) == typeof(double) ? (T)(object)double.NaN : default!;
        }
    }
}
