using System.Reflection;

namespace MlNetCnn.Data;

/// <summary>Copies values of a raw type so that the copy shares no mutable state with the source.</summary>
/// <typeparam name="T">A raw type of the data view type system.</typeparam>
/// <remarks>Everything is copied by assignment except <see cref="VBuffer{T}"/>, whose arrays are duplicated
/// (reusing the destination's arrays when they are large enough).</remarks>
internal static class ValueCopier<T>
{
    private delegate void CopyFn(in T source, ref T destination);

    private static readonly CopyFn? VectorCopy = CreateVectorCopy();

    /// <summary>Whether <typeparamref name="T"/> is a <see cref="VBuffer{T}"/>.</summary>
    public static bool IsVector => VectorCopy != null;

    /// <summary>Copies <paramref name="source"/> into <paramref name="destination"/>.</summary>
    public static void Copy(in T source, ref T destination)
    {
        if (VectorCopy == null)
        {
            destination = source;
        }
        else
        {
            VectorCopy(in source, ref destination);
        }
    }

    private static CopyFn? CreateVectorCopy()
    {
        var t = typeof(T);
        if (!t.IsGenericType || t.GetGenericTypeDefinition() != typeof(VBuffer<>))
        {
            return null;
        }

        var method = typeof(ValueCopier<T>).GetMethod(nameof(CopyVector), BindingFlags.NonPublic | BindingFlags.Static)!
            .MakeGenericMethod(t.GetGenericArguments()[0]);
        return (CopyFn)method.CreateDelegate(typeof(CopyFn));
    }

    private static void CopyVector<TItem>(in VBuffer<TItem> source, ref VBuffer<TItem> destination)
    {
        // A fresh destination must not alias the source's arrays.
        if (ReferenceEquals(source.RawValues, destination.RawValues) && source.RawValues != null)
        {
            destination = default;
        }

        source.CopyTo(ref destination);
    }
}
