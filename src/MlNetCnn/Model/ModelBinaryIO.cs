using System.Runtime.InteropServices;
using System.Text;

namespace MlNetCnn;

/// <summary>
/// A little-endian reader over one in-memory model entry whose every variable-size read is checked against the bytes
/// left, so a corrupt count can never cause a huge allocation. Errors name the entry.
/// </summary>
internal sealed class ModelBinaryReader : BinaryReader
{
    public ModelBinaryReader(byte[] data, string entryName)
        : base(new MemoryStream(data, writable: false), Encoding.UTF8, leaveOpen: false)
    {
        EntryName = entryName;
    }

    /// <summary>The full path of the entry (and model file) being read.</summary>
    public string EntryName { get; }

    /// <summary>The number of unread bytes.</summary>
    public long Remaining => BaseStream.Length - BaseStream.Position;

    /// <summary>Returns the exception for corrupt content.</summary>
    public InvalidDataException Corrupt(string message) => new($"Model entry '{EntryName}' is corrupt: {message}.");

    /// <summary>Reads an item count and checks it is in [0, <paramref name="max"/>] and that
    /// <paramref name="bytesPerItem"/> * count bytes remain.</summary>
    public int ReadCount(string what, long max, int bytesPerItem)
    {
        int count = ReadInt32();
        if (count < 0 || count > max)
        {
            throw Corrupt($"{what} is {count}, expected 0 to {max}");
        }

        if ((long)count * bytesPerItem > Remaining)
        {
            throw Corrupt($"{what} is {count} but only {Remaining} bytes remain");
        }

        return count;
    }

    /// <summary>Reads a string written by <see cref="ModelBinaryWriterExtensions.WriteString"/>.</summary>
    public string ReadCheckedString(int maxBytes = int.MaxValue)
    {
        int n = ReadCount("string length", maxBytes, 1);
        var bytes = ReadBytes(n);
        try
        {
            return new UTF8Encoding(false, true).GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            throw Corrupt("a string is not valid UTF-8");
        }
    }

    /// <summary>Reads a float array written by <see cref="ModelBinaryWriterExtensions.WriteFloatArray"/>.</summary>
    public float[] ReadFloatArray(long maxCount = int.MaxValue)
    {
        int n = ReadCount("float array length", maxCount, sizeof(float));
        var result = new float[n];
        ReadRaw(MemoryMarshal.AsBytes(result.AsSpan()));
        FixEndianness(result.AsSpan());
        return result;
    }

    /// <summary>Reads an int array written by <see cref="ModelBinaryWriterExtensions.WriteIntArray"/>.</summary>
    public int[] ReadIntArray(long maxCount = int.MaxValue)
    {
        int n = ReadCount("int array length", maxCount, sizeof(int));
        var result = new int[n];
        for (int i = 0; i < n; i++)
        {
            result[i] = ReadInt32();
        }

        return result;
    }

    /// <summary>Reads a Boolean stored as one byte that must be 0 or 1.</summary>
    public bool ReadBoolByte()
    {
        byte b = ReadByte();
        return b switch
        {
            0 => false,
            1 => true,
            _ => throw Corrupt($"a Boolean byte is {b}"),
        };
    }

    private void ReadRaw(Span<byte> destination)
    {
        if (destination.Length > Remaining)
        {
            throw new EndOfStreamException();
        }

        BaseStream.ReadExactly(destination);
    }

    private static void FixEndianness(Span<float> values)
    {
        if (!BitConverter.IsLittleEndian)
        {
            var ints = MemoryMarshal.Cast<float, int>(values);
            for (int i = 0; i < ints.Length; i++)
            {
                ints[i] = System.Buffers.Binary.BinaryPrimitives.ReverseEndianness(ints[i]);
            }
        }
    }
}

/// <summary>Writers matching the checked reads of <see cref="ModelBinaryReader"/> (all little-endian).</summary>
internal static class ModelBinaryWriterExtensions
{
    /// <summary>Writes an int32 byte length then the UTF-8 bytes.</summary>
    public static void WriteString(this BinaryWriter writer, string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var bytes = Encoding.UTF8.GetBytes(value);
        writer.Write(bytes.Length);
        writer.Write(bytes);
    }

    /// <summary>Writes an int32 count then the floats as little-endian IEEE 754 singles.</summary>
    public static void WriteFloatArray(this BinaryWriter writer, ReadOnlySpan<float> values)
    {
        writer.Write(values.Length);
        if (BitConverter.IsLittleEndian)
        {
            writer.Write(MemoryMarshal.AsBytes(values));
        }
        else
        {
            foreach (float v in values)
            {
                writer.Write(v);
            }
        }
    }

    /// <summary>Writes an int32 count then the ints.</summary>
    public static void WriteIntArray(this BinaryWriter writer, ReadOnlySpan<int> values)
    {
        writer.Write(values.Length);
        foreach (int v in values)
        {
            writer.Write(v);
        }
    }

    /// <summary>Writes a Boolean as one byte (0 or 1).</summary>
    public static void WriteBoolByte(this BinaryWriter writer, bool value) => writer.Write((byte)(value ? 1 : 0));
}
