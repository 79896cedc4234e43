namespace MlNetCnn.Imaging.Tests;

public sealed class PngEncoderTests
{
    [Theory]
    [InlineData(1, 13, 7)]
    [InlineData(3, 33, 17)]
    [InlineData(4, 16, 16)]
    [InlineData(3, 1, 1)]
    public void EncodedImagesDecodeToTheSamePixels(int channels, int width, int height)
    {
        var frame = new ImageFrame(width, height, channels);
        var random = new Random(channels * 1000 + width);
        // Half noise, half smooth gradient, so different rows prefer different filters.
        for (int i = 0; i < frame.Pixels.Length; i++)
        {
            frame.Pixels[i] = i < frame.Pixels.Length / 2 ? (byte)random.Next(256) : (byte)(i * 7 / channels);
        }

        byte[] png = PngEncoder.Encode(frame);
        Assert.Equal(ImageFormat.Png, ImageDecoder.DetectFormat(png));
        ImageFrame decoded = ImageDecoder.Decode(png);
        Assert.Equal(channels, decoded.Channels);
        Assert.Equal(width, decoded.Width);
        Assert.Equal(height, decoded.Height);
        Assert.Equal(frame.Pixels, decoded.Pixels);
    }

    [Fact]
    public void EncoderPicksFiltersPerRow()
    {
        var frame = new ImageFrame(64, 8, 3);
        for (int y = 0; y < 8; y++)
        {
            for (int x = 0; x < 64 * 3; x++)
            {
                // Rows alternate between a horizontal ramp (Sub wins) and a copy of the row above (Up wins).
                frame.Pixels[y * 192 + x] = y % 2 == 0 ? (byte)(x * 3 + y) : frame.Pixels[(y - 1) * 192 + x];
            }
        }

        byte[] raw = Inflate(PngEncoder.Encode(frame));
        var filters = Enumerable.Range(0, 8).Select(y => raw[y * 193]).ToArray();
        Assert.Equal(PngFilters.Up, filters[1]);
        Assert.Contains(filters, f => f == PngFilters.Sub || f == PngFilters.Paeth || f == PngFilters.Average);
    }

    [Fact]
    public void SaveWritesAtomicallyAndReplacesTheTarget()
    {
        string directory = Path.Combine(Path.GetTempPath(), $"mlnetcnn-png-{Guid.NewGuid():N}");
        Directory.CreateDirectory(directory);
        try
        {
            string path = Path.Combine(directory, "out.png");
            File.WriteAllText(path, "old contents");
            var frame = new ImageFrame(5, 3, 4);
            new Random(1).NextBytes(frame.Pixels);
            PngEncoder.Save(frame, path);

            Assert.Equal(frame.Pixels, ImageDecoder.DecodeFile(path).Pixels);
            Assert.Equal(["out.png"], Directory.GetFiles(directory).Select(Path.GetFileName));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void FixtureWrittenByImageMagickReencodesLosslessly()
    {
        ImageFrame original = ImageDecoder.DecodeFile(FixtureFiles.PathOf("png/im-rgb8.png"));
        Assert.Equal(original.Pixels, ImageDecoder.Decode(PngEncoder.Encode(original)).Pixels);
    }

    private static byte[] Inflate(byte[] png)
    {
        // IHDR is 8 + 25 bytes; the encoder writes a single IDAT for small images.
        int length = System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(33));
        using var input = new MemoryStream(png, 41, length);
        using var zlib = new System.IO.Compression.ZLibStream(input, System.IO.Compression.CompressionMode.Decompress);
        using var output = new MemoryStream();
        zlib.CopyTo(output);
        return output.ToArray();
    }
}
