using System.Reflection;
using MlNetCnn.Data;

namespace MlNetCnn;

/// <summary>Converts between a member's .NET type and the raw type of its column (string &lt;-&gt;
/// <see cref="ReadOnlyMemory{T}"/>, T[] &lt;-&gt; <see cref="VBuffer{T}"/>, identity otherwise), reusing buffers.</summary>
internal sealed class ValueConverter<TField, TRaw>
{
    public delegate void ToRawFn(TField value, ref TRaw destination);

    public delegate void FromRawFn(in TRaw value, ref TField destination);

    public ValueConverter(ToRawFn toRaw, FromRawFn fromRaw)
    {
        ToRaw = toRaw;
        FromRaw = fromRaw;
    }

    /// <summary>Member value to column value.</summary>
    public ToRawFn ToRaw { get; }

    /// <summary>Column value to member value (may reuse the array already in the member).</summary>
    public FromRawFn FromRaw { get; }
}

/// <summary>Creates <see cref="ValueConverter{TField,TRaw}"/> instances.</summary>
internal static class ValueConverters
{
    /// <summary>Returns the converter between <paramref name="fieldType"/> and <paramref name="rawType"/>, or null
    /// when they are not compatible.</summary>
    public static object? TryCreate(Type fieldType, Type rawType)
    {
        const BindingFlags flags = BindingFlags.NonPublic | BindingFlags.Static;
        if (fieldType == rawType)
        {
            return typeof(ValueConverters).GetMethod(nameof(Identity), flags)!.MakeGenericMethod(fieldType).Invoke(null, null);
        }

        if (fieldType == typeof(string) && rawType == typeof(ReadOnlyMemory<char>))
        {
            return Text();
        }

        bool rawIsVector = rawType.IsGenericType && rawType.GetGenericTypeDefinition() == typeof(VBuffer<>);
        if (fieldType.IsArray && fieldType.GetArrayRank() == 1 && rawIsVector)
        {
            var item = fieldType.GetElementType()!;
            var rawItem = rawType.GetGenericArguments()[0];
            if (item == rawItem)
            {
                return typeof(ValueConverters).GetMethod(nameof(Array), flags)!.MakeGenericMethod(item).Invoke(null, null);
            }

            if (item == typeof(string) && rawItem == typeof(ReadOnlyMemory<char>))
            {
                return TextArray();
            }
        }

        return null;
    }

    private static ValueConverter<T, T> Identity<T>()
        => new((T v, ref T dst) => ValueCopier<T>.Copy(in v, ref dst), (in T v, ref T dst) => ValueCopier<T>.Copy(in v, ref dst));

    private static ValueConverter<string, ReadOnlyMemory<char>> Text()
        => new(
            (string v, ref ReadOnlyMemory<char> dst) => dst = (v ?? string.Empty).AsMemory(),
            (in ReadOnlyMemory<char> v, ref string dst) => dst = v.ToString());

    private static ValueConverter<T[], VBuffer<T>> Array<T>()
        => new(
            (T[] v, ref VBuffer<T> dst) =>
            {
                v ??= System.Array.Empty<T>();
                var editor = VBufferEditor.Create(ref dst, v.Length);
                v.AsSpan().CopyTo(editor.Values);
                dst = editor.Commit();
            },
            (in VBuffer<T> v, ref T[] dst) =>
            {
                if (dst == null || dst.Length != v.Length)
                {
                    dst = new T[v.Length];
                }

                v.CopyTo(dst.AsSpan());
            });

    private static ValueConverter<string[], VBuffer<ReadOnlyMemory<char>>> TextArray()
        => new(
            (string[] v, ref VBuffer<ReadOnlyMemory<char>> dst) =>
            {
                v ??= System.Array.Empty<string>();
                var editor = VBufferEditor.Create(ref dst, v.Length);
                for (int i = 0; i < v.Length; i++)
                {
                    editor.Values[i] = (v[i] ?? string.Empty).AsMemory();
                }

                dst = editor.Commit();
            },
            (in VBuffer<ReadOnlyMemory<char>> v, ref string[] dst) =>
            {
                if (dst == null || dst.Length != v.Length)
                {
                    dst = new string[v.Length];
                }

                int i = 0;
                foreach (var s in v.DenseValues())
                {
                    dst[i++] = s.ToString();
                }
            });
}
