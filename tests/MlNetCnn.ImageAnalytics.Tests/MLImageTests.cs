using MlNetCnn.Data;
using MlNetCnn.Imaging;

namespace MlNetCnn.ImageAnalytics.Tests;

public sealed class MLImageTests
{
    [Fact]
    public void CreateFromFile_gives_rgba_pixels_with_opaque_alpha()
    {
        using var dir = new TempDir();
        var frame = Frames.Pattern(3, 2, 3);
        string path = dir.Png(frame, "rgb.png");

        using var image = MLImage.CreateFromFile(path);

        Assert.Equal(3, image.Width);
        Assert.Equal(2, image.Height);
        Assert.Equal(MLPixelFormat.Rgba32, image.PixelFormat);
        Assert.Equal(32, image.BitsPerPixel);
        var pixels = image.Pixels.ToArray();
        Assert.Equal(3 * 2 * 4, pixels.Length);
        for (int i = 0; i < 6; i++)
        {
            Assert.Equal(frame.Pixels[i * 3], pixels[i * 4]);
            Assert.Equal(frame.Pixels[(i * 3) + 1], pixels[(i * 4) + 1]);
            Assert.Equal(frame.Pixels[(i * 3) + 2], pixels[(i * 4) + 2]);
            Assert.Equal(255, pixels[(i * 4) + 3]);
        }
    }

    [Fact]
    public void Gray_images_read_as_equal_red_green_blue()
    {
        using var dir = new TempDir();
        var frame = Frames.Pattern(4, 4, 1);
        using var image = MLImage.CreateFromFile(dir.Png(frame, "gray.png"));
        var pixels = image.Pixels.ToArray();
        for (int i = 0; i < 16; i++)
        {
            Assert.Equal(new[] { frame.Pixels[i], frame.Pixels[i], frame.Pixels[i], (byte)255 }, pixels[(i * 4)..((i * 4) + 4)]);
        }
    }

    [Fact]
    public void CreateFromStream_decodes_the_same_pixels_as_the_file()
    {
        using var dir = new TempDir();
        string path = dir.Png(Frames.Pattern(5, 3, 4, seed: 9), "rgba.png");
        using var fromFile = MLImage.CreateFromFile(path);
        using var stream = new MemoryStream(File.ReadAllBytes(path));
        using var fromStream = MLImage.CreateFromStream(stream);
        Assert.Equal(fromFile.Pixels.ToArray(), fromStream.Pixels.ToArray());
    }

    [Fact]
    public void CreateFromPixels_keeps_the_given_order_and_saves_the_right_colours()
    {
        byte[] bgra = { 10, 20, 30, 255, 40, 50, 60, 128 };
        using var image = MLImage.CreateFromPixels(2, 1, MLPixelFormat.Bgra32, bgra);
        Assert.Equal(MLPixelFormat.Bgra32, image.PixelFormat);
        Assert.Equal(bgra, image.Pixels.ToArray());

        using var dir = new TempDir();
        string path = dir.File("saved.png");
        image.Save(path);
        using var reloaded = MLImage.CreateFromFile(path);
        Assert.Equal(MLPixelFormat.Rgba32, reloaded.PixelFormat);
        Assert.Equal(new byte[] { 30, 20, 10, 255, 60, 50, 40, 128 }, reloaded.Pixels.ToArray());
    }

    [Fact]
    public void Save_round_trips_gray_and_rgb_images_exactly()
    {
        using var dir = new TempDir();
        foreach (int channels in new[] { 1, 3, 4 })
        {
            using var image = MLImage.CreateFromFile(dir.Png(Frames.Random(7, 5, channels, channels), $"in{channels}.png"));
            string copy = dir.File($"out{channels}.png");
            image.Save(copy);
            Assert.Equal(channels, ImageDecoder.DecodeFile(copy).Channels);
            using var again = MLImage.CreateFromFile(copy);
            Assert.Equal(image.Pixels.ToArray(), again.Pixels.ToArray());
        }
    }

    [Fact]
    public void Bad_arguments_and_bad_files_give_clear_errors()
    {
        using var dir = new TempDir();
        Assert.Throws<ArgumentNullException>(() => MLImage.CreateFromFile(null!));
        Assert.Throws<FileNotFoundException>(() => MLImage.CreateFromFile(dir.File("missing.png")));
        string text = dir.Bytes("not an image"u8.ToArray(), "notes.png");
        var error = Assert.Throws<ImageFormatException>(() => MLImage.CreateFromFile(text));
        Assert.Contains("notes.png", error.Message);

        Assert.Throws<ArgumentException>(() => MLImage.CreateFromPixels(2, 2, MLPixelFormat.Rgba32, new byte[15]));
        Assert.Throws<ArgumentException>(() => MLImage.CreateFromPixels(0, 2, MLPixelFormat.Rgba32, Array.Empty<byte>()));
        Assert.Throws<ArgumentException>(() => MLImage.CreateFromPixels(1, 1, MLPixelFormat.Unknown, new byte[4]));

        using var image = MLImage.CreateFromPixels(1, 1, MLPixelFormat.Rgba32, new byte[4]);
        var save = Assert.Throws<ArgumentException>(() => image.Save(dir.File("x.jpg")));
        Assert.Contains("PNG", save.Message);
    }

    [Fact]
    public void A_disposed_image_refuses_use()
    {
        var image = MLImage.CreateFromPixels(1, 1, MLPixelFormat.Rgba32, new byte[4]);
        image.Tag = "t";
        Assert.Equal("t", image.Tag);
        image.Dispose();
        image.Dispose();
        Assert.Throws<ObjectDisposedException>(() => image.Width);
        Assert.Throws<ObjectDisposedException>(() => image.Pixels.Length);
        Assert.Throws<ObjectDisposedException>(() => image.Tag);
    }
}
