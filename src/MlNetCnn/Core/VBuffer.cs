using System.Text;

namespace MlNetCnn.Data;

/// <summary>
/// The vector representation of the data view type system: a logical length plus stored values, either dense (one
/// value per slot) or sparse (values with their slot indices).
/// </summary>
/// <typeparam name="T">The item type. Assigning a <typeparamref name="T"/> must make an independent copy, so a
/// buffer of buffers is not allowed.</typeparam>
/// <remarks>
/// Slots a sparse buffer does not store hold <c>default(T)</c>. The arrays a buffer wraps may be longer than what it
/// uses; they are reused by <see cref="VBufferEditor"/> so that getters do not allocate on every row.
/// </remarks>
public readonly struct VBuffer<T>
{
    private readonly T[]? _values;
    private readonly int[]? _indices;
    private readonly int _count;

    /// <summary>The logical length of the vector.</summary>
    public readonly int Length;

    /// <summary>Creates a buffer.</summary>
    /// <param name="length">The logical length.</param>
    /// <param name="values">The stored values; dense when <paramref name="indices"/> is null (then at least
    /// <paramref name="length"/> values are required).</param>
    /// <param name="indices">For a sparse buffer, the strictly increasing slot of each value.</param>
    public VBuffer(int length, T[] values, int[]? indices = null)
        : this(length, indices == null ? length : values?.Length ?? 0, values!, indices)
    {
    }

    /// <summary>Creates a buffer that uses the first <paramref name="count"/> entries of the arrays.</summary>
    /// <param name="length">The logical length.</param>
    /// <param name="count">The number of stored values; equal to <paramref name="length"/> for a dense buffer.</param>
    /// <param name="values">The stored values.</param>
    /// <param name="indices">The slot of each stored value; may be null when the buffer is dense.</param>
    public VBuffer(int length, int count, T[] values, int[]? indices)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        if (count < 0 || count > length)
        {
            throw new ArgumentOutOfRangeException(nameof(count), count, $"The value count must be in [0, {length}].");
        }

        if (count > 0 && (values == null || values.Length < count))
        {
            throw new ArgumentException($"The values array must hold at least {count} items.", nameof(values));
        }

        if (count < length && count > 0 && (indices == null || indices.Length < count))
        {
            throw new ArgumentException($"A sparse buffer needs at least {count} indices.", nameof(indices));
        }

        Length = length;
        _count = count;
        _values = values;
        _indices = indices;
    }

    /// <summary>Whether every slot is stored (the values are the vector).</summary>
    public bool IsDense => _count == Length;

    /// <summary>Returns the stored values.</summary>
    /// <returns>All <see cref="Length"/> values when dense, otherwise the values at <see cref="GetIndices"/>.</returns>
    public ReadOnlySpan<T> GetValues() => _values == null ? ReadOnlySpan<T>.Empty : new ReadOnlySpan<T>(_values, 0, _count);

    /// <summary>Returns the slot indices of a sparse buffer; empty when the buffer is dense.</summary>
    /// <returns>The indices, strictly increasing.</returns>
    public ReadOnlySpan<int> GetIndices()
        => IsDense || _indices == null ? ReadOnlySpan<int>.Empty : new ReadOnlySpan<int>(_indices, 0, _count);

    /// <summary>Copies this buffer into <paramref name="destination"/>, keeping it sparse or dense, reusing the
    /// destination's arrays when they are large enough.</summary>
    /// <param name="destination">The buffer to overwrite.</param>
    public void CopyTo(ref VBuffer<T> destination)
    {
        var editor = VBufferEditor.Create(ref destination, Length, _count);
        GetValues().CopyTo(editor.Values);
        if (!IsDense)
        {
            GetIndices().CopyTo(editor.Indices);
        }

        destination = editor.Commit();
    }

    /// <summary>Copies this buffer into <paramref name="destination"/> as a dense buffer.</summary>
    /// <param name="destination">The buffer to overwrite.</param>
    public void CopyToDense(ref VBuffer<T> destination)
    {
        var editor = VBufferEditor.Create(ref destination, Length);
        CopyTo(editor.Values);
        destination = editor.Commit();
    }

    /// <summary>Writes the dense form of this vector into <paramref name="destination"/>.</summary>
    /// <param name="destination">A span of at least <see cref="Length"/> items.</param>
    public void CopyTo(Span<T> destination) => CopyTo(destination, 0);

    /// <summary>Writes the dense form of this vector into <paramref name="destination"/> starting at
    /// <paramref name="destinationIndex"/>; unstored slots receive <paramref name="defaultValue"/>.</summary>
    /// <param name="destination">The destination span.</param>
    /// <param name="destinationIndex">The first index written.</param>
    /// <param name="defaultValue">The value of slots a sparse buffer does not store.</param>
    public void CopyTo(Span<T> destination, int destinationIndex, T defaultValue = default!)
    {
        if (destinationIndex < 0 || destination.Length - destinationIndex < Length)
        {
            throw new ArgumentException($"The destination must have room for {Length} items from index {destinationIndex}.", nameof(destination));
        }

        var dst = destination.Slice(destinationIndex, Length);
        if (IsDense)
        {
            GetValues().CopyTo(dst);
            return;
        }

        dst.Fill(defaultValue);
        var values = GetValues();
        var indices = GetIndices();
        for (int i = 0; i < values.Length; i++)
        {
            dst[indices[i]] = values[i];
        }
    }

    /// <summary>Copies <paramref name="length"/> items of <paramref name="source"/> into a dense buffer.</summary>
    /// <param name="source">The source array.</param>
    /// <param name="sourceIndex">The first item copied.</param>
    /// <param name="destination">The buffer to overwrite.</param>
    /// <param name="length">The number of items.</param>
    public static void Copy(T[] source, int sourceIndex, ref VBuffer<T> destination, int length)
    {
        ArgumentNullException.ThrowIfNull(source);
        var editor = VBufferEditor.Create(ref destination, length);
        source.AsSpan(sourceIndex, length).CopyTo(editor.Values);
        destination = editor.Commit();
    }

    /// <summary>Enumerates all <see cref="Length"/> values in slot order, including the default-valued slots of a
    /// sparse buffer.</summary>
    /// <returns>The dense sequence of values.</returns>
    public IEnumerable<T> DenseValues()
    {
        for (int i = 0; i < Length; i++)
        {
            yield return GetItemOrDefault(i);
        }
    }

    /// <summary>Enumerates (slot, value) pairs.</summary>
    /// <param name="all">When true, every slot is returned (unstored slots with <c>default(T)</c>); otherwise only the
    /// stored values.</param>
    /// <returns>The pairs in slot order.</returns>
    public IEnumerable<KeyValuePair<int, T>> Items(bool all = false)
    {
        if (all || IsDense)
        {
            for (int i = 0; i < Length; i++)
            {
                yield return new KeyValuePair<int, T>(i, GetItemOrDefault(i));
            }

            yield break;
        }

        for (int i = 0; i < _count; i++)
        {
            yield return new KeyValuePair<int, T>(_indices![i], _values![i]);
        }
    }

    /// <summary>Returns the value of slot <paramref name="index"/> (<c>default(T)</c> when a sparse buffer does not
    /// store it).</summary>
    /// <param name="index">A slot in [0, <see cref="Length"/>).</param>
    /// <returns>The value.</returns>
    public T GetItemOrDefault(int index)
    {
        if ((uint)index >= (uint)Length)
        {
            throw new ArgumentOutOfRangeException(nameof(index), index, $"The index must be in [0, {Length}).");
        }

        if (IsDense)
        {
            return _values![index];
        }

        int pos = GetIndices().BinarySearch(index);
        return pos >= 0 ? _values![pos] : default!;
    }

    /// <summary>Reads the value of slot <paramref name="index"/> into <paramref name="destination"/>.</summary>
    /// <param name="index">A slot in [0, <see cref="Length"/>).</param>
    /// <param name="destination">Receives the value.</param>
    public void GetItemOrDefault(int index, ref T destination) => destination = GetItemOrDefault(index);

    /// <inheritdoc/>
    public override string ToString()
    {
        var sb = new StringBuilder();
        sb.Append(IsDense ? "Dense" : "Sparse").Append(" vector of length ").Append(Length);
        return sb.ToString();
    }

    /// <summary>The values array (possibly longer than used); for <see cref="VBufferEditor"/>.</summary>
    internal T[]? RawValues => _values;

    /// <summary>The indices array (possibly longer than used); for <see cref="VBufferEditor"/>.</summary>
    internal int[]? RawIndices => _indices;

    /// <summary>The number of stored values.</summary>
    internal int ValueCount => _count;
}
