using System.Collections.Concurrent;
using System.Reflection;
using System.Text;
using MlNetCnn.Data;

namespace MlNetCnn;

/// <summary>A column type defined outside this file (for example an image type) that can write itself into a saved
/// schema. Its reader is registered with <see cref="SchemaSerializer.RegisterCustomType"/>.</summary>
internal interface ISchemaSerializableType
{
    /// <summary>The name the reader is registered under.</summary>
    string SerializationName { get; }

    /// <summary>Writes the type's parameters.</summary>
    void Write(BinaryWriter writer);
}

/// <summary>
/// Writes and reads a <see cref="DataViewSchema"/> (column names, types with vector dimensions, and the annotations
/// whose values are primitive or vectors of primitives, such as <c>KeyValues</c> and <c>SlotNames</c>). The binary
/// layout is described in <c>Model/README.md</c>.
/// </summary>
internal static class SchemaSerializer
{
    private const uint FormatVersion = 1;
    private const int MaxColumns = 1_000_000;
    private const int MaxAnnotations = 4096;
    private const int MaxDimensions = 32;
    private const int MaxNameBytes = 1 << 16;

    private static readonly ConcurrentDictionary<string, Func<ModelBinaryReader, DataViewType>> CustomTypes = new(StringComparer.Ordinal);

    private static ReadOnlySpan<byte> Magic => "MNCSCHEM"u8;

    private enum Tag : byte
    {
        Number = 1,
        Text = 2,
        Boolean = 3,
        Key = 4,
        Vector = 5,
        DateTime = 6,
        DateTimeOffset = 7,
        TimeSpan = 8,
        RowId = 9,
        Custom = 100,
    }

