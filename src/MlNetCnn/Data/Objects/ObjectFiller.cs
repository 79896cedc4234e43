using System.Reflection;
using MlNetCnn.Data;

namespace MlNetCnn;

/// <summary>Copies the columns of data view rows into the members of <typeparamref name="TRow"/> objects (used by
/// <c>CreateEnumerable</c> and the prediction engine).</summary>
internal sealed class ObjectFiller<TRow>
    where TRow : class
{
    private readonly (MemberBinding<TRow> Binding, DataViewSchema.Column Column)[] _bindings;

    /// <summary>Matches the writable members of <typeparamref name="TRow"/> to the columns of
    /// <paramref name="schema"/> by column name.</summary>
    public ObjectFiller(DataViewSchema schema, bool ignoreMissingColumns, SchemaDefinition? definition)
    {
        definition ??= SchemaDefinition.Create(typeof(TRow), SchemaDefinition.Direction.Write);
        var list = new List<(MemberBinding<TRow>, DataViewSchema.Column)>();
        foreach (var col in definition)
        {
            var column = schema.GetColumnOrNull(col.ColumnName);
            if (column == null)
            {
                if (ignoreMissingColumns)
                {
                    continue;
                }

                throw new ArgumentOutOfRangeException(
                    nameof(schema),
                    $"Member {typeof(TRow).Name}.{col.MemberName} reads column '{col.ColumnName}', which the data does not have. Columns: {string.Join(", ", schema.Where(c => !c.IsHidden).Select(c => c.Name))}.");
            }

            const BindingFlags flags = BindingFlags.Public | BindingFlags.Instance;
            var member = (MemberInfo?)typeof(TRow).GetField(col.MemberName, flags) ?? typeof(TRow).GetProperty(col.MemberName, flags)
                ?? throw new InvalidOperationException($"Type {typeof(TRow).Name} has no public field or property '{col.MemberName}'.");
            list.Add((MemberBinding<TRow>.Create(member, column.Value.Type), column.Value));
        }

        _bindings = list.ToArray();
    }

    /// <summary>The columns the filler reads.</summary>
    public IReadOnlyList<DataViewSchema.Column> Columns => _bindings.Select(b => b.Column).ToArray();

    /// <summary>Returns an action that copies the current values of <paramref name="row"/> into an object.</summary>
    public Action<TRow> CreateFiller(DataViewRow row)
    {
        var setters = _bindings.Select(b => b.Binding.CreateSetter(row, b.Column)).ToArray();
        return obj =>
        {
            foreach (var set in setters)
            {
                set(obj);
            }
        };
    }
}
