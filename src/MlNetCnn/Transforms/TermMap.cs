using MlNetCnn.Data;

namespace MlNetCnn.Transforms;

/// <summary>
/// The dictionary of one <see cref="ValueToKeyMappingTransformer"/> column: the distinct values ("terms") in key
/// order. Term i has key i + 1; key 0 means missing or unseen.
/// </summary>
internal abstract class TermMap
{
    /// <summary>The item type of the terms (text, a number type or Boolean).</summary>
    public abstract PrimitiveDataViewType ItemType { get; }

    /// <summary>The number of terms, which is the key count of the output.</summary>
    public abstract int Count { get; }

    /// <summary>The key type of the output: <see cref="uint"/> keys 1..<see cref="Count"/>.</summary>
    public KeyDataViewType KeyType => new(typeof(uint), Count);

    /// <summary>Creates a getter mapping the values of <paramref name="input"/> (a scalar or vector of
    /// <see cref="ItemType"/>) to keys.</summary>
    public abstract Delegate MakeGetter(DataViewRow row, DataViewSchema.Column input);

    /// <summary>Adds the <c>KeyValues</c> annotation: the terms, or their invariant text when
    /// <paramref name="asText"/>.</summary>
    public abstract void AddKeyValues(DataViewSchema.Annotations.Builder builder, bool asText);

    /// <summary>Adds the terms as annotation <paramref name="kind"/> (used to save the map).</summary>
    public abstract void AddTerms(DataViewSchema.Annotations.Builder builder, string kind);

    /// <summary>Creates the map of saved terms read back as annotation <paramref name="kind"/> of
    /// <paramref name="column"/>.</summary>
    public static TermMap FromAnnotation(DataViewSchema.Column column, string kind)
    {
        var annotation = column.Annotations.Schema.GetColumnOrNull(kind);
        if (annotation?.Type is not VectorDataViewType { ItemType: var item } || !TypeHelpers.IsTermItemType(item))
        {
            throw new InvalidDataException($"The saved terms of column '{column.Name}' are missing or not a vector of text, numbers or Booleans.");
        }

        return Dispatch(item, new FromAnnotationFn(column.Annotations, kind));
    }

    /// <summary>Calls <paramref name="fn"/> with the raw type of <paramref name="itemType"/> as type argument.</summary>
    public static TResult Dispatch<TResult>(DataViewType itemType, ITypedFunc<TResult> fn) => itemType.RawType switch
    {
        var t when t == typeof(ReadOnlyMemory<char>) => fn.Invoke<ReadOnlyMemory<char>>(),
        var t when t == typeof(bool) => fn.Invoke<bool>(),
        var t when t == typeof(float) => fn.Invoke<float>(),
        var t when t == typeof(double) => fn.Invoke<double>(),
        var t when t == typeof(sbyte) => fn.Invoke<sbyte>(),
        var t when t == typeof(byte) => fn.Invoke<byte>(),
        var t when t == typeof(short) => fn.Invoke<short>(),
        var t when t == typeof(ushort) => fn.Invoke<ushort>(),
        var t when t == typeof(int) => fn.Invoke<int>(),
        var t when t == typeof(uint) => fn.Invoke<uint>(),
        var t when t == typeof(long) => fn.Invoke<long>(),
        var t when t == typeof(ulong) => fn.Invoke<ulong>(),
        _ => throw new NotSupportedException($"Item type {itemType} cannot be mapped to keys."),
    };

    /// <summary>A function generic in the raw item type.</summary>
    public interface ITypedFunc<out TResult>
    {
        /// <summary>Runs the function for raw item type <typeparamref name="T"/>.</summary>
        TResult Invoke<T>()
            where T : notnull;
    }

    private sealed class FromAnnotationFn(DataViewSchema.Annotations annotations, string kind) : ITypedFunc<TermMap>
    {
        public TermMap Invoke<T>()
            where T : notnull
        {
            VBuffer<T> terms = default;
            annotations.GetValue(kind, ref terms);
            var values = terms.DenseValues().ToArray();
            var map = new TermMap<T>(values);
            if (map.Count != values.Length)
            {
                throw new InvalidDataException("The saved terms contain duplicates or missing values.");
            }

            return map;
        }
    }
}

