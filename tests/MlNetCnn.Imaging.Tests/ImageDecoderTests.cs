using System.Text;

namespace MlNetCnn.Imaging.Tests;

public sealed class ImageDecoderTests
{
    [Theory]
    [InlineData("png/rgb8.png", ImageFormat.Png)]
    [InlineData("jpeg/420.jpg", ImageFormat.Jpeg)]
    [InlineData("bmp/bgr24.bmp", ImageFormat.Bmp)]
    [InlineData("pnm/p5.pgm", ImageFormat.Pnm)]
    [InlineData("pnm/p1.pbm", ImageFormat.Pnm)]
    public void DetectFormatReadsTheMagicBytes(string file, ImageFormat format)
    {
        Assert.Equal(format, ImageDecoder.DetectFormat(FixtureFiles.Read(file)));
    }

    [Fact]
    public void DetectFormatReturnsUnknownForOtherData()
    {
        Assert.Equal(ImageFormat.Unknown, ImageDecoder.DetectFormat([]));
        Assert.Equal(ImageFormat.Unknown, ImageDecoder.DetectFormat("GIF89a"u8));
        Assert.Equal(ImageFormat.Unknown, ImageDecoder.DetectFormat("P7\n"u8));
        Assert.Equal(ImageFormat.Unknown, ImageDecoder.DetectFormat("Photo"u8));
        Assert.Equal(ImageFormat.Unknown, ImageDecoder.DetectFormat([0x89, 0x50, 0x4E, 0x47]));
    }

    [Fact]
    public void ErrorsNameTheFileTheFormatAndTheProblem()
    {
        byte[] data = FixtureFiles.Read("png/rgb8.png");
        string path = Path.Combine(Path.GetTempPath(), $"mlnetcnn-imaging-{Guid.NewGuid():N}.png");
        File.WriteAllBytes(path, data.AsSpan(0, data.Length - 20).ToArray());
        try
        {
            ImageFormatException error = Assert.Throws<ImageFormatException>(() => ImageDecoder.DecodeFile(path));
            Assert.StartsWith($"{path}: invalid PNG: ", error.Message, StringComparison.Ordinal);
            Assert.Equal(path, error.SourceName);
            Assert.Equal(ImageFormat.Png, error.Format);
            Assert.Contains("truncated", error.Problem, StringComparison.Ordinal);
            Assert.IsAssignableFrom<FormatException>(error);
        }
        finally
        {
            File.Delete(path);
        }

        ImageFormatException anonymous = Assert.Throws<ImageFormatException>(
            () => ImageDecoder.Decode(Encoding.ASCII.GetBytes("P5 2 2 255\n\0")));
        Assert.StartsWith(
            "(in-memory image): invalid PGM/PPM: truncated pixel data", anonymous.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MissingFileIsAnIoErrorNotAFormatError()
    {
        string path = Path.Combine(Path.GetTempPath(), $"mlnetcnn-missing-{Guid.NewGuid():N}.png");
        Assert.Throws<FileNotFoundException>(() => ImageDecoder.DecodeFile(path));
    }

    [Fact]
    public void OptionsLimitPixelsAndDimensions()
    {
        byte[] data = FixtureFiles.Read("jpeg/444.jpg");
        ImageFormatException pixels = Assert.Throws<ImageFormatException>(
            () => ImageDecoder.Decode(data, "a.jpg", new ImageDecoderOptions { MaxPixels = 500 }));
        Assert.Contains("declared 33x17 exceeds the limit of 500 pixels", pixels.Message, StringComparison.Ordinal);

        ImageFormatException side = Assert.Throws<ImageFormatException>(
            () => ImageDecoder.Decode(
                FixtureFiles.Read("png/rgb8.png"), "b.png", new ImageDecoderOptions { MaxDimension = 32 }));
        Assert.Contains("declared 33x17 exceeds the limit of 32 pixels per side", side.Message, StringComparison.Ordinal);

        Assert.Equal(33, ImageDecoder.Decode(data, options: new ImageDecoderOptions { MaxPixels = 561 }).Width);
    }

    [Fact]
    public void ExifOrientationCanBeIgnored()
    {
        byte[] rotated = FixtureFiles.Read("jpeg/exif-orientation-6.jpg");
        ImageFrame applied = ImageDecoder.Decode(rotated);
        ImageFrame stored = ImageDecoder.Decode(rotated, options: new ImageDecoderOptions { ApplyExifOrientation = false });
        ImageFrame plain = ImageDecoder.Decode(FixtureFiles.Read("jpeg/420-13x7.jpg"));
        Assert.Equal((7, 13), (applied.Width, applied.Height));
        Assert.Equal(plain.Pixels, stored.Pixels);

        // Orientation 6 turns the stored image 90 degrees clockwise: the stored bottom-left pixel lands top-left.
        Assert.Equal(plain.Pixels.AsSpan(6 * 13 * 3, 3).ToArray(), applied.Pixels.AsSpan(0, 3).ToArray());
    }

    [Fact]
    public void BmpTopDownAndBottomUpGiveTheSameImage()
    {
        ImageFrame bottomUp = ImageDecoder.DecodeFile(FixtureFiles.PathOf("bmp/bgr24.bmp"));
        ImageFrame topDown = ImageDecoder.DecodeFile(FixtureFiles.PathOf("bmp/topdown-bgr24.bmp"));
        Assert.Equal(bottomUp.Pixels, topDown.Pixels);
    }

    [Fact]
    public void ProgressiveAndBaselineJpegOfTheSameImageAgreeClosely()
    {
        // Different quantization paths, same source: a sanity check that progressive refinement lands near baseline.
        ImageFrame baseline = ImageDecoder.DecodeFile(FixtureFiles.PathOf("jpeg/420.jpg"));
        ImageFrame progressive = ImageDecoder.DecodeFile(FixtureFiles.PathOf("jpeg/420-progressive.jpg"));
        double mean = baseline.Pixels.Zip(progressive.Pixels, (a, b) => Math.Abs(a - b)).Average();
        Assert.True(mean < 1.0, $"mean difference {mean}");
    }
}
