using MlNetCnn.Data;

namespace MlNetCnn.Transforms;

/// <summary>
/// Collects the distinct non-missing values of one column, in order of first occurrence, up to a maximum count;
/// <see cref="Finish"/> sorts them when the ordinality is by value.
/// </summary>
internal abstract class TermCollector
{
    /// <summary>Whether the maximum number of terms has been reached.</summary>
    public abstract bool IsFull { get; }

    /// <summary>The number of terms collected.</summary>
    public abstract int Count { get; }

    /// <summary>Creates the action that adds the values of the cursor's current row.</summary>
    public abstract Action MakeAdder(DataViewRow row, DataViewSchema.Column column);

    /// <summary>Creates the map of the collected terms.</summary>
    public abstract TermMap Finish(bool byValue);

    /// <summary>Creates a collector for items of <paramref name="itemType"/>.</summary>
    public static TermCollector Create(DataViewType itemType, int maximumNumberOfKeys)
        => TermMap.Dispatch(itemType, new CreateFn(maximumNumberOfKeys));

    private sealed class CreateFn(int max) : TermMap.ITypedFunc<TermCollector>
    {
        public TermCollector Invoke<T>()
            where T : notnull
            => new TermCollector<T>(max);
    }
}

/// <summary>The collector for raw item type <typeparamref name="T"/>.</summary>
internal sealed class TermCollector<T> : TermCollector
    where T : notnull
{
    private readonly int _max;
    private readonly List<T> _terms = new();
    private readonly HashSet<T> _seen = new(TermComparer<T>.Instance);

    public TermCollector(int max)
    {
        _max = max;
    }

    public override bool IsFull => _terms.Count >= _max;

    public override int Count => _terms.Count;

    /// <summary>Adds one value (ignored when missing, already seen, or the collector is full).</summary>
    public void Add(T value)
    {
        if (_terms.Count >= _max || TermComparer<T>.IsMissing(value) || _seen.Contains(value))
        {
            return;
        }

        var owned = Own(value);
        _seen.Add(owned);
        _terms.Add(owned);
    }

    public override Action MakeAdder(DataViewRow row, DataViewSchema.Column column)
    {
        if (column.Type is VectorDataViewType)
        {
            var getter = row.GetGetter<VBuffer<T>>(column);
            VBuffer<T> buffer = default;
            return () =>
            {
                getter(ref buffer);
                var values = buffer.GetValues();
                for (int i = 0; i < values.Length && !IsFull; i++)
                {
                    Add(values[i]);
                }

                if (!buffer.IsDense)
                {
                    Add(default!);
                }
            };
        }

        var scalar = row.GetGetter<T>(column);
        T value = default!;
        return () =>
        {
            scalar(ref value);
            Add(value);
        };
    }

    public override TermMap Finish(bool byValue)
    {
        if (byValue)
        {
            _terms.Sort(TermComparer<T>.Instance);
        }

        return new TermMap<T>(_terms);
    }

    /// <summary>Text values may point into a buffer a cursor reuses: keep a private copy.</summary>
    private static T Own(T value)
        => value is ReadOnlyMemory<char> m ? (T)(object)m.ToString().AsMemory() : value;
}
