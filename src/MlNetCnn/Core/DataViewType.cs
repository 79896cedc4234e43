namespace MlNetCnn.Data;

/// <summary>
/// The abstract base class of every type in the data view type system.
/// </summary>
/// <remarks>
/// A type pairs a .NET representation (<see cref="RawType"/>) with extra meaning: <see cref="KeyDataViewType"/> and
/// <see cref="NumberDataViewType.UInt32"/> share the raw type <see cref="uint"/> but are different types. Extend the
/// system by deriving from <see cref="PrimitiveDataViewType"/> or <see cref="StructuredDataViewType"/>.
/// </remarks>
public abstract class DataViewType : IEquatable<DataViewType>
{
    private protected DataViewType(Type rawType)
    {
        ArgumentNullException.ThrowIfNull(rawType);
        RawType = rawType;
    }

    /// <summary>The .NET type used to hold values of this type (the type argument of getters).</summary>
    public Type RawType { get; }

    /// <summary>Whether <paramref name="other"/> is the same type.</summary>
    /// <param name="other">The type to compare with.</param>
    /// <returns><see langword="true"/> when both types describe the same values.</returns>
    public abstract bool Equals(DataViewType? other);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is DataViewType other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => RawType.GetHashCode();
}

/// <summary>
/// The base class of primitive (scalar) types, whose values can be copied freely without concern for ownership.
/// </summary>
public abstract class PrimitiveDataViewType : DataViewType
{
    /// <summary>Creates a primitive type with the given raw type.</summary>
    /// <param name="rawType">The .NET representation; must not be a <see cref="VBuffer{T}"/>.</param>
    protected PrimitiveDataViewType(Type rawType)
        : base(rawType)
    {
        if (rawType.IsGenericType && rawType.GetGenericTypeDefinition() == typeof(VBuffer<>))
        {
            throw new ArgumentException("A primitive type cannot have a VBuffer raw type.", nameof(rawType));
        }
    }
}

/// <summary>
/// The base class of structured (non-scalar) types such as vectors and images.
/// </summary>
public abstract class StructuredDataViewType : DataViewType
{
    /// <summary>Creates a structured type with the given raw type.</summary>
    /// <param name="rawType">The .NET representation.</param>
    protected StructuredDataViewType(Type rawType)
        : base(rawType)
    {
    }
}

/// <summary>The text type; values are <see cref="ReadOnlyMemory{T}"/> of <see cref="char"/>.</summary>
public sealed class TextDataViewType : PrimitiveDataViewType
{
    private TextDataViewType()
        : base(typeof(ReadOnlyMemory<char>))
    {
    }

    /// <summary>The single instance of the text type.</summary>
    public static TextDataViewType Instance { get; } = new();

    /// <inheritdoc/>
    public override bool Equals(DataViewType? other) => ReferenceEquals(other, this);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => ReferenceEquals(obj, this);

    /// <inheritdoc/>
    public override int GetHashCode() => RawType.GetHashCode();

    /// <inheritdoc/>
    public override string ToString() => "String";
}

/// <summary>The numeric types. Each one is a singleton, so reference equality is type equality.</summary>
public sealed class NumberDataViewType : PrimitiveDataViewType
{
    private readonly string _name;

    private NumberDataViewType(Type rawType)
        : base(rawType)
    {
        _name = rawType.Name;
    }

    /// <summary>Signed 8-bit integers (<see cref="sbyte"/>).</summary>
    public static NumberDataViewType SByte { get; } = new(typeof(sbyte));

    /// <summary>Unsigned 8-bit integers (<see cref="byte"/>).</summary>
    public static NumberDataViewType Byte { get; } = new(typeof(byte));

    /// <summary>Signed 16-bit integers (<see cref="short"/>).</summary>
    public static NumberDataViewType Int16 { get; } = new(typeof(short));

    /// <summary>Unsigned 16-bit integers (<see cref="ushort"/>).</summary>
    public static NumberDataViewType UInt16 { get; } = new(typeof(ushort));

    /// <summary>Signed 32-bit integers (<see cref="int"/>).</summary>
    public static NumberDataViewType Int32 { get; } = new(typeof(int));

    /// <summary>Unsigned 32-bit integers (<see cref="uint"/>).</summary>
    public static NumberDataViewType UInt32 { get; } = new(typeof(uint));

    /// <summary>Signed 64-bit integers (<see cref="long"/>).</summary>
    public static NumberDataViewType Int64 { get; } = new(typeof(long));

    /// <summary>Unsigned 64-bit integers (<see cref="ulong"/>).</summary>
    public static NumberDataViewType UInt64 { get; } = new(typeof(ulong));

    /// <summary>32-bit floating point (<see cref="float"/>); the missing value is NaN.</summary>
    public static NumberDataViewType Single { get; } = new(typeof(float));

