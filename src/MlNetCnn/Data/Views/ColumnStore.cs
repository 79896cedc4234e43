using MlNetCnn.Data;

namespace MlNetCnn;

/// <summary>Holds the values of one column for many rows in memory (used by the cache, shuffling and in-memory
/// views). Values are deep-copied in and out, so readers never share buffers with the store.</summary>
internal abstract class ColumnStore
{
    /// <summary>The column type.</summary>
    public abstract DataViewType Type { get; }

    /// <summary>The number of stored rows.</summary>
    public abstract int Count { get; }

    /// <summary>Creates a store for a column type; known-size vectors are stored densely in one flat array.</summary>
    public static ColumnStore Create(DataViewType type)
    {
        var storeType = type is VectorDataViewType { IsKnownSize: true } v
            ? typeof(FixedVectorColumnStore<>).MakeGenericType(v.ItemType.RawType)
            : typeof(ColumnStore<>).MakeGenericType(type.RawType);
        return (ColumnStore)Activator.CreateInstance(storeType, type)!;
    }

    /// <summary>Returns a writer: each call reads the current value through the row's getter and stores it at the
    /// given row index, which must be at most <see cref="Count"/> (equal to append).</summary>
    public abstract Action<int> CreateWriter(DataViewRow row, DataViewSchema.Column column);

    /// <summary>Returns a <see cref="ValueGetter{TValue}"/> that reads the row whose index <paramref name="rowIndex"/>
    /// returns.</summary>
    public abstract Delegate CreateGetter(Func<int> rowIndex);

    /// <summary>Copies the value of row <paramref name="from"/> into row <paramref name="to"/> (both existing).</summary>
    public abstract void CopyRow(int from, int to);

    /// <summary>Grows the store to at least <paramref name="count"/> rows (new rows hold default values).</summary>
    public abstract void EnsureCount(int count);

    /// <summary>Drops the stored values beyond <paramref name="count"/> rows (keeps the capacity).</summary>
    public abstract void Truncate(int count);
}

/// <summary>A growable array of values of raw type <typeparamref name="T"/>.</summary>
internal sealed class ColumnStore<T> : ColumnStore
{
    private T[] _values = new T[16];
    private int _count;

    public ColumnStore(DataViewType type)
    {
        Type = type;
    }

    public override DataViewType Type { get; }

    public override int Count => _count;

    public override Action<int> CreateWriter(DataViewRow row, DataViewSchema.Column column)
    {
        var getter = row.GetGetter<T>(column);
        T temp = default!;
        return index =>
        {
            getter(ref temp);
            if (index == _values.Length)
            {
                Array.Resize(ref _values, (int)Math.Min(Array.MaxLength, 2L * _values.Length));
            }

            ValueCopier<T>.Copy(in temp, ref _values[index]);
            _count = Math.Max(_count, index + 1);
        };
    }

    public override Delegate CreateGetter(Func<int> rowIndex)
        => (ValueGetter<T>)((ref T dst) => ValueCopier<T>.Copy(in _values[rowIndex()], ref dst));

    public override void CopyRow(int from, int to) => ValueCopier<T>.Copy(in _values[from], ref _values[to]);

    public override void EnsureCount(int count)
    {
        if (count > _values.Length)
        {
            Array.Resize(ref _values, count);
        }

        _count = Math.Max(_count, count);
    }

    public override void Truncate(int count) => _count = Math.Min(_count, count);
}

/// <summary>Stores a known-size vector column densely: row r occupies [r * size, (r + 1) * size) of one array.</summary>
internal sealed class FixedVectorColumnStore<TItem> : ColumnStore
{
    private readonly int _size;
    private TItem[] _values;
    private int _count;

    public FixedVectorColumnStore(DataViewType type)
    {
        Type = type;
        _size = ((VectorDataViewType)type).Size;
        _values = new TItem[_size * 16L > Array.MaxLength ? _size : _size * 16];
    }

    public override DataViewType Type { get; }

    public override int Count => _count;

    public override Action<int> CreateWriter(DataViewRow row, DataViewSchema.Column column)
    {
        var getter = row.GetGetter<VBuffer<TItem>>(column);
        VBuffer<TItem> temp = default;
        return index =>
        {
            getter(ref temp);
            if (temp.Length != _size)
            {
                throw new InvalidOperationException($"Column '{column.Name}' declares vectors of size {_size} but row {row.Position} has {temp.Length} values.");
            }

            long needed = (long)(index + 1) * _size;
            if (needed > _values.Length)
            {
                long grown = Math.Min(Math.Max(needed, 2L * _values.Length), Array.MaxLength);
                if (grown < needed)
                {
                    throw new InvalidOperationException($"Column '{column.Name}' is too large to cache in memory.");
                }

                Array.Resize(ref _values, (int)grown);
            }

            temp.CopyTo(_values.AsSpan(index * _size, _size));
            _count = Math.Max(_count, index + 1);
        };
    }

    public override Delegate CreateGetter(Func<int> rowIndex)
        => (ValueGetter<VBuffer<TItem>>)((ref VBuffer<TItem> dst) =>
        {
            var editor = VBufferEditor.Create(ref dst, _size);
            _values.AsSpan(rowIndex() * _size, _size).CopyTo(editor.Values);
            dst = editor.Commit();
        });

    public override void CopyRow(int from, int to)
        => _values.AsSpan(from * _size, _size).CopyTo(_values.AsSpan(to * _size, _size));

    public override void Truncate(int count) => _count = Math.Min(_count, count);

    public override void EnsureCount(int count)
    {
        long needed = (long)count * _size;
        if (needed > Array.MaxLength)
        {
            throw new InvalidOperationException("The column is too large to hold in memory.");
        }

        if (needed > _values.Length)
        {
            Array.Resize(ref _values, (int)needed);
        }

        _count = Math.Max(_count, count);
    }
}
