namespace MlNetCnn.Data;

/// <summary>
/// Convenience methods to read the standard annotations of a column.
/// </summary>
public static class SchemaAnnotationsExtensions
{
    /// <summary>Whether the column has a <c>SlotNames</c> annotation: a text vector of the column's size.</summary>
    /// <param name="column">A vector column.</param>
    /// <returns><see langword="true"/> when slot names are available.</returns>
    public static bool HasSlotNames(this DataViewSchema.Column column)
    {
        if (column.Type is not VectorDataViewType vec || !vec.IsKnownSize)
        {
            return false;
        }

        var names = column.Annotations.Schema.GetColumnOrNull(AnnotationUtils.Kinds.SlotNames);
        return names?.Type is VectorDataViewType nv && nv.ItemType is TextDataViewType && nv.Size == vec.Size;
    }

    /// <summary>Reads the <c>SlotNames</c> annotation.</summary>
    /// <param name="column">A vector column with slot names.</param>
    /// <param name="slotNames">Receives one name per slot.</param>
    /// <exception cref="InvalidOperationException">The column has no slot names.</exception>
    public static void GetSlotNames(this DataViewSchema.Column column, ref VBuffer<ReadOnlyMemory<char>> slotNames)
    {
        if (!column.HasSlotNames())
        {
            throw new InvalidOperationException($"Column '{column.Name}' has no SlotNames annotation of the right size.");
        }

        column.Annotations.GetValue(AnnotationUtils.Kinds.SlotNames, ref slotNames);
    }

    /// <summary>Whether the column is a key (or key-vector) column with a <c>KeyValues</c> annotation of the key
    /// count.</summary>
    /// <param name="column">The column.</param>
    /// <param name="keyValueItemType">When given, the item type the key values must have.</param>
    /// <returns><see langword="true"/> when key values are available.</returns>
    public static bool HasKeyValues(this DataViewSchema.Column column, PrimitiveDataViewType? keyValueItemType = null)
    {
        var kv = AnnotationUtils.GetKeyValuesColumn(column);
        if (kv == null)
        {
            return false;
        }

        return keyValueItemType == null || ((VectorDataViewType)kv.Value.Type).ItemType.Equals(keyValueItemType);
    }

    /// <summary>Reads the <c>KeyValues</c> annotation: the value of key k is at index k - 1.</summary>
    /// <typeparam name="TValue">The raw type of the key values (for example <see cref="ReadOnlyMemory{T}"/> of
    /// <see cref="char"/> for text labels).</typeparam>
    /// <param name="column">A key column.</param>
    /// <param name="keyValues">Receives the values.</param>
    /// <exception cref="InvalidOperationException">The column has no key values of that type.</exception>
    public static void GetKeyValues<TValue>(this DataViewSchema.Column column, ref VBuffer<TValue> keyValues)
    {
        var kv = AnnotationUtils.GetKeyValuesColumn(column)
            ?? throw new InvalidOperationException($"Column '{column.Name}' has no KeyValues annotation matching its key count.");
        column.Annotations.GetGetter<VBuffer<TValue>>(kv)(ref keyValues);
    }

    /// <summary>Whether the column carries an <c>IsNormalized</c> annotation set to true.</summary>
    /// <param name="column">The column.</param>
    /// <returns><see langword="true"/> when the column was normalized.</returns>
    public static bool IsNormalized(this DataViewSchema.Column column)
    {
        var c = column.Annotations.Schema.GetColumnOrNull(AnnotationUtils.Kinds.IsNormalized);
        if (c?.Type is not BooleanDataViewType)
        {
            return false;
        }

        bool value = false;
        column.Annotations.GetGetter<bool>(c.Value)(ref value);
        return value;
    }
}
