namespace MlNetCnn.Datasets;

/// <summary>The element type of an IDX file, as coded by the third byte of its magic number.</summary>
/// <remarks>Multi-byte elements are stored big-endian in the file; <see cref="IdxReader"/> converts them to the
/// machine's byte order.</remarks>
public enum IdxDataType : byte
{
    /// <summary>0x08: unsigned byte, read as <see cref="byte"/>.</summary>
    UnsignedByte = 0x08,

    /// <summary>0x09: signed byte, read as <see cref="sbyte"/>.</summary>
    SignedByte = 0x09,

    /// <summary>0x0B: 16-bit signed integer, read as <see cref="short"/>.</summary>
    Int16 = 0x0B,

    /// <summary>0x0C: 32-bit signed integer, read as <see cref="int"/>.</summary>
    Int32 = 0x0C,

    /// <summary>0x0D: 32-bit IEEE float, read as <see cref="float"/>.</summary>
    Single = 0x0D,

    /// <summary>0x0E: 64-bit IEEE float, read as <see cref="double"/>.</summary>
    Double = 0x0E,
}

/// <summary>Facts about each <see cref="IdxDataType"/>.</summary>
internal static class IdxDataTypes
{
    /// <summary>The size in bytes of one element, or 0 when <paramref name="code"/> is not a known type code.</summary>
    public static int ElementSize(byte code) => (IdxDataType)code switch
    {
        IdxDataType.UnsignedByte or IdxDataType.SignedByte => 1,
        IdxDataType.Int16 => 2,
        IdxDataType.Int32 or IdxDataType.Single => 4,
        IdxDataType.Double => 8,
        _ => 0,
    };

    /// <summary>The .NET element type an IDX type is read as.</summary>
    public static Type ClrType(IdxDataType type) => type switch
    {
        IdxDataType.UnsignedByte => typeof(byte),
        IdxDataType.SignedByte => typeof(sbyte),
        IdxDataType.Int16 => typeof(short),
        IdxDataType.Int32 => typeof(int),
        IdxDataType.Single => typeof(float),
        IdxDataType.Double => typeof(double),
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "Not an IDX data type."),
    };

    /// <summary>A human-readable name with the code, e.g. "unsigned byte (0x08)".</summary>
    public static string Describe(IdxDataType type) => type switch
    {
        IdxDataType.UnsignedByte => "unsigned byte (0x08)",
        IdxDataType.SignedByte => "signed byte (0x09)",
        IdxDataType.Int16 => "16-bit integer (0x0B)",
        IdxDataType.Int32 => "32-bit integer (0x0C)",
        IdxDataType.Single => "32-bit float (0x0D)",
        IdxDataType.Double => "64-bit float (0x0E)",
        _ => $"unknown (0x{(byte)type:X2})",
    };

    /// <summary>The list of valid codes, for error messages.</summary>
    public const string ValidCodes =
        "0x08 (unsigned byte), 0x09 (signed byte), 0x0B (16-bit integer), 0x0C (32-bit integer), " +
        "0x0D (32-bit float) or 0x0E (64-bit float)";
}