/// <summary>The term dictionary for raw item type <typeparamref name="T"/>.</summary>
internal sealed class TermMap<T> : TermMap
    where T : notnull
{
    private readonly T[] _terms;
    private readonly Dictionary<T, uint> _keys;
    private readonly PrimitiveDataViewType _itemType;

    /// <summary>Creates a map of <paramref name="terms"/> in key order; missing values and duplicates are
    /// dropped.</summary>
    public TermMap(IEnumerable<T> terms)
    {
        _itemType = ItemTypeOf();
        _keys = new Dictionary<T, uint>(TermComparer<T>.Instance);
        var list = new List<T>();
        foreach (var t in terms)
        {
            if (!TermComparer<T>.IsMissing(t) && _keys.TryAdd(t, (uint)list.Count + 1))
            {
                list.Add(t);
            }
        }

        _terms = list.ToArray();
    }

    public override PrimitiveDataViewType ItemType => _itemType;

    public override int Count => _terms.Length;

    /// <summary>The terms in key order.</summary>
    public IReadOnlyList<T> Terms => _terms;

    /// <summary>The key of <paramref name="value"/>: 1-based, 0 when missing or unseen.</summary>
    public uint KeyOf(in T value) => _keys.TryGetValue(value, out uint key) ? key : 0;

    public override Delegate MakeGetter(DataViewRow row, DataViewSchema.Column input)
    {
        if (input.Type is VectorDataViewType)
        {
            var src = row.GetGetter<VBuffer<T>>(input);
            VBuffer<T> buffer = default;
            return (ValueGetter<VBuffer<uint>>)((ref VBuffer<uint> dst) =>
            {
                src(ref buffer);
                var editor = VBufferEditor.Create(ref dst, buffer.Length);
                if (buffer.IsDense)
                {
                    var values = buffer.GetValues();
                    for (int i = 0; i < values.Length; i++)
                    {
                        editor.Values[i] = KeyOf(values[i]);
                    }
                }
                else
                {
                    editor.Values.Fill(KeyOf(default!));
                    var values = buffer.GetValues();
                    var indices = buffer.GetIndices();
                    for (int i = 0; i < values.Length; i++)
                    {
                        editor.Values[indices[i]] = KeyOf(values[i]);
                    }
                }

                dst = editor.Commit();
            });
        }

        var scalar = row.GetGetter<T>(input);
        T value = default!;
        return (ValueGetter<uint>)((ref uint dst) =>
        {
            scalar(ref value);
            dst = KeyOf(value);
        });
    }

    public override void AddKeyValues(DataViewSchema.Annotations.Builder builder, bool asText)
    {
        if (asText && typeof(T) != typeof(ReadOnlyMemory<char>))
        {
            var text = _terms.Select(t => TypeHelpers.ToText(t).AsMemory()).ToArray();
            builder.AddKeyValues(Count, TextDataViewType.Instance, (ref VBuffer<ReadOnlyMemory<char>> dst) => VBuffer<ReadOnlyMemory<char>>.Copy(text, 0, ref dst, text.Length));
            return;
        }

        builder.AddKeyValues(Count, _itemType, (ref VBuffer<T> dst) => VBuffer<T>.Copy(_terms, 0, ref dst, _terms.Length));
    }

    public override void AddTerms(DataViewSchema.Annotations.Builder builder, string kind)
        => builder.Add(kind, new VectorDataViewType(_itemType, Count), (ref VBuffer<T> dst) => VBuffer<T>.Copy(_terms, 0, ref dst, _terms.Length));

    private static PrimitiveDataViewType ItemTypeOf()
    {
        if (typeof(T) == typeof(ReadOnlyMemory<char>))
        {
            return TextDataViewType.Instance;
        }

        if (typeof(T) == typeof(bool))
        {
            return BooleanDataViewType.Instance;
        }

        return NumberDataViewType.FromRawType(typeof(T)) ?? throw new NotSupportedException($"{typeof(T).Name} values cannot be mapped to keys.");
    }
}

/// <summary>Equality of terms (text compares by content) and the definition of a missing value.</summary>
internal sealed class TermComparer<T> : IEqualityComparer<T>, IComparer<T>
    where T : notnull
{
    public static readonly TermComparer<T> Instance = new();

    /// <summary>Missing values never become terms and map to key 0: empty text, NaN.</summary>
    public static bool IsMissing(T value) => value switch
    {
        ReadOnlyMemory<char> m => m.IsEmpty,
        float f => float.IsNaN(f),
        double d => double.IsNaN(d),
        _ => false,
    };

    public bool Equals(T? x, T? y)
        => x is ReadOnlyMemory<char> a && y is ReadOnlyMemory<char> b
            ? a.Span.SequenceEqual(b.Span)
            : EqualityComparer<T>.Default.Equals(x, y);

    public int GetHashCode(T obj)
        => obj is ReadOnlyMemory<char> m ? string.GetHashCode(m.Span) : EqualityComparer<T>.Default.GetHashCode(obj!);

    /// <summary>The ByValue order: ordinal for text, numeric for numbers, false before true.</summary>
    public int Compare(T? x, T? y)
        => x is ReadOnlyMemory<char> a && y is ReadOnlyMemory<char> b
            ? a.Span.SequenceCompareTo(b.Span)
            : Comparer<T>.Default.Compare(x, y);
}
