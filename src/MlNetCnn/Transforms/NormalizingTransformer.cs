using MlNetCnn.Data;

namespace MlNetCnn.Transforms;

/// <summary>
/// Applies the per-slot normalization learned by <see cref="NormalizingEstimator"/>; the parameters are saved with
/// the model.
/// </summary>
public sealed partial class NormalizingTransformer : RowToRowTransformerBase
{
    internal const string LoaderSignature = "Normalizer";
    private readonly (string Output, string Input)[] _columns;
    private readonly NormalizerFunction[] _functions;
    private readonly bool[] _isVector;

    internal NormalizingTransformer((string Output, string Input)[] columns, NormalizerFunction[] functions, bool[] isVector)
    {
        _columns = columns;
        _functions = functions;
        _isVector = isVector;
    }

    /// <summary>The learned parameters of column <paramref name="index"/> (in the order the columns were given):
    /// an <see cref="AffineNormalizerModelParameters{TData}"/> (scale and offset; output = (x - offset) * scale) or a
    /// <see cref="CdfNormalizerModelParameters{TData}"/>. TData is <see cref="float"/> (or <see cref="double"/>) for
    /// a scalar column, an <see cref="System.Collections.Immutable.ImmutableArray{T}"/> of them, one per slot, for a
    /// vector column.</summary>
    /// <param name="index">The column index.</param>
    /// <returns>The parameters.</returns>
    public NormalizerModelParametersBase GetNormalizerModelParameters(int index)
    {
        if ((uint)index >= (uint)_functions.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(index), index, $"The transformer normalizes {_functions.Length} columns.");
        }

        return _functions[index].GetParameters(_isVector[index]);
    }

    private protected override void SaveModel(ModelSaveContext ctx)
    {
        ctx.SetVersionInfo(GetVersionInfo());
        ColumnPairs.Write(ctx.Writer, _columns);
        for (int i = 0; i < _functions.Length; i++)
        {
            ctx.Writer.WriteBoolByte(_isVector[i]);
            _functions[i].Save(ctx.Writer);
        }
    }

    internal static NormalizingTransformer Load(ModelLoadContext ctx)
    {
        ctx.CheckAtModel(GetVersionInfo());
        var columns = ColumnPairs.Read(ctx);
        var functions = new NormalizerFunction[columns.Length];
        var isVector = new bool[columns.Length];
        for (int i = 0; i < functions.Length; i++)
        {
            isVector[i] = ctx.Reader.ReadBoolByte();
            functions[i] = NormalizerFunction.Load(ctx);
            if (functions[i].Size == 0 || (!isVector[i] && functions[i].Size != 1))
            {
                throw ctx.Corrupt($"the normalizer of column '{columns[i].Output}' has {functions[i].Size} slots");
            }
        }

        return new NormalizingTransformer(columns, functions, isVector);
    }

    private static VersionInfo GetVersionInfo() => TransformVersions.FirstFormat("NORMALZR", LoaderSignature);

    private protected override IRowToRowMapper MakeRowMapper(DataViewSchema inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        var bound = new BoundColumn[_columns.Length];
        for (int i = 0; i < _columns.Length; i++)
        {
            var f = _functions[i];
            string expected = _isVector[i] ? $"a vector of {f.Size} {f.ItemType} values" : $"a {f.ItemType} scalar";
            var input = SchemaErrors.Find(inputSchema, NormalizingEstimator.Component, _columns[i].Input, expected);
            bool ok = input.Type is VectorDataViewType v
                ? _isVector[i] && v.Size == f.Size && v.ItemType.Equals(f.ItemType)
                : !_isVector[i] && input.Type.Equals(f.ItemType);
            if (!ok)
            {
                throw SchemaErrors.WrongType(NormalizingEstimator.Component, input.Name, expected, input.Type.ToString());
            }

            var ab = new DataViewSchema.Annotations.Builder();
            ab.Add(input.Annotations, kind => kind == AnnotationUtils.Kinds.SlotNames);
            ab.AddPrimitiveValue(AnnotationUtils.Kinds.IsNormalized, BooleanDataViewType.Instance, true);
            var output = new DataViewSchema.DetachedColumn(_columns[i].Output, input.Type, ab.ToAnnotations());
            bound[i] = new BoundColumn(new[] { input }, output, row => f.MakeGetter(row, input));
        }

        return new BoundColumnsMapper(inputSchema, bound);
    }
}
