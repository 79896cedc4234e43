using MlNetCnn.Imaging;

namespace MlNetCnn.Vision.Tests.ImageClassification;

/// <summary>The preprocessing inside the image classifier: decode, colour mode, resize, scale.</summary>
public class ImageInputTests
{
    private static float[] Featurize(ImageInput input, ImageFrame frame)
    {
        var result = new float[input.Size];
        input.Featurize(PngEncoder.Encode(frame), result, "test");
        return result;
    }

    [Fact]
    public void A_gray_image_of_the_input_size_is_only_scaled_to_0_1()
    {
        var frame = new ImageFrame(28, 28, 1, Enumerable.Range(0, 784).Select(i => (byte)(i % 256)).ToArray());
        Assert.Equal(frame.Pixels.Select(p => p / 255f), Featurize(new ImageInput(28, 28, 1), frame));
    }

    [Fact]
    public void Colour_is_converted_to_the_architectures_mode()
    {
        var rgb = new ImageFrame(2, 1, 3, new byte[] { 255, 0, 0, 10, 20, 30 });
        var gray = Featurize(new ImageInput(1, 2, 1), rgb);
        Assert.Equal(new[] { 76 / 255f, 18 / 255f }, gray);

        var grayFrame = new ImageFrame(2, 1, 1, new byte[] { 7, 200 });
        Assert.Equal(new[] { 7, 7, 7, 200, 200, 200 }.Select(v => v / 255f), Featurize(new ImageInput(1, 2, 3), grayFrame));

        var rgba = new ImageFrame(1, 1, 4, new byte[] { 1, 2, 3, 0 });
        Assert.Equal(new[] { 1 / 255f, 2 / 255f, 3 / 255f }, Featurize(new ImageInput(1, 1, 3), rgba));
    }

    [Fact]
    public void Large_images_are_halved_with_a_box_filter_before_the_bilinear_resize()
    {
        // 8x4 -> target 2x2: the width is halved twice (8 -> 4 -> 2), the height once (4 -> 2).
        var pixels = new byte[32];
        for (int y = 0; y < 4; y++)
        {
            for (int x = 0; x < 8; x++)
            {
                pixels[(y * 8) + x] = (byte)((x * 10) + (y * 3));
            }
        }

        var result = Featurize(new ImageInput(2, 2, 1), new ImageFrame(8, 4, 1, pixels));

        // Each output pixel is the rounded mean of a 4x2 block (pairs averaged at each step, rounding half up).
        static float Block(int x0, int y0, byte[] p)
        {
            int a = ((p[(y0 * 8) + x0] + p[(y0 * 8) + x0 + 1] + p[((y0 + 1) * 8) + x0] + p[((y0 + 1) * 8) + x0 + 1]) + 2) / 4;
            int b = ((p[(y0 * 8) + x0 + 2] + p[(y0 * 8) + x0 + 3] + p[((y0 + 1) * 8) + x0 + 2] + p[((y0 + 1) * 8) + x0 + 3]) + 2) / 4;
            return ((a + b + 1) / 2) / 255f;
        }

        Assert.Equal(new[] { Block(0, 0, pixels), Block(4, 0, pixels), Block(0, 2, pixels), Block(4, 2, pixels) }, result);
    }

    [Fact]
    public void Halving_averages_pairs_and_drops_an_odd_last_column()
    {
        var frame = new ImageFrame(5, 2, 1, new byte[] { 0, 1, 10, 20, 99, 4, 5, 30, 41, 99 });
        var both = ImageInput.Halve(frame, halveWidth: true, halveHeight: true);
        Assert.Equal((2, 1), (both.Width, both.Height));
        Assert.Equal(new byte[] { (0 + 1 + 4 + 5 + 2) / 4, (10 + 20 + 30 + 41 + 2) / 4 }, both.Pixels);
        var wide = ImageInput.Halve(frame, halveWidth: true, halveHeight: false);
        Assert.Equal(new byte[] { 1, 15, 5, 36 }, wide.Pixels);
    }

    [Fact]
    public void Small_images_are_stretched_bilinearly()
    {
        var frame = new ImageFrame(2, 2, 1, new byte[] { 0, 100, 200, 255 });
        var expected = frame.Resize(4, 3).Pixels.Select(p => p / 255f);
        Assert.Equal(expected, Featurize(new ImageInput(3, 4, 1), frame));
    }

    [Fact]
    public void Jpeg_and_bmp_bytes_decode_like_the_image_decoder_says()
    {
        string fixtures = Path.Combine(RepoRoot(), "tests", "MlNetCnn.Imaging.Tests", "Fixtures");
        foreach (string name in new[] { "jpeg/420-13x7.jpg", "jpeg/exif-orientation-7.jpg", "bmp/bgr24.bmp" })
        {
            byte[] bytes = File.ReadAllBytes(Path.Combine(fixtures, name));
            var decoded = ImageDecoder.Decode(bytes);
            var input = new ImageInput(decoded.Height, decoded.Width, 3);
            var result = new float[input.Size];
            input.Featurize(bytes, result, name);
            Assert.Equal(decoded.ToRgb().Pixels.Select(p => p / 255f), result);
        }
    }

    private static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir != null && !File.Exists(Path.Combine(dir.FullName, "MlNetCnn.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("MlNetCnn.sln not found above the test folder.");
    }
}
