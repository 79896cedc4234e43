using MlNetCnn.Data;

namespace MlNetCnn.Transforms;

/// <summary>
/// The exceptions estimators and transformers throw for an unusable input schema. Every message names the component,
/// the column and what was expected, as ML.NET's "Schema mismatch for input column" errors do.
/// </summary>
internal static class SchemaErrors
{
    /// <summary>A column the component needs is not in the schema.</summary>
    public static ArgumentOutOfRangeException Missing(string component, string column, string expected)
        => new("inputSchema", $"{component}: schema mismatch for input column '{column}': the column was not found; expected {expected}.");

    /// <summary>A column has a type the component cannot use.</summary>
    public static ArgumentOutOfRangeException WrongType(string component, string column, string expected, string? actual)
        => new("inputSchema", $"{component}: schema mismatch for input column '{column}': expected {expected}, got {actual ?? "an unknown type"}.");

    /// <summary>Finds a visible column of an actual schema or throws <see cref="Missing"/>.</summary>
    public static DataViewSchema.Column Find(DataViewSchema schema, string component, string column, string expected)
        => schema.GetColumnOrNull(column) ?? throw Missing(component, column, expected);

    /// <summary>Finds a column of a schema shape or throws <see cref="Missing"/>.</summary>
    public static SchemaShape.Column Find(SchemaShape shape, string component, string column, string expected)
        => shape.TryFindColumn(column, out var c) ? c : throw Missing(component, column, expected);

    /// <summary>Checks a column name argument.</summary>
    public static string CheckName(string? name, string paramName)
    {
        if (string.IsNullOrEmpty(name))
        {
            throw new ArgumentException("A column name must not be null or empty.", paramName);
        }

        return name;
    }
}

/// <summary>Small helpers on types shared by the transforms.</summary>
internal static class TypeHelpers
{
    /// <summary>Whether <paramref name="type"/> is text, a number or a Boolean: the item types MapValueToKey
    /// accepts.</summary>
    public static bool IsTermItemType(DataViewType type)
        => type is TextDataViewType or NumberDataViewType or BooleanDataViewType;

    /// <summary>Whether a shape item type is a term item type (a key shape column is not).</summary>
    public static bool IsTermItemType(SchemaShape.Column column)
        => !column.IsKey && IsTermItemType(column.ItemType);

    /// <summary>Whether a vector of <paramref name="type"/> items (or a scalar) can be normalized: Single or
    /// Double, scalar or known-size vector.</summary>
    public static bool IsNormalizable(DataViewType type)
        => type is VectorDataViewType v
            ? v.IsKnownSize && IsFloatingItem(v.ItemType)
            : IsFloatingItem(type);

    /// <summary>Whether a shape column can be normalized.</summary>
    public static bool IsNormalizable(SchemaShape.Column column)
        => !column.IsKey && column.Kind != SchemaShape.VectorKind.VariableVector && IsFloatingItem(column.ItemType);

    /// <summary>Single or Double.</summary>
    public static bool IsFloatingItem(DataViewType type)
        => ReferenceEquals(type, NumberDataViewType.Single) || ReferenceEquals(type, NumberDataViewType.Double);

    /// <summary>The shape of a vector annotation with the given item type (for example <c>KeyValues</c>).</summary>
    public static SchemaShape.Column VectorAnnotation(string kind, DataViewType itemType)
        => new(kind, SchemaShape.VectorKind.Vector, itemType, false);

    /// <summary>The shape of a scalar annotation (for example <c>IsNormalized</c>).</summary>
    public static SchemaShape.Column ScalarAnnotation(string kind, DataViewType itemType)
        => new(kind, SchemaShape.VectorKind.Scalar, itemType, false);

    /// <summary>Copies the annotation kinds of <paramref name="annotations"/> that pass <paramref name="keep"/>.</summary>
    public static List<SchemaShape.Column> CopyAnnotations(SchemaShape annotations, params string[] keep)
        => annotations.Where(a => keep.Contains(a.Name)).ToList();

    /// <summary>Converts a value to its invariant text form (used for text key values and slot names).</summary>
    public static string ToText<T>(T value) => value switch
    {
        ReadOnlyMemory<char> m => m.ToString(),
        IFormattable f => f.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
        null => string.Empty,
        _ => value.ToString() ?? string.Empty,
    };
}