    /// <summary>64-bit floating point (<see cref="double"/>); the missing value is NaN.</summary>
    public static NumberDataViewType Double { get; } = new(typeof(double));

    /// <inheritdoc/>
    public override bool Equals(DataViewType? other) => ReferenceEquals(other, this);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => ReferenceEquals(obj, this);

    /// <inheritdoc/>
    public override int GetHashCode() => RawType.GetHashCode();

    /// <inheritdoc/>
    public override string ToString() => _name;

    /// <summary>Returns the number type whose raw type is <paramref name="rawType"/>, or null.</summary>
    internal static NumberDataViewType? FromRawType(Type rawType)
    {
        if (rawType == typeof(float)) return Single;
        if (rawType == typeof(double)) return Double;
        if (rawType == typeof(int)) return Int32;
        if (rawType == typeof(uint)) return UInt32;
        if (rawType == typeof(long)) return Int64;
        if (rawType == typeof(ulong)) return UInt64;
        if (rawType == typeof(short)) return Int16;
        if (rawType == typeof(ushort)) return UInt16;
        if (rawType == typeof(byte)) return Byte;
        if (rawType == typeof(sbyte)) return SByte;
        return null;
    }
}

/// <summary>The Boolean type (<see cref="bool"/>).</summary>
public sealed class BooleanDataViewType : PrimitiveDataViewType
{
    private BooleanDataViewType()
        : base(typeof(bool))
    {
    }

    /// <summary>The single instance of the Boolean type.</summary>
    public static BooleanDataViewType Instance { get; } = new();

    /// <inheritdoc/>
    public override bool Equals(DataViewType? other) => ReferenceEquals(other, this);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => ReferenceEquals(obj, this);

    /// <inheritdoc/>
    public override int GetHashCode() => RawType.GetHashCode();

    /// <inheritdoc/>
    public override string ToString() => "Boolean";
}

/// <summary>The date-time type (<see cref="DateTime"/>).</summary>
public sealed class DateTimeDataViewType : PrimitiveDataViewType
{
    private DateTimeDataViewType()
        : base(typeof(DateTime))
    {
    }

    /// <summary>The single instance of the date-time type.</summary>
    public static DateTimeDataViewType Instance { get; } = new();

    /// <inheritdoc/>
    public override bool Equals(DataViewType? other) => ReferenceEquals(other, this);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => ReferenceEquals(obj, this);

    /// <inheritdoc/>
    public override int GetHashCode() => RawType.GetHashCode();

    /// <inheritdoc/>
    public override string ToString() => "DateTime";
}

/// <summary>The date-time-with-offset type (<see cref="DateTimeOffset"/>).</summary>
public sealed class DateTimeOffsetDataViewType : PrimitiveDataViewType
{
    private DateTimeOffsetDataViewType()
        : base(typeof(DateTimeOffset))
    {
    }

    /// <summary>The single instance of the date-time-offset type.</summary>
    public static DateTimeOffsetDataViewType Instance { get; } = new();

    /// <inheritdoc/>
    public override bool Equals(DataViewType? other) => ReferenceEquals(other, this);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => ReferenceEquals(obj, this);

    /// <inheritdoc/>
    public override int GetHashCode() => RawType.GetHashCode();

    /// <inheritdoc/>
    public override string ToString() => "DateTimeZone";
}

/// <summary>The time-span type (<see cref="TimeSpan"/>).</summary>
public sealed class TimeSpanDataViewType : PrimitiveDataViewType
{
    private TimeSpanDataViewType()
        : base(typeof(TimeSpan))
    {
    }

    /// <summary>The single instance of the time-span type.</summary>
    public static TimeSpanDataViewType Instance { get; } = new();

    /// <inheritdoc/>
    public override bool Equals(DataViewType? other) => ReferenceEquals(other, this);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => ReferenceEquals(obj, this);

    /// <inheritdoc/>
    public override int GetHashCode() => RawType.GetHashCode();

    /// <inheritdoc/>
    public override string ToString() => "TimeSpan";
}

/// <summary>The row-id type (<see cref="DataViewRowId"/>).</summary>
public sealed class RowIdDataViewType : PrimitiveDataViewType
{
    private RowIdDataViewType()
        : base(typeof(DataViewRowId))
    {
    }

    /// <summary>The single instance of the row-id type.</summary>
    public static RowIdDataViewType Instance { get; } = new();

    /// <inheritdoc/>
    public override bool Equals(DataViewType? other) => ReferenceEquals(other, this);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => ReferenceEquals(obj, this);

    /// <inheritdoc/>
    public override int GetHashCode() => RawType.GetHashCode();

    /// <inheritdoc/>
    public override string ToString() => "DataViewRowId";
}
