using System.Buffers.Binary;
using System.Globalization;
using System.Numerics;

namespace MlNetCnn.Datasets;

/// <summary>The parsed, validated header of an IDX file.</summary>
/// <param name="DataType">The element type.</param>
/// <param name="Dimensions">The dimension sizes, each at least 1.</param>
/// <param name="HeaderBytes">The header length: 4 + 4 * dimension count.</param>
/// <param name="PayloadBytes">The payload length the header declares: element size times the product of the dimensions.</param>
internal readonly record struct IdxHeader(IdxDataType DataType, int[] Dimensions, int HeaderBytes, long PayloadBytes)
{
    /// <summary>The number of elements (fits in an int because the payload is at most <see cref="Array.MaxLength"/> bytes).</summary>
    public int ElementCount => checked((int)(PayloadBytes / IdxDataTypes.ElementSize((byte)DataType)));

    /// <summary>"60000 x 28 x 28".</summary>
    public string DimensionText => string.Join(" x ", Dimensions);

    /// <summary>
    /// Reads and checks the magic number and the dimensions from <paramref name="stream"/>, leaving it at the first
    /// payload byte. Nothing larger than the header is allocated.
    /// </summary>
    /// <param name="stream">The (decompressed) IDX bytes, positioned at the start.</param>
    /// <param name="path">The file path, for messages.</param>
    /// <param name="source">"file" or "decompressed data", for messages.</param>
    /// <param name="maxPayloadBytes">The largest payload accepted.</param>
    public static IdxHeader Read(Stream stream, string path, string source, long maxPayloadBytes)
    {
        Span<byte> magic = stackalloc byte[4];
        int got = IdxStreams.ReadBlock(stream, magic, path);
        if (got < 4)
        {
            throw new InvalidDataException(
                $"{path}: not an IDX file: the {source} is {got} bytes long, shorter than the 4-byte IDX magic number.");
        }

        if (magic[0] != 0 || magic[1] != 0)
        {
            throw new InvalidDataException(
                $"{path}: not an IDX file: the magic number must start with two zero bytes, " +
                $"found 0x{magic[0]:X2} 0x{magic[1]:X2}.");
        }

        int elementSize = IdxDataTypes.ElementSize(magic[2]);
        if (elementSize == 0)
        {
            throw new InvalidDataException(
                $"{path}: unknown IDX data type code 0x{magic[2]:X2} in the magic number; expected {IdxDataTypes.ValidCodes}.");
        }

        var dataType = (IdxDataType)magic[2];
        int rank = magic[3];
        if (rank == 0)
        {
            throw new InvalidDataException(
                $"{path}: the IDX magic number declares 0 dimensions; expected at least 1.");
        }

        int headerBytes = 4 + (4 * rank);
        Span<byte> sizes = stackalloc byte[4 * rank];
        got = IdxStreams.ReadBlock(stream, sizes, path);
        if (got < sizes.Length)
        {
            throw new InvalidDataException(
                $"{path}: the IDX header is truncated: {rank} dimensions need a {headerBytes}-byte header, " +
                $"but the {source} ends after {4 + got} bytes.");
        }

        var dimensions = new int[rank];
        for (int i = 0; i < rank; i++)
        {
            uint size = BinaryPrimitives.ReadUInt32BigEndian(sizes.Slice(4 * i, 4));
            if (size == 0)
            {
                throw new InvalidDataException(
                    $"{path}: IDX dimension {i} (of {rank}) is 0; every dimension must be at least 1.");
            }

            if (size > int.MaxValue)
            {
                throw new InvalidDataException(
                    $"{path}: IDX dimension {i} (of {rank}) is {size}, more than the largest supported size {int.MaxValue}.");
            }

            dimensions[i] = (int)size;
        }

        // Multiply step by step and stop as soon as the limit is passed: each partial product is at most
        // maxPayloadBytes (< 2^31) times one dimension (< 2^31), so it never overflows a long.
        long payload = elementSize;
        foreach (int size in dimensions)
        {
            payload *= size;
            if (payload > maxPayloadBytes)
            {
                throw new InvalidDataException(
                    $"{path}: the IDX header declares {string.Join(" x ", dimensions)} elements of " +
                    $"{IdxDataTypes.Describe(dataType)}, which need {ExactPayload(dimensions, elementSize)} bytes, " +
                    $"more than the limit of {maxPayloadBytes} bytes. Nothing was allocated.");
            }
        }

        return new IdxHeader(dataType, dimensions, headerBytes, payload);
    }

    private static string ExactPayload(int[] dimensions, int elementSize)
    {
        BigInteger product = elementSize;
        foreach (int size in dimensions)
        {
            product *= size;
        }

        return product.ToString(CultureInfo.InvariantCulture);
    }
}
