namespace MlNetCnn.Data;

/// <summary>
/// Creates <see cref="VBufferEditor{T}"/> instances, the mutable way to fill a <see cref="VBuffer{T}"/> while
/// reusing its arrays.
/// </summary>
public static class VBufferEditor
{
    /// <summary>Opens <paramref name="destination"/> for writing with a new length.</summary>
    /// <typeparam name="T">The item type.</typeparam>
    /// <param name="destination">The buffer whose arrays may be reused. It is not modified until
    /// <see cref="VBufferEditor{T}.Commit"/> is called and the result assigned back.</param>
    /// <param name="newLogicalLength">The logical length of the new vector.</param>
    /// <param name="valuesCount">The number of stored values; null (the default) means dense, that is
    /// <paramref name="newLogicalLength"/> values.</param>
    /// <param name="maxValuesCapacity">An optional upper bound on how large a newly allocated values array may be
    /// grown beyond <paramref name="valuesCount"/>.</param>
    /// <param name="keepOldOnResize">When a larger array is allocated, copy the old values into it.</param>
    /// <param name="requireIndicesOnDense">Provide an indices span even when the buffer is dense.</param>
    /// <returns>The editor.</returns>
    public static VBufferEditor<T> Create<T>(
        ref VBuffer<T> destination,
        int newLogicalLength,
        int? valuesCount = null,
        int? maxValuesCapacity = null,
        bool keepOldOnResize = false,
        bool requireIndicesOnDense = false)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(newLogicalLength);
        int count = valuesCount ?? newLogicalLength;
        if (count < 0 || count > newLogicalLength)
        {
            throw new ArgumentOutOfRangeException(nameof(valuesCount), count, $"The value count must be in [0, {newLogicalLength}].");
        }

        T[]? values = destination.RawValues;
        bool newValues = false;
        if (values == null || values.Length < count)
        {
            int capacity = count;
            if (maxValuesCapacity is int max && max > count && values != null)
            {
                capacity = (int)Math.Min(max, Math.Max(count, 2L * values.Length));
            }

            var fresh = new T[capacity];
            if (keepOldOnResize && values != null)
            {
                Array.Copy(values, fresh, Math.Min(values.Length, capacity));
            }

            values = fresh;
            newValues = true;
        }

        int[]? indices = destination.RawIndices;
        bool newIndices = false;
        bool needIndices = count < newLogicalLength || requireIndicesOnDense;
        if (needIndices && (indices == null || indices.Length < count))
        {
            var fresh = new int[count];
            if (keepOldOnResize && indices != null)
            {
                Array.Copy(indices, fresh, Math.Min(indices.Length, count));
            }

            indices = fresh;
            newIndices = true;
        }

        return new VBufferEditor<T>(newLogicalLength, count, values, indices, needIndices, newValues, newIndices);
    }

    /// <summary>Opens <paramref name="destination"/> for editing in place with its current length and count.</summary>
    /// <typeparam name="T">The item type.</typeparam>
    /// <param name="destination">The buffer to edit.</param>
    /// <returns>The editor.</returns>
    public static VBufferEditor<T> CreateFromBuffer<T>(ref VBuffer<T> destination)
        => Create(ref destination, destination.Length, destination.ValueCount, keepOldOnResize: true);
}

/// <summary>
/// A mutable view of the arrays of a <see cref="VBuffer{T}"/> being filled. Write <see cref="Values"/> (and
/// <see cref="Indices"/> for a sparse buffer), then call <see cref="Commit"/> and assign the result.
/// </summary>
/// <typeparam name="T">The item type.</typeparam>
public readonly ref struct VBufferEditor<T>
{
    private readonly int _length;
    private readonly int _count;
    private readonly T[] _values;
    private readonly int[]? _indices;

    internal VBufferEditor(int length, int count, T[] values, int[]? indices, bool hasIndices, bool createdNewValues, bool createdNewIndices)
    {
        _length = length;
        _count = count;
        _values = values;
        _indices = indices;
        Values = values.AsSpan(0, count);
        Indices = hasIndices && indices != null ? indices.AsSpan(0, count) : Span<int>.Empty;
        CreatedNewValues = createdNewValues;
        CreatedNewIndices = createdNewIndices;
    }

    /// <summary>The values to fill (length = the value count).</summary>
    public readonly Span<T> Values;

    /// <summary>The slot indices to fill for a sparse buffer (strictly increasing); empty for a dense buffer.</summary>
    public readonly Span<int> Indices;

    /// <summary>Whether a new values array was allocated (so its previous content is not the old values).</summary>
    public bool CreatedNewValues { get; }

    /// <summary>Whether a new indices array was allocated.</summary>
    public bool CreatedNewIndices { get; }

    /// <summary>Returns the finished buffer.</summary>
    /// <returns>The buffer wrapping the edited arrays.</returns>
    public VBuffer<T> Commit() => new(_length, _count, _values, _indices);

    /// <summary>Returns the finished buffer keeping only the first <paramref name="maxValuesCount"/> stored values
    /// (which then becomes sparse when fewer than the length).</summary>
    /// <param name="maxValuesCount">The number of values to keep.</param>
    /// <returns>The buffer.</returns>
    public VBuffer<T> CommitTruncated(int maxValuesCount)
    {
        if (maxValuesCount < 0 || maxValuesCount > _count)
        {
            throw new ArgumentOutOfRangeException(nameof(maxValuesCount));
        }

        if (maxValuesCount < _length && _indices == null)
        {
            throw new InvalidOperationException("Truncating a dense buffer requires an editor created with indices.");
        }

        return new VBuffer<T>(_length, maxValuesCount, _values, _indices);
    }
}
