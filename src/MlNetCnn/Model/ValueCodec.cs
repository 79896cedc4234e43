using System.Reflection;
using MlNetCnn.Data;

namespace MlNetCnn;

/// <summary>Binary encoding of values of the simple raw types and of <see cref="VBuffer{T}"/> of them (used for saved
/// annotations). Reads check every count against the bytes left.</summary>
internal static class ValueCodec<T>
{
    private static readonly Action<BinaryWriter, T> WriteFn;
    private static readonly Func<ModelBinaryReader, T> ReadFn;
    private static readonly Func<T, int> LengthFn;

    static ValueCodec()
    {
        var t = typeof(T);
        LengthFn = _ => -1;
        if (t.IsGenericType && t.GetGenericTypeDefinition() == typeof(VBuffer<>))
        {
            var item = t.GetGenericArguments()[0];
            var helper = typeof(VectorCodec<>).MakeGenericType(item);
            WriteFn = (Action<BinaryWriter, T>)helper.GetMethod("Write", BindingFlags.Public | BindingFlags.Static)!.CreateDelegate(typeof(Action<BinaryWriter, T>));
            ReadFn = (Func<ModelBinaryReader, T>)helper.GetMethod("Read", BindingFlags.Public | BindingFlags.Static)!.CreateDelegate(typeof(Func<ModelBinaryReader, T>));
            LengthFn = (Func<T, int>)helper.GetMethod("Length", BindingFlags.Public | BindingFlags.Static)!.CreateDelegate(typeof(Func<T, int>));
            return;
        }

        (Delegate write, Delegate read) = t switch
        {
            _ when t == typeof(float) => Pair<float>(((w, v) => w.Write(v)), (r => r.ReadSingle())),
            _ when t == typeof(double) => Pair<double>(((w, v) => w.Write(v)), (r => r.ReadDouble())),
            _ when t == typeof(sbyte) => Pair<sbyte>(((w, v) => w.Write(v)), (r => r.ReadSByte())),
            _ when t == typeof(byte) => Pair<byte>(((w, v) => w.Write(v)), (r => r.ReadByte())),
            _ when t == typeof(short) => Pair<short>(((w, v) => w.Write(v)), (r => r.ReadInt16())),
            _ when t == typeof(ushort) => Pair<ushort>(((w, v) => w.Write(v)), (r => r.ReadUInt16())),
            _ when t == typeof(int) => Pair<int>(((w, v) => w.Write(v)), (r => r.ReadInt32())),
            _ when t == typeof(uint) => Pair<uint>(((w, v) => w.Write(v)), (r => r.ReadUInt32())),
            _ when t == typeof(long) => Pair<long>(((w, v) => w.Write(v)), (r => r.ReadInt64())),
            _ when t == typeof(ulong) => Pair<ulong>(((w, v) => w.Write(v)), (r => r.ReadUInt64())),
            _ when t == typeof(bool) => Pair<bool>(((w, v) => w.WriteBoolByte(v)), (r => r.ReadBoolByte())),
            _ when t == typeof(ReadOnlyMemory<char>) => Pair<ReadOnlyMemory<char>>(((w, v) => w.WriteString(v.ToString())),
                (r => r.ReadCheckedString().AsMemory())),
            _ when t == typeof(DateTime) => Pair<DateTime>(((w, v) => w.Write(v.ToBinary())),
                (r => ReadDateTime(r))),
            _ when t == typeof(TimeSpan) => Pair<TimeSpan>(((w, v) => w.Write(v.Ticks)), (r => new TimeSpan(r.ReadInt64()))),
            _ when t == typeof(DataViewRowId) => Pair<DataViewRowId>(((w, v) =>
                {
                    w.Write(v.Low);
                    w.Write(v.High);
                }),
                (r => new DataViewRowId(r.ReadUInt64(), r.ReadUInt64()))),
            _ => throw new NotSupportedException($"Values of type {t.Name} cannot be saved."),
        };
        WriteFn = (Action<BinaryWriter, T>)write;
        ReadFn = (Func<ModelBinaryReader, T>)read;
    }

    private static (Delegate Write, Delegate Read) Pair<TV>(Action<BinaryWriter, TV> write, Func<ModelBinaryReader, TV> read) => (write, read);

    /// <summary>The smallest number of bytes one encoded value takes (bounds counts read from a file).</summary>
    public static int MinBytes => typeof(T) == typeof(ReadOnlyMemory<char>) ? 4
        : typeof(T) == typeof(bool) || typeof(T) == typeof(byte) || typeof(T) == typeof(sbyte) ? 1
        : typeof(T) == typeof(short) || typeof(T) == typeof(ushort) ? 2
        : typeof(T) == typeof(float) || typeof(T) == typeof(int) || typeof(T) == typeof(uint) ? 4
        : typeof(T) == typeof(DataViewRowId) ? 16 : 8;

    public static void Write(BinaryWriter w, T value) => WriteFn(w, value);

    public static T Read(ModelBinaryReader r) => ReadFn(r);

    /// <summary>The length of a vector value, -1 for a scalar.</summary>
    public static int VectorLength(T value) => LengthFn(value);

    private static DateTime ReadDateTime(ModelBinaryReader r)
    {
        long bits = r.ReadInt64();
        try
        {
            return DateTime.FromBinary(bits);
        }
        catch (ArgumentException)
        {
            throw r.Corrupt("a date-time value is out of range");
        }
    }
}

/// <summary>Encoding of <see cref="VBuffer{T}"/>: length, stored count, values, then indices when sparse.</summary>
internal static class VectorCodec<TItem>
{
    public static void Write(BinaryWriter w, VBuffer<TItem> value)
    {
        var values = value.GetValues();
        w.Write(value.Length);
        w.Write(values.Length);
        foreach (var v in values)
        {
            ValueCodec<TItem>.Write(w, v);
        }

        if (!value.IsDense)
        {
            foreach (int i in value.GetIndices())
            {
                w.Write(i);
            }
        }
    }

    public static VBuffer<TItem> Read(ModelBinaryReader r)
    {
        int length = r.ReadInt32();
        if (length < 0)
        {
            throw r.Corrupt($"a vector has negative length {length}");
        }

        int count = r.ReadCount("vector value count", length, ValueCodec<TItem>.MinBytes);
        var values = new TItem[count];
        for (int i = 0; i < count; i++)
        {
            values[i] = ValueCodec<TItem>.Read(r);
        }

        if (count == length)
        {
            return new VBuffer<TItem>(length, values);
        }

        if ((long)count * 4 > r.Remaining)
        {
            throw new EndOfStreamException();
        }

        var indices = new int[count];
        for (int i = 0; i < count; i++)
        {
            indices[i] = r.ReadInt32();
            if (indices[i] < 0 || indices[i] >= length || (i > 0 && indices[i] <= indices[i - 1]))
            {
                throw r.Corrupt("a sparse vector has invalid indices");
            }
        }

        return new VBuffer<TItem>(length, count, values, indices);
    }

    public static int Length(VBuffer<TItem> value) => value.Length;
}
