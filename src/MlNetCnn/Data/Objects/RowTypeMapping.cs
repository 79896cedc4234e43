using System.Reflection;
using MlNetCnn.Data;

namespace MlNetCnn;

/// <summary>The columns of a class as described by a <see cref="SchemaDefinition"/>: the schema plus one member
/// binding per column.</summary>
internal sealed class RowTypeMapping<TRow>
    where TRow : class
{
    private RowTypeMapping(DataViewSchema schema, MemberBinding<TRow>[] bindings)
    {
        Schema = schema;
        Bindings = bindings;
    }

    public DataViewSchema Schema { get; }

    /// <summary>The binding of schema column i.</summary>
    public MemberBinding<TRow>[] Bindings { get; }

    /// <summary>Maps the members of <typeparamref name="TRow"/> to columns for reading objects into a data view.</summary>
    /// <param name="definition">An explicit definition, or null to derive it from the class.</param>
    /// <param name="schema">An optional schema whose column types and annotations override the inferred ones (matched
    /// by column name).</param>
    /// <param name="direction">Which accessors the members need when the definition is derived.</param>
    public static RowTypeMapping<TRow> Create(SchemaDefinition? definition, DataViewSchema? schema, SchemaDefinition.Direction direction)
    {
        definition ??= SchemaDefinition.Create(typeof(TRow), direction);
        var builder = new DataViewSchema.Builder();
        var bindings = new List<MemberBinding<TRow>>();
        foreach (var col in definition)
        {
            var member = FindMember(col.MemberName);
            var memberType = member is FieldInfo f ? f.FieldType : ((PropertyInfo)member).PropertyType;
            var type = col.ColumnType ?? SchemaDefinition.InferType(typeof(TRow), member, memberType);
            var annotations = col.BuildAnnotations();
            if (schema?.GetColumnOrNull(col.ColumnName) is DataViewSchema.Column given)
            {
                type = given.Type;
                annotations = given.Annotations;
            }

            builder.AddColumn(col.ColumnName, type, annotations);
            bindings.Add(MemberBinding<TRow>.Create(member, type));
        }

        return new RowTypeMapping<TRow>(builder.ToSchema(), bindings.ToArray());
    }

    private static MemberInfo FindMember(string name)
    {
        const BindingFlags flags = BindingFlags.Public | BindingFlags.Instance;
        return (MemberInfo?)typeof(TRow).GetField(name, flags)
            ?? (MemberInfo?)typeof(TRow).GetProperty(name, flags)
            ?? throw new InvalidOperationException($"Type {typeof(TRow).Name} has no public field or property '{name}'.");
    }
}
