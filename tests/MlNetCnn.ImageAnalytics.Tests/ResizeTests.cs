using MlNetCnn.Data;
using MlNetCnn.Imaging;
using MlNetCnn.Transforms.Image;
using static MlNetCnn.Transforms.Image.ImageResizingEstimator;

namespace MlNetCnn.ImageAnalytics.Tests;

public sealed class ResizeTests
{
    private static ImageFrame Resize(ImageFrame source, int width, int height, ResizingKind kind, Anchor anchor = Anchor.Center)
    {
        var ml = new MLContext(1);
        var data = ml.Data.LoadFromEnumerable(new[] { new UnsizedImageRow { Image = MLImage.FromFrame(source) } });
        var output = ml.Transforms.ResizeImages("Resized", width, height, "Image", kind, anchor).Fit(data).Transform(data);
        Assert.Equal(new ImageDataViewType(height, width), output.Schema["Resized"].Type);
        var image = DataReader.Images(output, "Resized").Single()!;
        Assert.Equal((width, height), (image.Width, image.Height));
        return image.Frame;
    }

    [Fact]
    public void Fill_stretches_with_the_bilinear_filter()
    {
        var source = Frames.Random(9, 5, 3, 1);
        Assert.Equal(source.Resize(4, 7).Pixels, Resize(source, 4, 7, ResizingKind.Fill).Pixels);
    }

    [Fact]
    public void IsoPad_centres_a_wide_image_between_black_bars()
    {
        var wide = Frames.Pattern(4, 2, 3);
        var padded = Resize(wide, 4, 4, ResizingKind.IsoPad);
        for (int x = 0; x < 4; x++)
        {
            for (int c = 0; c < 3; c++)
            {
                Assert.Equal(0, padded.At(x, 0, c));
                Assert.Equal(wide.At(x, 0, c), padded.At(x, 1, c));
                Assert.Equal(wide.At(x, 1, c), padded.At(x, 2, c));
                Assert.Equal(0, padded.At(x, 3, c));
            }
        }
    }

    [Fact]
    public void IsoPad_pads_a_tall_image_left_and_right_with_opaque_black()
    {
        var tall = Frames.Pattern(2, 4, 4);
        var padded = Resize(tall, 4, 4, ResizingKind.IsoPad);
        for (int y = 0; y < 4; y++)
        {
            Assert.Equal(new byte[] { 0, 0, 0, 255 }, Enumerable.Range(0, 4).Select(c => padded.At(0, y, c)));
            Assert.Equal(new byte[] { 0, 0, 0, 255 }, Enumerable.Range(0, 4).Select(c => padded.At(3, y, c)));
            for (int c = 0; c < 4; c++)
            {
                Assert.Equal(tall.At(0, y, c), padded.At(1, y, c));
                Assert.Equal(tall.At(1, y, c), padded.At(2, y, c));
            }
        }
    }

    [Fact]
    public void IsoPad_scales_to_fit_and_puts_an_odd_extra_pixel_on_the_right()
    {
        var source = Frames.Random(10, 4, 1, 7);
        var padded = Resize(source, 5, 5, ResizingKind.IsoPad);

        // s = min(5/10, 5/4) = 0.5: the image becomes 5 x 2, with top border floor(3/2) = 1 and bottom 2.
        var scaled = source.Resize(5, 2);
        Assert.Equal(new byte[5], padded.Pixels[0..5]);
        Assert.Equal(scaled.Pixels, padded.Pixels[5..15]);
        Assert.Equal(new byte[10], padded.Pixels[15..25]);
    }

    [Theory]
    [InlineData(Anchor.Center, 1)]
    [InlineData(Anchor.Left, 0)]
    [InlineData(Anchor.Right, 2)]
    [InlineData(Anchor.Top, 1)]
    [InlineData(Anchor.Bottom, 1)]
    public void IsoCrop_cuts_a_wide_image_at_the_anchor(Anchor anchor, int expectedLeft)
    {
        var wide = Frames.Pattern(4, 2, 3);
        Assert.Equal(wide.Crop(expectedLeft, 0, 2, 2).Pixels, Resize(wide, 2, 2, ResizingKind.IsoCrop, anchor).Pixels);
    }

    [Theory]
    [InlineData(Anchor.Center, 1)]
    [InlineData(Anchor.Top, 0)]
    [InlineData(Anchor.Bottom, 2)]
    [InlineData(Anchor.Left, 1)]
    [InlineData(Anchor.Right, 1)]
    public void IsoCrop_cuts_a_tall_image_at_the_anchor(Anchor anchor, int expectedTop)
    {
        var tall = Frames.Pattern(2, 4, 1);
        Assert.Equal(tall.Crop(0, expectedTop, 2, 2).Pixels, Resize(tall, 2, 2, ResizingKind.IsoCrop, anchor).Pixels);
    }

    [Fact]
    public void IsoCrop_scales_to_cover_then_crops()
    {
        var source = Frames.Random(8, 4, 3, 3);

        // s = max(2/8, 2/4) = 0.5: scaled to 4 x 2, then the centre 2 x 2 (offset 1).
        Assert.Equal(source.Resize(4, 2).Crop(1, 0, 2, 2).Pixels, Resize(source, 2, 2, ResizingKind.IsoCrop).Pixels);
    }

    [Fact]
    public void The_crop_window_equals_resizing_then_cropping_on_random_sizes()
    {
        var random = new Random(5);
        for (int trial = 0; trial < 40; trial++)
        {
            var source = Frames.Random(random.Next(1, 30), random.Next(1, 30), new[] { 1, 3, 4 }[trial % 3], trial);
            int sw = random.Next(1, 40), sh = random.Next(1, 40);
            int w = random.Next(1, sw + 1), h = random.Next(1, sh + 1);
            int x0 = random.Next(0, sw - w + 1), y0 = random.Next(0, sh - h + 1);
            var expected = source.Resize(sw, sh).Crop(x0, y0, w, h);
            Assert.Equal(expected.Pixels, ImageOps.ResampleWindow(source, sw, sh, x0, y0, w, h).Pixels);
        }
    }

    [Fact]
    public void An_image_of_the_target_size_passes_through_unchanged()
    {
        var ml = new MLContext(1);
        var image = MLImage.FromFrame(Frames.Random(6, 3, 3, 2));
        var data = ml.Data.LoadFromEnumerable(new[] { new UnsizedImageRow { Image = image }, new UnsizedImageRow() });
        var output = ml.Transforms.ResizeImages("Resized", 6, 3, "Image").Fit(data).Transform(data);
        var images = DataReader.Images(output, "Resized");
        Assert.Same(image, images[0]);
        Assert.Null(images[1]);
    }

    [Fact]
    public void Bad_sizes_and_kinds_are_refused_when_the_estimator_is_created()
    {
        var ml = new MLContext(1);
        Assert.Throws<ArgumentOutOfRangeException>(() => ml.Transforms.ResizeImages("R", 0, 5));
        Assert.Throws<ArgumentOutOfRangeException>(() => ml.Transforms.ResizeImages("R", 5, -1));
        Assert.Throws<ArgumentOutOfRangeException>(() => ml.Transforms.ResizeImages("R", 5, 5, resizing: (ResizingKind)7));
        Assert.Throws<ArgumentOutOfRangeException>(() => ml.Transforms.ResizeImages("R", 5, 5, cropAnchor: (Anchor)9));
    }
}
