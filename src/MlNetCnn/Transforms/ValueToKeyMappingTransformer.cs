using MlNetCnn.Data;

namespace MlNetCnn.Transforms;

/// <summary>
/// Maps values to 1-based keys with the dictionaries learned by <see cref="ValueToKeyMappingEstimator"/>; see there
/// for the semantics. A row-to-row mapper; saved with its dictionaries.
/// </summary>
public sealed class ValueToKeyMappingTransformer : RowToRowTransformerBase
{
    internal const string LoaderSignature = "ValueToKeyTransformer";
    private const string Component = "MapValueToKey";
    private const string TermsStream = "Terms";
    private const string TermsKind = "Terms";
    private readonly (string Output, string Input)[] _columns;
    private readonly TermMap[] _maps;
    private readonly bool _keyValuesAsText;

    internal ValueToKeyMappingTransformer((string Output, string Input)[] columns, TermMap[] maps, bool keyValuesAsText)
    {
        _columns = columns;
        _maps = maps;
        _keyValuesAsText = keyValuesAsText;
    }

    /// <summary>The number of keys of each column, in column order.</summary>
    internal IReadOnlyList<int> KeyCounts => _maps.Select(m => m.Count).ToArray();

    private protected override void SaveModel(ModelSaveContext ctx)
    {
        ctx.SetVersionInfo(GetVersionInfo());
        ctx.Writer.WriteBoolByte(_keyValuesAsText);
        ColumnPairs.Write(ctx.Writer, _columns);
        var builder = new DataViewSchema.Builder();
        for (int i = 0; i < _maps.Length; i++)
        {
            var ab = new DataViewSchema.Annotations.Builder();
            _maps[i].AddTerms(ab, TermsKind);
            builder.AddColumn(_columns[i].Output, _maps[i].KeyType, ab.ToAnnotations());
        }

        var schema = builder.ToSchema();
        ctx.SaveBinaryStream(TermsStream, w => SchemaSerializer.Write(w, schema));
    }

    internal static ValueToKeyMappingTransformer Load(ModelLoadContext ctx)
    {
        ctx.CheckAtModel(GetVersionInfo());
        bool asText = ctx.Reader.ReadBoolByte();
        var columns = ColumnPairs.Read(ctx);
        DataViewSchema? terms = null;
        ctx.LoadBinaryStream(TermsStream, r => terms = SchemaSerializer.Read(r));
        if (terms!.Count != columns.Length)
        {
            throw ctx.Corrupt($"it has {columns.Length} columns but {terms.Count} dictionaries");
        }

        var maps = new TermMap[columns.Length];
        for (int i = 0; i < maps.Length; i++)
        {
            try
            {
                maps[i] = TermMap.FromAnnotation(terms[i], TermsKind);
            }
            catch (InvalidDataException e)
            {
                throw ctx.Corrupt(e.Message);
            }

            if (maps[i].Count == 0 || !terms[i].Type.Equals(maps[i].KeyType))
            {
                throw ctx.Corrupt($"the dictionary of column '{columns[i].Output}' does not match its key type {terms[i].Type}");
            }
        }

        return new ValueToKeyMappingTransformer(columns, maps, asText);
    }

    private static VersionInfo GetVersionInfo() => TransformVersions.FirstFormat("TERMTRNS", LoaderSignature);

    private protected override IRowToRowMapper MakeRowMapper(DataViewSchema inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        var bound = new BoundColumn[_columns.Length];
        for (int i = 0; i < _columns.Length; i++)
        {
            var map = _maps[i];
            string expected = $"a scalar or vector of {map.ItemType} (the type the keys were learned from)";
            var input = SchemaErrors.Find(inputSchema, Component, _columns[i].Input, expected);
            if (!input.Type.GetItemType().Equals(map.ItemType))
            {
                throw SchemaErrors.WrongType(Component, input.Name, expected, input.Type.ToString());
            }

            var ab = new DataViewSchema.Annotations.Builder();
            DataViewType outputType = map.KeyType;
            if (input.Type is VectorDataViewType vec)
            {
                outputType = new VectorDataViewType(map.KeyType, vec.Dimensions);
                ab.Add(input.Annotations, kind => kind == AnnotationUtils.Kinds.SlotNames);
            }

            map.AddKeyValues(ab, _keyValuesAsText);
            var output = new DataViewSchema.DetachedColumn(_columns[i].Output, outputType, ab.ToAnnotations());
            bound[i] = new BoundColumn(new[] { input }, output, row => map.MakeGetter(row, input));
        }

        return new BoundColumnsMapper(inputSchema, bound);
    }
}
