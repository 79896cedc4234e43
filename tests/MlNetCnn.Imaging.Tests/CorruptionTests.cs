using System.Buffers.Binary;
using System.Diagnostics;

namespace MlNetCnn.Imaging.Tests;

/// <summary>Truncated and randomly corrupted fixtures: the decoders must answer with an
/// <see cref="ImageFormatException"/> (or, for corruption that keeps the file valid, an image), never another
/// exception, never a hang, never a large allocation.</summary>
public sealed class CorruptionTests
{
    private const long MaxAllocationPerDecode = 16L << 20;

    public static TheoryData<string> Images()
    {
        var data = new TheoryData<string>();
        foreach (string file in FixtureFiles.AllImages())
        {
            data.Add(file);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Images))]
    public void TruncatedFileThrowsImageFormatException(string file)
    {
        byte[] data = FixtureFiles.Read(file);
        // Plain (ASCII) PNM has no terminator: cutting digits off the last sample can leave a valid, smaller value.
        bool mayStillDecode = data.Length > 1 && data[0] == 'P' && data[1] is (byte)'1' or (byte)'2' or (byte)'3';
        int step = Math.Max(1, data.Length / 97);
        for (int length = 0; length < data.Length; length += step)
        {
            Exception? error = Run(data.AsSpan(0, length).ToArray(), $"{file} cut to {length} bytes", out _);
            if (error is null)
            {
                Assert.True(mayStillDecode, $"{file} cut to {length} of {data.Length} bytes decoded without error");
                continue;
            }

            Assert.IsType<ImageFormatException>(error);
        }
    }

    [Theory]
    [MemberData(nameof(Images))]
    public void CorruptedBytesGiveImageFormatExceptionOrAnImage(string file)
    {
        byte[] original = FixtureFiles.Read(file);
        var random = new Random(20_240_611 ^ file.Length ^ original.Length);
        for (int trial = 0; trial < 40; trial++)
        {
            byte[] data = (byte[])original.Clone();
            int flips = 1 + random.Next(3);
            for (int f = 0; f < flips; f++)
            {
                // Half of the damage goes to the first 128 bytes, where the headers are.
                int at = random.Next(2) == 0 ? random.Next(Math.Min(128, data.Length)) : random.Next(data.Length);
                data[at] ^= (byte)(1 + random.Next(255));
            }

            if (file.EndsWith(".png", StringComparison.Ordinal))
            {
                // Recompute chunk CRCs so the damage reaches the chunk parsers, zlib and the filters.
                FixPngCrcs(data);
            }

            Exception? error = Run(data, $"{file} trial {trial}", out _);
            if (error is not null)
            {
                Assert.IsType<ImageFormatException>(error);
            }
        }
    }

    /// <summary>Decodes with a time and allocation budget; returns the exception, if any.</summary>
    internal static Exception? Run(byte[] data, string what, out long allocated)
    {
        long before = GC.GetAllocatedBytesForCurrentThread();
        var clock = Stopwatch.StartNew();
        Exception? error = null;
        try
        {
            ImageDecoder.Decode(data, what);
        }
        catch (Exception e)
        {
            error = e;
        }

        clock.Stop();
        allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(clock.ElapsedMilliseconds < 2000, $"{what}: decoding took {clock.ElapsedMilliseconds} ms");
        Assert.True(allocated < MaxAllocationPerDecode, $"{what}: decoding allocated {allocated} bytes");
        if (error is not null and not ImageFormatException)
        {
            Assert.Fail($"{what}: {error.GetType().Name} escaped instead of ImageFormatException: {error}");
        }

        return error;
    }

    internal static void FixPngCrcs(byte[] data)
    {
        int offset = 8;
        while (offset + 12 <= data.Length)
        {
            uint length = BinaryPrimitives.ReadUInt32BigEndian(data.AsSpan(offset));
            if (length > data.Length - offset - 12)
            {
                return;
            }

            ReadOnlySpan<byte> type = data.AsSpan(offset + 4, 4);
            ReadOnlySpan<byte> body = data.AsSpan(offset + 8, (int)length);
            BinaryPrimitives.WriteUInt32BigEndian(data.AsSpan(offset + 8 + (int)length), Crc32.Compute(type, body));
            offset += 12 + (int)length;
        }
    }
}
