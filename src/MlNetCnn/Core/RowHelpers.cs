using MlNetCnn.Data;

namespace MlNetCnn;

/// <summary>Shared checks for row and cursor implementations.</summary>
internal static class RowHelpers
{
    /// <summary>Returns <paramref name="getter"/> as a <see cref="ValueGetter{TValue}"/> of the requested type, or throws
    /// a clear error when the column is inactive or the type does not match.</summary>
    public static ValueGetter<TValue> CastGetter<TValue>(Delegate? getter, DataViewSchema.Column column)
    {
        if (getter == null)
        {
            throw new InvalidOperationException($"Column '{column.Name}' (index {column.Index}) is not active in this cursor; request it in columnsNeeded.");
        }

        return getter as ValueGetter<TValue> ?? throw TypeMismatch<TValue>(column);
    }

    /// <summary>The exception for a getter requested with the wrong raw type.</summary>
    public static InvalidOperationException TypeMismatch<TValue>(DataViewSchema.Column column)
        => new($"Column '{column.Name}' has type {column.Type} (raw type {FriendlyName(column.Type.RawType)}); it cannot be read as {FriendlyName(typeof(TValue))}.");

    /// <summary>Builds the active-column mask of a schema from the columns a caller asked for.</summary>
    public static bool[] GetActiveMask(DataViewSchema schema, IEnumerable<DataViewSchema.Column> columnsNeeded)
    {
        ArgumentNullException.ThrowIfNull(columnsNeeded);
        var active = new bool[schema.Count];
        foreach (var c in columnsNeeded)
        {
            schema.CheckColumn(c, nameof(columnsNeeded));
            active[c.Index] = true;
        }

        return active;
    }

    /// <summary>A readable name for generic types, such as <c>VBuffer&lt;Single&gt;</c>.</summary>
    public static string FriendlyName(Type t)
        => t.IsGenericType ? $"{t.Name[..t.Name.IndexOf('`')]}<{string.Join(", ", t.GetGenericArguments().Select(FriendlyName))}>" : t.Name;

    /// <summary>A row id made from a position (used by views that have no better id).</summary>
    public static DataViewRowId IdFromPosition(long position) => new((ulong)position, 0);
}
