using System.Runtime.InteropServices;
using MlNetCnn.Data;

namespace MlNetCnn;

/// <summary>Assigns every row a number u in [0, 1) from a hash of a seed and either a sampling-key value or the row
/// id, and filters rows by ranges of u (train/test splits and cross-validation folds).</summary>
internal sealed class SplitKey
{
    private readonly IDataView _data;
    private readonly DataViewSchema.Column? _key;
    private readonly ulong _seed;

    public SplitKey(IDataView data, string? samplingKeyColumnName, int seed)
    {
        _data = data;
        _seed = Mix((ulong)(uint)seed ^ 0x9E3779B97F4A7C15UL);
        if (samplingKeyColumnName != null)
        {
            var column = data.Schema.GetColumnOrNull(samplingKeyColumnName)
                ?? throw new ArgumentOutOfRangeException(nameof(samplingKeyColumnName), $"The sampling key column '{samplingKeyColumnName}' is not in the data.");
            if (column.Type is not PrimitiveDataViewType)
            {
                throw new ArgumentOutOfRangeException(nameof(samplingKeyColumnName), $"The sampling key column '{samplingKeyColumnName}' has type {column.Type}; it must be a scalar.");
            }

            _key = column;
        }
    }

    /// <summary>Returns the rows whose u is in [lo, hi) when <paramref name="keep"/> is true, or outside it
    /// otherwise.</summary>
    public IDataView Filter(double lo, double hi, bool keep)
    {
        var columns = _key.HasValue ? new[] { _key.Value } : Array.Empty<DataViewSchema.Column>();
        return new FilterDataView(_data, columns, row =>
        {
            var fraction = CreateFraction(row);
            return () =>
            {
                double u = fraction();
                return (u >= lo && u < hi) == keep;
            };
        });
    }

    private Func<double> CreateFraction(DataViewRow row)
    {
        ulong seed = _seed;
        Func<ulong> hash;
        if (_key is not DataViewSchema.Column key)
        {
            var id = row.GetIdGetter();
            DataViewRowId v = default;
            hash = () =>
            {
                id(ref v);
                return Mix(Mix(seed ^ v.Low) ^ v.High);
            };
        }
        else
        {
            hash = key.Type.RawType switch
            {
                Type t when t == typeof(float) => HashOf<float>(row, key, v => v == 0 ? 0UL : (ulong)BitConverter.SingleToUInt32Bits(v)),
                Type t when t == typeof(double) => HashOf<double>(row, key, v => v == 0 ? 0UL : BitConverter.DoubleToUInt64Bits(v)),
                Type t when t == typeof(int) => HashOf<int>(row, key, v => (ulong)v),
                Type t when t == typeof(uint) => HashOf<uint>(row, key, v => v),
                Type t when t == typeof(long) => HashOf<long>(row, key, v => (ulong)v),
                Type t when t == typeof(ulong) => HashOf<ulong>(row, key, v => v),
                Type t when t == typeof(short) => HashOf<short>(row, key, v => (ulong)v),
                Type t when t == typeof(ushort) => HashOf<ushort>(row, key, v => v),
                Type t when t == typeof(byte) => HashOf<byte>(row, key, v => v),
                Type t when t == typeof(sbyte) => HashOf<sbyte>(row, key, v => (ulong)v),
                Type t when t == typeof(bool) => HashOf<bool>(row, key, v => v ? 1UL : 0UL),
                Type t when t == typeof(ReadOnlyMemory<char>) => HashOf<ReadOnlyMemory<char>>(row, key, v => HashText(v.Span)),
                Type t when t == typeof(DataViewRowId) => HashOf<DataViewRowId>(row, key, v => Mix(v.Low) ^ v.High),
                Type t when t == typeof(DateTime) => HashOf<DateTime>(row, key, v => (ulong)v.Ticks),
                Type t when t == typeof(TimeSpan) => HashOf<TimeSpan>(row, key, v => (ulong)v.Ticks),
                _ => throw new ArgumentOutOfRangeException("samplingKeyColumnName", $"The sampling key column '{key.Name}' has unsupported type {key.Type}."),
            };
            var inner = hash;
            hash = () => Mix(seed ^ inner());
        }

        // The top 53 bits give a uniform double in [0, 1).
        return () => (hash() >> 11) * (1.0 / (1UL << 53));
    }

    private static Func<ulong> HashOf<T>(DataViewRow row, DataViewSchema.Column column, Func<T, ulong> bits)
    {
        var getter = row.GetGetter<T>(column);
        T value = default!;
        return () =>
        {
            getter(ref value);
            return bits(value);
        };
    }

    /// <summary>FNV-1a over the UTF-16 code units.</summary>
    private static ulong HashText(ReadOnlySpan<char> text)
    {
        ulong h = 14695981039346656037UL;
        foreach (byte b in MemoryMarshal.AsBytes(text))
        {
            h = (h ^ b) * 1099511628211UL;
        }

        return h;
    }

    /// <summary>The SplitMix64 finalizer: a bijective 64-bit mix with good avalanche.</summary>
    private static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
