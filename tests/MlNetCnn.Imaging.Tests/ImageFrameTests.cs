namespace MlNetCnn.Imaging.Tests;

public sealed class ImageFrameTests
{
    [Fact]
    public void ConstructorValidatesSizesAndChannels()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new ImageFrame(0, 1, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ImageFrame(1, -1, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ImageFrame(1, 1, 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ImageFrame(100_000, 100_000, 4));
        ArgumentException wrongLength = Assert.Throws<ArgumentException>(() => new ImageFrame(2, 2, 3, new byte[11]));
        Assert.Contains("needs 12 samples", wrongLength.Message, StringComparison.Ordinal);

        var frame = new ImageFrame(3, 2, 4);
        Assert.Equal(24, frame.Pixels.Length);
        Assert.Equal(12, frame.Stride);
        Assert.Equal("ImageFrame 3x2 RGBA", frame.ToString());
    }

    [Fact]
    public void GrayscaleUsesBt601LumaRoundedToNearest()
    {
        var rgb = new ImageFrame(5, 1, 3, [255, 0, 0, 0, 255, 0, 0, 0, 255, 10, 20, 30, 77, 77, 77]);
        // 0.299 * 255 = 76.245 -> 76; 0.587 * 255 = 149.685 -> 150; 0.114 * 255 = 29.07 -> 29;
        // 0.299 * 10 + 0.587 * 20 + 0.114 * 30 = 18.15 -> 18; equal channels stay put.
        Assert.Equal([76, 150, 29, 18, 77], rgb.ToGrayscale().Pixels);

        var rgba = new ImageFrame(1, 1, 4, [255, 0, 0, 3]);
        Assert.Equal([76], rgba.ToGrayscale().Pixels);
    }

    [Fact]
    public void ChannelConversionsReplicateGrayAddOpaqueAlphaAndDropAlpha()
    {
        var gray = new ImageFrame(2, 1, 1, [7, 200]);
        Assert.Equal([7, 7, 7, 200, 200, 200], gray.ToRgb().Pixels);
        Assert.Equal([7, 7, 7, 255, 200, 200, 200, 255], gray.ToRgba().Pixels);

        var rgba = new ImageFrame(1, 1, 4, [1, 2, 3, 0]);
        Assert.Equal([1, 2, 3], rgba.ToRgb().Pixels);
        ImageFrame copy = rgba.ToRgba();
        Assert.NotSame(rgba.Pixels, copy.Pixels);
        Assert.Equal(rgba.Pixels, copy.Pixels);
    }

    [Fact]
    public void CropCopiesTheRectangleAndRejectsRectanglesOutside()
    {
        var frame = new ImageFrame(4, 3, 1, [0, 1, 2, 3, 10, 11, 12, 13, 20, 21, 22, 23]);
        Assert.Equal([11, 12, 21, 22], frame.Crop(1, 1, 2, 2).Pixels);
        Assert.Throws<ArgumentOutOfRangeException>(() => frame.Crop(3, 0, 2, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => frame.Crop(0, 0, 0, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => frame.Crop(-1, 0, 1, 1));
    }

    [Fact]
    public void PadSurroundsTheImageWithTheFillValue()
    {
        var frame = new ImageFrame(1, 1, 3, [1, 2, 3]);
        ImageFrame padded = frame.Pad(1, 0, 0, 1, 9);
        Assert.Equal(2, padded.Width);
        Assert.Equal(2, padded.Height);
        Assert.Equal([9, 9, 9, 1, 2, 3, 9, 9, 9, 9, 9, 9], padded.Pixels);
        Assert.Throws<ArgumentOutOfRangeException>(() => frame.Pad(-1, 0, 0, 0));
    }

    [Fact]
    public void ResizeUsesBilinearInterpolationWithHalfPixelCentres()
    {
        var row = new ImageFrame(2, 1, 1, [0, 100]);
        // Enlarging x2: sources at -0.25 (clamped), 0.25, 0.75, 1.25 (clamped).
        Assert.Equal([0, 25, 75, 100], row.Resize(4, 1).Pixels);

        var wide = new ImageFrame(4, 1, 1, [0, 100, 200, 250]);
        // Shrinking x2: sources at 0.5 and 2.5.
        Assert.Equal([50, 225], wide.Resize(2, 1).Pixels);

        var square = new ImageFrame(2, 2, 1, [0, 100, 200, 40]);
        // 2 -> 3: sources at -1/6 (clamped), 1/2, 7/6 (clamped) on both axes.
        Assert.Equal([0, 50, 100, 100, 85, 70, 200, 120, 40], square.Resize(3, 3).Pixels);
    }

    [Fact]
    public void ResizeKeepsConstantImagesConstantAndSameSizeIsACopy()
    {
        var frame = new ImageFrame(7, 5, 4);
        Array.Fill(frame.Pixels, (byte)123);
        ImageFrame resized = frame.Resize(13, 3);
        Assert.All(resized.Pixels, p => Assert.Equal(123, p));

        var random = new Random(5);
        var image = new ImageFrame(9, 4, 3);
        random.NextBytes(image.Pixels);
        ImageFrame same = image.Resize(9, 4);
        Assert.NotSame(image.Pixels, same.Pixels);
        Assert.Equal(image.Pixels, same.Pixels);
    }

    [Fact]
    public void LetterboxFitsAndCentresTheImage()
    {
        var frame = new ImageFrame(4, 2, 1);
        Array.Fill(frame.Pixels, (byte)200);
        ImageFrame boxed = frame.Letterbox(4, 4, 7);
        Assert.Equal(4, boxed.Width);
        Assert.Equal(4, boxed.Height);
        byte[] expected = [7, 7, 7, 7, 200, 200, 200, 200, 200, 200, 200, 200, 7, 7, 7, 7];
        Assert.Equal(expected, boxed.Pixels);

        // 3x1 into 4x4: scale 4/3 gives 4x1 (1.33 rounds to 1); 3 spare rows, 1 above and 2 below.
        ImageFrame odd = new ImageFrame(3, 1, 1, [10, 10, 10]).Letterbox(4, 4);
        Assert.Equal([0, 0, 0, 0, 10, 10, 10, 10, 0, 0, 0, 0, 0, 0, 0, 0], odd.Pixels);
    }
}
