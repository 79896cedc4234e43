using MlNetCnn.Data;

namespace MlNetCnn.Transforms;

/// <summary>Concatenates columns into a vector; see <see cref="ColumnConcatenatingEstimator"/>.</summary>
public sealed class ColumnConcatenatingTransformer : RowToRowTransformerBase
{
    internal const string LoaderSignature = "ConcatTransform";
    internal const string Component = "Concatenate";
    private readonly string _output;
    private readonly string[] _inputs;

    internal ColumnConcatenatingTransformer(string output, string[] inputs)
    {
        _output = output;
        _inputs = inputs;
    }

    private protected override void SaveModel(ModelSaveContext ctx)
    {
        ctx.SetVersionInfo(GetVersionInfo());
        ctx.Writer.WriteString(_output);
        ColumnPairs.WriteNames(ctx.Writer, _inputs);
    }

    internal static ColumnConcatenatingTransformer Load(ModelLoadContext ctx)
    {
        ctx.CheckAtModel(GetVersionInfo());
        string output = ctx.Reader.ReadCheckedString(ColumnPairs.MaxNameBytes);
        if (output.Length == 0)
        {
            throw ctx.Corrupt("the output column name is empty");
        }

        return new ColumnConcatenatingTransformer(output, ColumnPairs.ReadNames(ctx, allowEmptyList: false));
    }

    private static VersionInfo GetVersionInfo() => TransformVersions.FirstFormat("CONCATCL", LoaderSignature);

    private protected override IRowToRowMapper MakeRowMapper(DataViewSchema inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        var inputs = _inputs.Select(n => SchemaErrors.Find(inputSchema, Component, n, "a column to concatenate")).ToArray();
        var itemType = inputs[0].Type.GetItemType();
        foreach (var c in inputs.Skip(1))
        {
            if (!c.Type.GetItemType().Equals(itemType))
            {
                throw SchemaErrors.WrongType(Component, c.Name, $"items of type {itemType} (the type of '{inputs[0].Name}')", c.Type.ToString());
            }
        }

        if (inputs.Length == 1 && inputs[0].Type is VectorDataViewType)
        {
            var only = inputs[0];
            var identity = new BoundColumn(inputs, new DataViewSchema.DetachedColumn(_output, only.Type, only.Annotations), row => Identity(row, only));
            return new BoundColumnsMapper(inputSchema, new[] { identity });
        }

        int total = inputs.Any(c => c.Type.GetValueCount() == 0) ? 0 : inputs.Sum(c => c.Type.GetValueCount());
        var outputType = new VectorDataViewType((PrimitiveDataViewType)itemType, total);
        var ab = new DataViewSchema.Annotations.Builder();
        if (total > 0 && inputs.Any(c => c.Type is not VectorDataViewType || c.HasSlotNames()))
        {
            var names = SlotNames(inputs, total);
            ab.AddSlotNames(total, (ref VBuffer<ReadOnlyMemory<char>> dst) => VBuffer<ReadOnlyMemory<char>>.Copy(names, 0, ref dst, names.Length));
        }

        if (itemType is NumberDataViewType && inputs.All(c => c.IsNormalized()))
        {
            ab.AddPrimitiveValue(AnnotationUtils.Kinds.IsNormalized, BooleanDataViewType.Instance, true);
        }

        var output = new DataViewSchema.DetachedColumn(_output, outputType, ab.ToAnnotations());
        var getter = new BoundColumn(inputs, output, row => (Delegate)typeof(ColumnConcatenatingTransformer)
            .GetMethod(nameof(MakeGetter), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!
            .MakeGenericMethod(itemType.RawType)
            .Invoke(null, new object[] { row, inputs })!);
        return new BoundColumnsMapper(inputSchema, new[] { getter });
    }

    private static ReadOnlyMemory<char>[] SlotNames(DataViewSchema.Column[] inputs, int total)
    {
        var names = new ReadOnlyMemory<char>[total];
        int slot = 0;
        VBuffer<ReadOnlyMemory<char>> buffer = default;
        foreach (var c in inputs)
        {
            if (c.Type is not VectorDataViewType vec)
            {
                names[slot++] = c.Name.AsMemory();
                continue;
            }

            if (c.HasSlotNames())
            {
                c.GetSlotNames(ref buffer);
                buffer.CopyTo(names.AsSpan(), slot);
            }

            slot += vec.Size;
        }

        return names;
    }

    private static Delegate Identity(DataViewRow row, DataViewSchema.Column input)
        => (Delegate)typeof(DataViewRow).GetMethod(nameof(DataViewRow.GetGetter))!
            .MakeGenericMethod(input.Type.RawType)
            .Invoke(row, new object[] { input })!;

    private static ValueGetter<VBuffer<T>> MakeGetter<T>(DataViewRow row, DataViewSchema.Column[] inputs)
    {
        var scalars = new ValueGetter<T>?[inputs.Length];
        var vectors = new ValueGetter<VBuffer<T>>?[inputs.Length];
        for (int i = 0; i < inputs.Length; i++)
        {
            if (inputs[i].Type is VectorDataViewType)
            {
                vectors[i] = row.GetGetter<VBuffer<T>>(inputs[i]);
            }
            else
            {
                scalars[i] = row.GetGetter<T>(inputs[i]);
            }
        }

        var buffers = new VBuffer<T>[inputs.Length];
        var values = new T[inputs.Length];
        return (ref VBuffer<T> dst) =>
        {
            int length = 0;
            for (int i = 0; i < inputs.Length; i++)
            {
                if (vectors[i] != null)
                {
                    vectors[i]!(ref buffers[i]);
                    length += buffers[i].Length;
                }
                else
                {
                    scalars[i]!(ref values[i]);
                    length++;
                }
            }

            var editor = VBufferEditor.Create(ref dst, length);
            int offset = 0;
            for (int i = 0; i < inputs.Length; i++)
            {
                if (vectors[i] != null)
                {
                    buffers[i].CopyTo(editor.Values, offset);
                    offset += buffers[i].Length;
                }
                else
                {
                    editor.Values[offset++] = values[i];
                }
            }

            dst = editor.Commit();
        };
    }
}
