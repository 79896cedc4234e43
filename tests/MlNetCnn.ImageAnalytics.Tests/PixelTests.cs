using MlNetCnn.Data;
using MlNetCnn.Imaging;
using MlNetCnn.Transforms.Image;
using static MlNetCnn.Transforms.Image.ImagePixelExtractingEstimator;

namespace MlNetCnn.ImageAnalytics.Tests;

public sealed class SizedImageRow
{
    [ImageType(2, 3)]
    public MLImage? Image { get; set; }
}

public sealed class PixelTests
{
    // A 3 x 2 RGBA image: pixel (x, y) = (R, G, B, A) = (10 x + y, 100 + x, 200 + y, 250 - x).
    private static readonly ImageFrame Rgba = MakeRgba();

    private static ImageFrame MakeRgba()
    {
        var frame = new ImageFrame(3, 2, 4);
        for (int y = 0; y < 2; y++)
        {
            for (int x = 0; x < 3; x++)
            {
                int o = ((y * 3) + x) * 4;
                frame.Pixels[o] = (byte)((10 * x) + y);
                frame.Pixels[o + 1] = (byte)(100 + x);
                frame.Pixels[o + 2] = (byte)(200 + y);
                frame.Pixels[o + 3] = (byte)(250 - x);
            }
        }

        return frame;
    }

    private static (VectorDataViewType Type, float[] Values) Extract(ImageFrame frame, ColorBits colors = ColorBits.Rgb, ColorsOrder order = ColorsOrder.ARGB,
        bool interleave = false, float offset = 0, float scale = 1)
    {
        var ml = new MLContext(1);
        var data = ml.Data.LoadFromEnumerable(new[] { new SizedImageRow { Image = MLImage.FromFrame(frame) } });
        var output = ml.Transforms.ExtractPixels("Pixels", "Image", colors, order, interleave, offset, scale).Fit(data).Transform(data);
        return ((VectorDataViewType)output.Schema["Pixels"].Type, DataReader.Vectors<float>(output, "Pixels").Single());
    }

    private static float R(int x, int y) => (10 * x) + y;

    private static float G(int x, int y) => 100 + x;

    private static float B(int x, int y) => 200 + y;

    private static float A(int x, int y) => 250 - x;

    private static IEnumerable<(int X, int Y)> PixelsInOrder()
    {
        for (int y = 0; y < 2; y++)
        {
            for (int x = 0; x < 3; x++)
            {
                yield return (x, y);
            }
        }
    }

    [Fact]
    public void Default_extraction_is_planar_red_green_blue_in_chw_order()
    {
        var (type, values) = Extract(Rgba);
        Assert.Equal(new[] { 3, 2, 3 }, type.Dimensions);
        Assert.Equal(NumberDataViewType.Single, type.ItemType);
        var expected = PixelsInOrder().Select(p => R(p.X, p.Y))
            .Concat(PixelsInOrder().Select(p => G(p.X, p.Y)))
            .Concat(PixelsInOrder().Select(p => B(p.X, p.Y)));
        Assert.Equal(expected, values);
    }

    [Fact]
    public void Interleaved_extraction_is_hwc_and_alpha_comes_first_in_argb()
    {
        var (type, values) = Extract(Rgba, ColorBits.All, interleave: true);
        Assert.Equal(new[] { 2, 3, 4 }, type.Dimensions);
        Assert.Equal(PixelsInOrder().SelectMany(p => new[] { A(p.X, p.Y), R(p.X, p.Y), G(p.X, p.Y), B(p.X, p.Y) }), values);
    }

    [Theory]
    [InlineData(ColorsOrder.ABGR, ColorBits.Rgb, "BGR")]
    [InlineData(ColorsOrder.AGRB, ColorBits.All, "AGRB")]
    [InlineData(ColorsOrder.ARBG, ColorBits.Red | ColorBits.Green, "RG")]
    [InlineData(ColorsOrder.ABRG, ColorBits.Blue | ColorBits.Alpha, "AB")]
    [InlineData(ColorsOrder.AGBR, ColorBits.Red, "R")]
    public void Planes_follow_the_order_skipping_colours_not_extracted(ColorsOrder order, ColorBits colors, string planes)
    {
        var (type, values) = Extract(Rgba, colors, order, interleave: true);
        Assert.Equal(planes.Length, type.Dimensions[2]);
        var channel = new Dictionary<char, Func<int, int, float>> { ['A'] = A, ['R'] = R, ['G'] = G, ['B'] = B };
        Assert.Equal(PixelsInOrder().SelectMany(p => planes.Select(c => channel[c](p.X, p.Y))), values);
    }

    [Fact]
    public void Offset_is_added_before_scaling()
    {
        var (_, values) = Extract(Rgba, ColorBits.Red, offset: -128f, scale: 1 / 128f);
        Assert.Equal(PixelsInOrder().Select(p => (R(p.X, p.Y) - 128f) * (1 / 128f)), values);
        Assert.Equal((0f - 128f) / 128f, values[0]);
    }

