namespace MlNetCnn.Data;

public sealed partial class TextLoader
{
    /// <summary>
    /// The options of a <see cref="TextLoader"/>.
    /// </summary>
    public class Options
    {
        /// <summary>The columns to load.</summary>
        public Column[]? Columns;

        /// <summary>The field separators (default: tab).</summary>
        public char[] Separators = { '\t' };

        /// <summary>Whether the first line of each file is a header.</summary>
        public bool HasHeader;

        /// <summary>Whether fields may be wrapped in double quotes.</summary>
        public bool AllowQuoting;

        /// <summary>Whether to remove whitespace around fields and at the end of lines.</summary>
        public bool TrimWhitespace;

        /// <summary>Whether the sparse format is allowed (not supported by this loader: must stay false).</summary>
        public bool AllowSparse;

        /// <summary>The maximum number of rows to read, or null for all.</summary>
        public long? MaxRows;
    }

    /// <summary>
    /// One column of a <see cref="TextLoader"/>: its name, item type and source columns.
    /// </summary>
    public sealed class Column
    {
        /// <summary>Creates an empty column description (set the fields).</summary>
        public Column()
        {
        }

        /// <summary>A scalar column read from one source column.</summary>
        /// <param name="name">The column name.</param>
        /// <param name="dataKind">The item type.</param>
        /// <param name="index">The 0-based source column.</param>
        public Column(string name, DataKind dataKind, int index)
            : this(name, dataKind, new[] { new Range(index) })
        {
        }

        /// <summary>A vector column read from the source columns <paramref name="minIndex"/> to
        /// <paramref name="maxIndex"/> (inclusive).</summary>
        /// <param name="name">The column name.</param>
        /// <param name="dataKind">The item type.</param>
        /// <param name="minIndex">The first source column.</param>
        /// <param name="maxIndex">The last source column (inclusive).</param>
        public Column(string name, DataKind dataKind, int minIndex, int maxIndex)
            : this(name, dataKind, new[] { new Range(minIndex, maxIndex) })
        {
        }

        /// <summary>A column read from ranges of source columns.</summary>
        /// <param name="name">The column name.</param>
        /// <param name="dataKind">The item type.</param>
        /// <param name="source">The source ranges.</param>
        /// <param name="keyCount">For a key column, the number of keys.</param>
        public Column(string name, DataKind dataKind, Range[] source, KeyCount? keyCount = null)
        {
            Name = name;
            DataKind = dataKind;
            Source = source;
            KeyCount = keyCount;
        }

        /// <summary>The column name.</summary>
        public string? Name;

        /// <summary>The item type.</summary>
        public DataKind DataKind;

        /// <summary>The source ranges.</summary>
        public Range[]? Source;

        /// <summary>For a key column (UInt32, UInt64, UInt16 or Byte kind), the number of keys.</summary>
        public KeyCount? KeyCount;
    }

    /// <summary>
    /// An inclusive range of source columns.
    /// </summary>
    public sealed class Range
    {
        /// <summary>An empty range (set the fields).</summary>
        public Range()
        {
        }

        /// <summary>A single source column.</summary>
        /// <param name="index">The 0-based source column.</param>
        public Range(int index)
            : this(index, index)
        {
        }

        /// <summary>The source columns <paramref name="min"/> to <paramref name="max"/> (inclusive); a null
        /// <paramref name="max"/> reads to the end of each line (a variable-length vector).</summary>
        /// <param name="min">The first source column.</param>
        /// <param name="max">The last source column, or null.</param>
        public Range(int min, int? max)
        {
            Min = min;
            Max = max;
        }

        /// <summary>The first source column.</summary>
        public int Min;

        /// <summary>The last source column (inclusive), or null for "to the end of the line".</summary>
        public int? Max;
    }

    /// <summary>Creates the column specifications of explicit <see cref="Column"/> descriptions.</summary>
    internal static ColumnSpec[] ColumnsFromOptions(Column[] columns)
    {
        var specs = new List<ColumnSpec>();
        foreach (var c in columns)
        {
            if (string.IsNullOrEmpty(c.Name))
            {
                throw new ArgumentException("Every text loader column needs a name.", nameof(columns));
            }

            var source = c.Source is { Length: > 0 } ? c.Source : throw new ArgumentException($"Column '{c.Name}' has no source range.", nameof(columns));
            foreach (var r in source)
            {
                if (r.Min < 0 || (r.Max.HasValue && r.Max.Value < r.Min))
                {
                    throw new ArgumentException($"Column '{c.Name}' has an invalid range [{r.Min}, {r.Max}].", nameof(columns));
                }
            }

            var item = ItemType(c);
            var ranges = source.Select(r => (r.Min, r.Max)).ToArray();
            bool variable = source.Any(r => !r.Max.HasValue);
            int count = variable ? 0 : source.Sum(r => r.Max!.Value - r.Min + 1);
            DataViewType type = !variable && count == 1 && source.Length == 1 ? item : new VectorDataViewType(item, count);
            specs.Add(new ColumnSpec(c.Name, item, ranges, type));
        }

        return specs.ToArray();
    }

    private static PrimitiveDataViewType ItemType(Column c)
    {
        if (c.KeyCount != null)
        {
            var raw = c.DataKind switch
            {
                DataKind.Byte => typeof(byte),
                DataKind.UInt16 => typeof(ushort),
                DataKind.UInt32 => typeof(uint),
                DataKind.UInt64 => typeof(ulong),
                _ => throw new ArgumentException($"Key column '{c.Name}' must have kind Byte, UInt16, UInt32 or UInt64, not {c.DataKind}."),
            };
            return new KeyDataViewType(raw, c.KeyCount.Count ?? throw new ArgumentException($"Key column '{c.Name}' needs a key count."));
        }

        return c.DataKind switch
        {
            DataKind.SByte => NumberDataViewType.SByte,
            DataKind.Byte => NumberDataViewType.Byte,
            DataKind.Int16 => NumberDataViewType.Int16,
            DataKind.UInt16 => NumberDataViewType.UInt16,
            DataKind.Int32 => NumberDataViewType.Int32,
            DataKind.UInt32 => NumberDataViewType.UInt32,
            DataKind.Int64 => NumberDataViewType.Int64,
            DataKind.UInt64 => NumberDataViewType.UInt64,
            DataKind.Single => NumberDataViewType.Single,
            DataKind.Double => NumberDataViewType.Double,
            DataKind.String => TextDataViewType.Instance,
            DataKind.Boolean => BooleanDataViewType.Instance,
            _ => throw new NotSupportedException($"Column '{c.Name}': the text loader does not read {c.DataKind} values."),
        };
    }
}