    /// <summary>Registers the reader of a custom column type.</summary>
    public static void RegisterCustomType(string name, Func<ModelBinaryReader, DataViewType> read)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        CustomTypes[name] = read;
    }

    public static void Write(BinaryWriter w, DataViewSchema schema)
    {
        w.Write(Magic);
        w.Write(FormatVersion);
        w.Write(schema.Count);
        foreach (var column in schema)
        {
            w.WriteString(column.Name);
            WriteType(w, column.Type, column.Name);
            var kept = column.Annotations.Schema.Where(a => CanWriteValue(a.Type)).ToArray();
            w.Write(kept.Length);
            foreach (var a in kept)
            {
                w.WriteString(a.Name);
                WriteType(w, a.Type, $"{column.Name}/{a.Name}");
                typeof(SchemaSerializer).GetMethod(nameof(WriteAnnotationValue), BindingFlags.NonPublic | BindingFlags.Static)!
                    .MakeGenericMethod(a.Type.RawType)
                    .Invoke(null, new object[] { w, column.Annotations, a });
            }
        }
    }

    public static DataViewSchema Read(ModelBinaryReader r)
    {
        if (r.Remaining < 8 || !r.ReadBytes(8).AsSpan().SequenceEqual(Magic))
        {
            throw r.Corrupt("it is not an MlNetCnn schema (bad magic)");
        }

        uint version = r.ReadUInt32();
        if (version != FormatVersion)
        {
            throw r.Corrupt($"schema format version {version} is not supported (expected {FormatVersion})");
        }

        int count = r.ReadCount("column count", MaxColumns, 6);
        var builder = new DataViewSchema.Builder();
        for (int i = 0; i < count; i++)
        {
            string name = r.ReadCheckedString(MaxNameBytes);
            if (name.Length == 0)
            {
                throw r.Corrupt($"column {i} has an empty name");
            }

            var type = ReadType(r, 0);
            int annotationCount = r.ReadCount($"annotation count of column '{name}'", MaxAnnotations, 6);
            var ab = new DataViewSchema.Annotations.Builder();
            for (int j = 0; j < annotationCount; j++)
            {
                string kind = r.ReadCheckedString(MaxNameBytes);
                var annotationType = ReadType(r, 0);
                if (kind.Length == 0 || !CanWriteValue(annotationType))
                {
                    throw r.Corrupt($"annotation {j} of column '{name}' is invalid");
                }

                typeof(SchemaSerializer).GetMethod(nameof(ReadAnnotationValue), BindingFlags.NonPublic | BindingFlags.Static)!
                    .MakeGenericMethod(annotationType.RawType)
                    .Invoke(null, new object[] { r, ab, kind, annotationType });
            }

            builder.AddColumn(name, type, ab.ToAnnotations());
        }

        return builder.ToSchema();
    }

    private static bool CanWriteValue(DataViewType type)
        => type is VectorDataViewType v ? IsSimple(v.ItemType) : IsSimple(type);

    private static bool IsSimple(DataViewType type)
        => type is NumberDataViewType or TextDataViewType or BooleanDataViewType or KeyDataViewType
            or DateTimeDataViewType or TimeSpanDataViewType or RowIdDataViewType;

    private static void WriteType(BinaryWriter w, DataViewType type, string where)
    {
        switch (type)
        {
            case NumberDataViewType n:
                w.Write((byte)Tag.Number);
                w.Write(KindOf(n.RawType));
                break;
            case TextDataViewType:
                w.Write((byte)Tag.Text);
                break;
            case BooleanDataViewType:
                w.Write((byte)Tag.Boolean);
                break;
            case KeyDataViewType k:
                w.Write((byte)Tag.Key);
                w.Write(KindOf(k.RawType));
                w.Write(k.Count);
                break;
            case VectorDataViewType v:
                w.Write((byte)Tag.Vector);
                WriteType(w, v.ItemType, where);
                w.Write(v.Dimensions.Length);
                foreach (int d in v.Dimensions)
                {
                    w.Write(d);
                }

                break;
            case DateTimeDataViewType:
                w.Write((byte)Tag.DateTime);
                break;
            case DateTimeOffsetDataViewType:
                w.Write((byte)Tag.DateTimeOffset);
                break;
            case TimeSpanDataViewType:
                w.Write((byte)Tag.TimeSpan);
                break;
            case RowIdDataViewType:
                w.Write((byte)Tag.RowId);
                break;
            case ISchemaSerializableType custom:
                w.Write((byte)Tag.Custom);
                w.WriteString(custom.SerializationName);
                custom.Write(w);
                break;
            default:
                throw new NotSupportedException($"Column '{where}' has type {type}, which cannot be saved in a model schema.");
        }
    }

    private static DataViewType ReadType(ModelBinaryReader r, int depth)
    {
        var tag = (Tag)r.ReadByte();
        switch (tag)
        {
            case Tag.Number:
                return NumberDataViewType.FromRawType(RawOf(r, r.ReadByte())) ?? throw r.Corrupt("bad number kind");
            case Tag.Text:
                return TextDataViewType.Instance;
            case Tag.Boolean:
                return BooleanDataViewType.Instance;
            case Tag.Key:
            {
                var raw = RawOf(r, r.ReadByte());
                ulong count = r.ReadUInt64();
                if (!KeyDataViewType.IsValidDataType(raw))
                {
                    throw r.Corrupt($"a key type has raw type {raw.Name}");
                }

                try
                {
                    return new KeyDataViewType(raw, count);
                }
                catch (ArgumentException e)
                {
                    throw r.Corrupt($"invalid key type ({e.Message})");
                }
            }

            case Tag.Vector:
            {
                if (depth > 0)
                {
                    throw r.Corrupt("a vector type is nested in a vector type");
                }

                var item = ReadType(r, depth + 1) as PrimitiveDataViewType ?? throw r.Corrupt("a vector item type is not primitive");
                int n = r.ReadCount("vector dimension count", MaxDimensions, 4);
                var dims = new int[n];
                for (int i = 0; i < n; i++)
                {
                    dims[i] = r.ReadInt32();
                }

                try
                {
                    return new VectorDataViewType(item, dims);
                }
                catch (ArgumentException e)
                {
                    throw r.Corrupt($"invalid vector dimensions ({e.Message})");
                }
            }

            case Tag.DateTime:
                return DateTimeDataViewType.Instance;
            case Tag.DateTimeOffset:
                return DateTimeOffsetDataViewType.Instance;
            case Tag.TimeSpan:
                return TimeSpanDataViewType.Instance;
            case Tag.RowId:
                return RowIdDataViewType.Instance;
            case Tag.Custom:
            {
                string name = r.ReadCheckedString(ModelFormat.MaxNameLength);
                if (!CustomTypes.TryGetValue(name, out var read))
                {
                    throw new InvalidDataException($"Model entry '{r.EntryName}' uses column type '{name}', which this program does not know (reference the assembly that defines it).");
                }

                return read(r);
            }

            default:
                throw r.Corrupt($"unknown type tag {(byte)tag}");
        }
    }

    private static byte KindOf(Type raw) => raw switch
    {
        _ when raw == typeof(sbyte) => (byte)DataKind.SByte,
        _ when raw == typeof(byte) => (byte)DataKind.Byte,
        _ when raw == typeof(short) => (byte)DataKind.Int16,
        _ when raw == typeof(ushort) => (byte)DataKind.UInt16,
        _ when raw == typeof(int) => (byte)DataKind.Int32,
        _ when raw == typeof(uint) => (byte)DataKind.UInt32,
        _ when raw == typeof(long) => (byte)DataKind.Int64,
        _ when raw == typeof(ulong) => (byte)DataKind.UInt64,
        _ when raw == typeof(float) => (byte)DataKind.Single,
        _ when raw == typeof(double) => (byte)DataKind.Double,
        _ => throw new NotSupportedException($"No kind code for {raw.Name}."),
    };

    private static Type RawOf(ModelBinaryReader r, byte kind) => (DataKind)kind switch
    {
        DataKind.SByte => typeof(sbyte),
        DataKind.Byte => typeof(byte),
        DataKind.Int16 => typeof(short),
        DataKind.UInt16 => typeof(ushort),
        DataKind.Int32 => typeof(int),
        DataKind.UInt32 => typeof(uint),
        DataKind.Int64 => typeof(long),
        DataKind.UInt64 => typeof(ulong),
        DataKind.Single => typeof(float),
        DataKind.Double => typeof(double),
        _ => throw r.Corrupt($"unknown number kind {kind}"),
    };

    private static void WriteAnnotationValue<T>(BinaryWriter w, DataViewSchema.Annotations annotations, DataViewSchema.Column column)
    {
        T value = default!;
        annotations.GetGetter<T>(column)(ref value);
        ValueCodec<T>.Write(w, value);
    }

    private static void ReadAnnotationValue<T>(ModelBinaryReader r, DataViewSchema.Annotations.Builder builder, string kind, DataViewType type)
    {
        T value = ValueCodec<T>.Read(r);
        if (type is VectorDataViewType { IsKnownSize: true } v && ValueCodec<T>.VectorLength(value) != v.Size)
        {
            throw r.Corrupt($"annotation '{kind}' holds a vector of the wrong length for its type {type}");
        }

        builder.Add(kind, type, value);
    }
}