    [Fact]
    public void Byte_output_gives_raw_pixels_and_ignores_offset_and_scale()
    {
        var ml = new MLContext(1);
        var data = ml.Data.LoadFromEnumerable(new[] { new SizedImageRow { Image = MLImage.FromFrame(Rgba) } });
        var output = ml.Transforms.ExtractPixels("Pixels", "Image", ColorBits.Green, offsetImage: 5, scaleImage: 3, outputAsFloatArray: false).Fit(data).Transform(data);
        Assert.Equal(new VectorDataViewType(NumberDataViewType.Byte, 1, 2, 3), output.Schema["Pixels"].Type);
        Assert.Equal(PixelsInOrder().Select(p => (byte)G(p.X, p.Y)), DataReader.Vectors<byte>(output, "Pixels").Single());
    }

    [Fact]
    public void Gray_and_rgb_images_extract_equal_planes_and_opaque_alpha()
    {
        var gray = Frames.Pattern(3, 2, 1);
        var (_, values) = Extract(gray, ColorBits.All);
        var plane = gray.Pixels.Select(v => (float)v).ToArray();
        Assert.Equal(Enumerable.Repeat(255f, 6).Concat(plane).Concat(plane).Concat(plane), values);
    }

    [Fact]
    public void ConvertToGrayscale_uses_ml_net_weights_and_keeps_alpha()
    {
        var ml = new MLContext(1);
        var rgb = new ImageFrame(3, 2, 3, Enumerable.Range(0, 18).Select(i => (byte)(i * 14)).ToArray());
        var data = ml.Data.LoadFromEnumerable(new[]
        {
            new SizedImageRow { Image = MLImage.FromFrame(rgb) },
            new SizedImageRow { Image = MLImage.FromFrame(Rgba) },
            new SizedImageRow { Image = MLImage.FromFrame(Frames.Pattern(3, 2, 1)) },
        });
        var output = ml.Transforms.ConvertToGrayscale("Gray", "Image")
            .Append(ml.Transforms.ExtractPixels("Pixels", "Gray", ColorBits.All, interleavePixelColors: true))
            .Fit(data).Transform(data);
        Assert.Equal(new ImageDataViewType(2, 3), output.Schema["Gray"].Type);
        var rows = DataReader.Vectors<float>(output, "Pixels");

        for (int p = 0; p < 6; p++)
        {
            float y = (byte)(((30 * rgb.Pixels[p * 3]) + (59 * rgb.Pixels[(p * 3) + 1]) + (11 * rgb.Pixels[(p * 3) + 2]) + 50) / 100);
            Assert.Equal(new[] { 255f, y, y, y }, rows[0][(p * 4)..((p * 4) + 4)]);
        }

        // Pixel (0, 0) of Rgba is (0, 100, 200, 250): Y = round(0 + 59 + 22) = 81, alpha kept.
        Assert.Equal(new[] { 250f, 81f, 81f, 81f }, rows[1][0..4]);
        var pattern = Frames.Pattern(3, 2, 1);
        Assert.Equal(pattern.Pixels.SelectMany(v => new[] { 255f, v, v, v }), rows[2]);
        Assert.Equal(125, ImageOps.Luma(200, 100, 50));
    }

    [Fact]
    public void A_missing_image_gives_zeros_and_a_wrongly_sized_image_is_reported()
    {
        var ml = new MLContext(1);
        var data = ml.Data.LoadFromEnumerable(new[] { new SizedImageRow(), new SizedImageRow { Image = MLImage.FromFrame(Frames.Pattern(4, 4, 3)) } });
        var output = ml.Transforms.ExtractPixels("Pixels", "Image").Fit(data).Transform(data);
        var column = output.Schema["Pixels"];
        using var cursor = output.GetRowCursor(new[] { column });
        var getter = cursor.GetGetter<VBuffer<float>>(column);
        VBuffer<float> value = default;
        Assert.True(cursor.MoveNext());
        getter(ref value);
        Assert.Equal(new float[18], value.DenseValues());
        Assert.True(cursor.MoveNext());
        var error = Assert.Throws<InvalidOperationException>(() => getter(ref value));
        Assert.Contains("row 1", error.Message);
        Assert.Contains("4x4", error.Message);
        Assert.Contains("Image<2, 3>", error.Message);
    }

    [Fact]
    public void Unknown_size_images_bad_colours_and_bad_scales_are_refused_clearly()
    {
        var ml = new MLContext(1);
        var unsized = ml.Data.LoadFromEnumerable(new[] { new UnsizedImageRow() });
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => ml.Transforms.ExtractPixels("Pixels", "Image").Fit(unsized));
        Assert.Contains("'Image'", error.Message);
        Assert.Contains("known size", error.Message);
        Assert.Contains("ResizeImages", error.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => ml.Transforms.ExtractPixels("P", "Image", colorsToExtract: 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => ml.Transforms.ExtractPixels("P", "Image", colorsToExtract: (ColorBits)0x10));
        Assert.Throws<ArgumentOutOfRangeException>(() => ml.Transforms.ExtractPixels("P", "Image", orderOfExtraction: 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => ml.Transforms.ExtractPixels("P", "Image", scaleImage: 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => ml.Transforms.ExtractPixels("P", "Image", offsetImage: float.NaN));
        ml.Transforms.ExtractPixels("P", "Image", scaleImage: 0, outputAsFloatArray: false);
    }
}
