using System.Numerics;
using MlNetCnn.Data;

namespace MlNetCnn.Transforms;

/// <summary>Reads key columns of any key raw type (byte, ushort, uint, ulong) as <see cref="ulong"/> keys.</summary>
internal static class KeyReader
{
    /// <summary>Returns a function reading the key of a scalar key column at the row's current position.</summary>
    public static Func<ulong> Scalar(DataViewRow row, DataViewSchema.Column column) => column.Type.RawType switch
    {
        var t when t == typeof(uint) => Scalar<uint>(row, column),
        var t when t == typeof(byte) => Scalar<byte>(row, column),
        var t when t == typeof(ushort) => Scalar<ushort>(row, column),
        var t when t == typeof(ulong) => Scalar<ulong>(row, column),
        _ => throw new InvalidOperationException($"Column '{column.Name}' of type {column.Type} is not a key column."),
    };

    /// <summary>Creates the getter of a key-to-value mapping: key k gives <paramref name="values"/>[k - 1]; key 0
    /// and keys above the count give <paramref name="missing"/>.</summary>
    public static Delegate MakeGetter<T>(DataViewRow row, DataViewSchema.Column input, KeyDataViewType keyType, T[] values, T missing)
        => keyType.RawType switch
        {
            var t when t == typeof(uint) => MakeGetter<uint, T>(row, input, values, missing),
            var t when t == typeof(byte) => MakeGetter<byte, T>(row, input, values, missing),
            var t when t == typeof(ushort) => MakeGetter<ushort, T>(row, input, values, missing),
            _ => MakeGetter<ulong, T>(row, input, values, missing),
        };

    private static Func<ulong> Scalar<TKey>(DataViewRow row, DataViewSchema.Column column)
        where TKey : IBinaryInteger<TKey>
    {
        var getter = row.GetGetter<TKey>(column);
        TKey key = TKey.Zero;
        return () =>
        {
            getter(ref key);
            return ulong.CreateTruncating(key);
        };
    }

    private static Delegate MakeGetter<TKey, T>(DataViewRow row, DataViewSchema.Column input, T[] values, T missing)
        where TKey : IBinaryInteger<TKey>
    {
        T Map(TKey key)
        {
            ulong k = ulong.CreateTruncating(key);
            return k >= 1 && k <= (ulong)values.Length ? values[k - 1] : missing;
        }

        if (input.Type is VectorDataViewType)
        {
            var src = row.GetGetter<VBuffer<TKey>>(input);
            VBuffer<TKey> keys = default;
            return (ValueGetter<VBuffer<T>>)((ref VBuffer<T> dst) =>
            {
                src(ref keys);
                var editor = VBufferEditor.Create(ref dst, keys.Length);
                if (keys.IsDense)
                {
                    var k = keys.GetValues();
                    for (int i = 0; i < k.Length; i++)
                    {
                        editor.Values[i] = Map(k[i]);
                    }
                }
                else
                {
                    editor.Values.Fill(missing);
                    var k = keys.GetValues();
                    var idx = keys.GetIndices();
                    for (int i = 0; i < k.Length; i++)
                    {
                        editor.Values[idx[i]] = Map(k[i]);
                    }
                }

                dst = editor.Commit();
            });
        }

        var scalar = row.GetGetter<TKey>(input);
        TKey key = TKey.Zero;
        return (ValueGetter<T>)((ref T dst) =>
        {
            scalar(ref key);
            dst = Map(key);
        });
    }
}
