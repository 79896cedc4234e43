using System.Collections.ObjectModel;

namespace MlNetCnn.Datasets;

/// <summary>The content of one IDX file: its element type, its dimensions and its elements in row-major order.</summary>
public sealed class IdxArray
{
    private readonly Array _data;

    internal IdxArray(string sourcePath, IdxDataType dataType, int[] dimensions, Array data)
    {
        SourcePath = sourcePath;
        DataType = dataType;
        Dimensions = Array.AsReadOnly(dimensions);
        _data = data;
    }

    /// <summary>The path of the file the array was read from.</summary>
    public string SourcePath { get; }

    /// <summary>The element type declared by the file's magic number.</summary>
    public IdxDataType DataType { get; }

    /// <summary>The dimension sizes, outermost first (for images: count, rows, columns). Every size is at least 1.</summary>
    public ReadOnlyCollection<int> Dimensions { get; }

    /// <summary>The number of elements: the product of <see cref="Dimensions"/>.</summary>
    public int Length => _data.Length;

    /// <summary>The .NET element type of <see cref="GetData{T}"/>: byte, sbyte, short, int, float or double.</summary>
    public Type ElementType => IdxDataTypes.ClrType(DataType);

    /// <summary>The elements in row-major order (the last dimension varies fastest), in machine byte order.</summary>
    /// <typeparam name="T">Must be <see cref="ElementType"/>: <see cref="byte"/> for <see cref="IdxDataType.UnsignedByte"/>,
    /// <see cref="sbyte"/>, <see cref="short"/>, <see cref="int"/>, <see cref="float"/> or <see cref="double"/>
    /// for the other types.</typeparam>
    /// <returns>The array itself, not a copy.</returns>
    /// <exception cref="InvalidOperationException"><typeparamref name="T"/> is not the file's element type.</exception>
    public T[] GetData<T>()
        where T : unmanaged
    {
        return _data as T[] ?? throw new InvalidOperationException(
            $"{SourcePath}: the IDX elements are {IdxDataTypes.Describe(DataType)}, read as {ElementType.Name}[], " +
            $"not {typeof(T).Name}[].");
    }

    /// <summary>A short description, e.g. "unsigned byte (0x08) [60000 x 28 x 28]".</summary>
    /// <returns>The element type and the dimensions.</returns>
    public override string ToString() => $"{IdxDataTypes.Describe(DataType)} [{string.Join(" x ", Dimensions)}]";
}
