using System.Buffers.Binary;

namespace MlNetCnn.Datasets.Tests;

public sealed class IdxReaderTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void ReadsUnsignedBytesRawOrGzip(bool gzip)
    {
        byte[] payload = [0, 1, 2, 250, 254, 255];
        string path = Write("a.idx", IdxFiles.Bytes([2, 3], payload), gzip);

        IdxArray array = IdxReader.Read(path);

        Assert.Equal(IdxDataType.UnsignedByte, array.DataType);
        Assert.Equal([2, 3], array.Dimensions);
        Assert.Equal(6, array.Length);
        Assert.Equal(payload, array.GetData<byte>());
        Assert.Equal(path, array.SourcePath);
        Assert.Equal(typeof(byte), array.ElementType);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void ReadsEveryTypeBigEndian(bool gzip)
    {
        sbyte[] sbytes = [-128, -1, 0, 127];
        Assert.Equal(sbytes, ReadBack(0x09, gzip, sbytes, 1, (s, v) => s[0] = (byte)v));

        short[] shorts = [short.MinValue, -2, 258, short.MaxValue];
        Assert.Equal(shorts, ReadBack(0x0B, gzip, shorts, 2, (s, v) => BinaryPrimitives.WriteInt16BigEndian(s, v)));

        int[] ints = [int.MinValue, -1, 0x01020304, int.MaxValue];
        Assert.Equal(ints, ReadBack(0x0C, gzip, ints, 4, (s, v) => BinaryPrimitives.WriteInt32BigEndian(s, v)));

        float[] floats = [1.5f, -0.1f, float.MaxValue, float.Epsilon];
        Assert.Equal(floats, ReadBack(0x0D, gzip, floats, 4, (s, v) => BinaryPrimitives.WriteSingleBigEndian(s, v)));

        double[] doubles = [-3.25, Math.PI, double.MinValue, 1e-300];
        Assert.Equal(doubles, ReadBack(0x0E, gzip, doubles, 8, (s, v) => BinaryPrimitives.WriteDoubleBigEndian(s, v)));
    }

    [Fact]
    public void GetDataWithTheWrongTypeIsRefused()
    {
        string path = Write("a.idx", IdxFiles.Bytes([2], [1, 2]), gzip: false);
        var ex = Assert.Throws<InvalidOperationException>(() => IdxReader.Read(path).GetData<float>());
        Assert.Contains("unsigned byte", ex.Message);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void BadMagicNamesTheFile(bool gzip)
    {
        byte[] idx = IdxFiles.Bytes([2], [1, 2]);
        idx[0] = 0x01;
        string path = Write("bad-magic.idx", idx, gzip);

        var ex = Assert.Throws<InvalidDataException>(() => IdxReader.Read(path));
        Assert.Contains(path, ex.Message);
        Assert.Contains("two zero bytes", ex.Message);
        Assert.Contains("0x01 0x00", ex.Message);
    }

    [Fact]
    public void TextFileIsNotIdx()
    {
        string path = _temp.File("notes.txt");
        File.WriteAllText(path, "hello, world");
        var ex = Assert.Throws<InvalidDataException>(() => IdxReader.Read(path));
        Assert.Contains(path, ex.Message);
        Assert.Contains("not an IDX file", ex.Message);
    }

    [Theory]
    [InlineData((byte)0x07)]
    [InlineData((byte)0x0A)]
    [InlineData((byte)0x0F)]
    public void UnknownTypeCodeIsRefused(byte code)
    {
        string path = Write("bad-type.idx", IdxFiles.Build(code, [2], [1, 2]), gzip: false);
        var ex = Assert.Throws<InvalidDataException>(() => IdxReader.Read(path));
        Assert.Contains(path, ex.Message);
        Assert.Contains($"type code 0x{code:X2}", ex.Message);
        Assert.Contains("0x08 (unsigned byte)", ex.Message);
    }

    [Fact]
    public void ZeroDimensionCountIsRefused()
    {
        string path = Write("rank0.idx", IdxFiles.Bytes([], [1]), gzip: false);
        var ex = Assert.Throws<InvalidDataException>(() => IdxReader.Read(path));
        Assert.Contains(path, ex.Message);
        Assert.Contains("0 dimensions", ex.Message);
    }

    [Fact]
    public void ZeroDimensionIsRefused()
    {
        string path = Write("zero.idx", IdxFiles.Bytes([3, 0, 2], []), gzip: false);
        var ex = Assert.Throws<InvalidDataException>(() => IdxReader.Read(path));
        Assert.Contains(path, ex.Message);
        Assert.Contains("dimension 1 (of 3) is 0", ex.Message);
    }

    [Fact]
    public void DimensionAboveIntMaxIsRefused()
    {
        string path = Write("big-dim.idx", IdxFiles.Bytes([0x8000_0000u], []), gzip: false);
        var ex = Assert.Throws<InvalidDataException>(() => IdxReader.Read(path));
        Assert.Contains(path, ex.Message);
        Assert.Contains("2147483648", ex.Message);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void HugeDimensionsAreRefusedWithoutAllocating(bool gzip)
    {
        // 60000 x 100000 x 100000 doubles = 4.8e15 bytes, far above the 1 GiB default limit.
        string path = Write("huge.idx", IdxFiles.Build(0x0E, [60000, 100000, 100000], [1, 2, 3]), gzip);

        long before = GC.GetAllocatedBytesForCurrentThread();
        var ex = Assert.Throws<InvalidDataException>(() => IdxReader.Read(path));
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Contains(path, ex.Message);
        Assert.Contains("60000 x 100000 x 100000", ex.Message);
        Assert.Contains("4800000000000000 bytes", ex.Message);
        Assert.Contains($"limit of {IdxReader.DefaultMaxPayloadBytes} bytes", ex.Message);
        Assert.True(allocated < 1_000_000, $"allocated {allocated} bytes");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void LargeDeclaredPayloadInATinyFileIsRefusedWithoutAllocating(bool gzip)
    {
        // 500 MB declared (within the limit), 10 bytes present: the size check must come before the allocation.
        string path = Write("liar.idx", IdxFiles.Bytes([1000, 1000, 500], new byte[10]), gzip);

        long before = GC.GetAllocatedBytesForCurrentThread();
        var ex = Assert.Throws<InvalidDataException>(() => IdxReader.Read(path));
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Contains(path, ex.Message);
        Assert.Contains("truncated", ex.Message);
        Assert.Contains("500000000 bytes were expected", ex.Message);
        Assert.Contains("holds only 10", ex.Message);
        Assert.True(allocated < 4_000_000, $"allocated {allocated} bytes");
    }

    [Fact]
    public void CallerLimitIsApplied()
    {
        string path = Write("twenty.idx", IdxFiles.Bytes([4, 5], new byte[20]), gzip: false);
        Assert.Equal(20, IdxReader.Read(path, maxPayloadBytes: 20).Length);
        var ex = Assert.Throws<InvalidDataException>(() => IdxReader.Read(path, maxPayloadBytes: 19));
        Assert.Contains("limit of 19 bytes", ex.Message);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void TruncatedPayloadSaysExpectedAndFound(bool gzip)
    {
        string path = Write("short.idx", IdxFiles.Build(0x0B, [4, 5], new byte[37]), gzip);
        var ex = Assert.Throws<InvalidDataException>(() => IdxReader.Read(path));
        Assert.Contains(path, ex.Message);
        Assert.Contains("truncated", ex.Message);
        Assert.Contains("4 x 5", ex.Message);
        Assert.Contains("40 bytes were expected", ex.Message);
        Assert.Contains("holds only 37", ex.Message);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void TrailingBytesAreRefused(bool gzip)
    {
        string path = Write("long.idx", IdxFiles.Bytes([4, 5], new byte[23]), gzip);
        var ex = Assert.Throws<InvalidDataException>(() => IdxReader.Read(path));
        Assert.Contains(path, ex.Message);
        Assert.Contains("3 unexpected bytes", ex.Message);
        Assert.Contains("exactly 20 bytes", ex.Message);
    }

    [Fact]
    public void TruncatedHeaderIsRefused()
    {
        byte[] idx = IdxFiles.Bytes([60000, 28, 28], []);
        string path = Write("header.idx", idx.AsSpan(0, 10).ToArray(), gzip: false);
        var ex = Assert.Throws<InvalidDataException>(() => IdxReader.Read(path));
        Assert.Contains(path, ex.Message);
        Assert.Contains("16-byte header", ex.Message);
        Assert.Contains("ends after 10 bytes", ex.Message);
    }

    [Fact]
    public void EmptyFileIsRefused()
    {
        string path = Write("empty.idx", [], gzip: false);
        var ex = Assert.Throws<InvalidDataException>(() => IdxReader.Read(path));
        Assert.Contains(path, ex.Message);
        Assert.Contains("0 bytes long", ex.Message);
    }

    [Fact]
    public void CutGzipFileIsRefused()
    {
        var pixels = new byte[20_000];
        new Random(5).NextBytes(pixels);
        byte[] gz = IdxFiles.Gzip(IdxFiles.Bytes([20, 1000], pixels));
        string path = Write("cut.idx.gz", gz.AsSpan(0, gz.Length / 2).ToArray(), gzip: false);

        var ex = Assert.Throws<InvalidDataException>(() => IdxReader.Read(path));
        Assert.Contains(path, ex.Message);
    }

    [Fact]
    public void CorruptGzipDataIsRefused()
    {
        var pixels = new byte[20_000];
        new Random(6).NextBytes(pixels);
        byte[] gz = IdxFiles.Gzip(IdxFiles.Bytes([20, 1000], pixels));
        gz[gz.Length / 2] ^= 0xFF;
        string path = Write("corrupt.idx.gz", gz, gzip: false);

        var ex = Assert.Throws<InvalidDataException>(() => IdxReader.Read(path));
        Assert.Contains(path, ex.Message);
    }

    [Fact]
    public void MultiMemberGzipIsRead()
    {
        // Two gzip members back to back (as some tools write): the trailer size covers only the second one.
        var payload = new byte[3000];
        new Random(7).NextBytes(payload);
        byte[] idx = IdxFiles.Bytes([3, 1000], payload);
        byte[] gz = [.. IdxFiles.Gzip(idx.AsSpan(0, 1000)), .. IdxFiles.Gzip(idx.AsSpan(1000))];
        string path = Write("members.idx.gz", gz, gzip: false);

        IdxArray array = IdxReader.Read(path);

        Assert.Equal([3, 1000], array.Dimensions);
        Assert.Equal(payload, array.GetData<byte>());
    }

    [Fact]
    public void MissingFileThrowsFileNotFound()
    {
        Assert.Throws<FileNotFoundException>(() => IdxReader.Read(_temp.File("absent.idx")));
    }

    private T[] ReadBack<T>(byte code, bool gzip, T[] values, int size, SpanWriter<T> write)
        where T : unmanaged
    {
        var payload = new byte[values.Length * size];
        for (int i = 0; i < values.Length; i++)
        {
            write(payload.AsSpan(i * size, size), values[i]);
        }

        string path = Write($"type{code:X2}.idx", IdxFiles.Build(code, [2, (uint)values.Length / 2], payload), gzip);
        IdxArray array = IdxReader.Read(path);
        Assert.Equal((IdxDataType)code, array.DataType);
        Assert.Equal([2, values.Length / 2], array.Dimensions);
        return array.GetData<T>();
    }

    private string Write(string name, byte[] idx, bool gzip)
    {
        string path = _temp.File(gzip ? name + ".gz" : name);
        File.WriteAllBytes(path, gzip ? IdxFiles.Gzip(idx) : idx);
        return path;
    }

    private delegate void SpanWriter<T>(Span<byte> destination, T value);
}
