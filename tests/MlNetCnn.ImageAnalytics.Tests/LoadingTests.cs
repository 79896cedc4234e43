using MlNetCnn.Data;
using MlNetCnn.Transforms.Image;

namespace MlNetCnn.ImageAnalytics.Tests;

public sealed class LoadingTests
{
    [Fact]
    public void LoadImages_resolves_relative_paths_against_the_folder_and_keeps_absolute_ones()
    {
        using var dir = new TempDir();
        var a = Frames.Pattern(4, 3, 3);
        var b = Frames.Pattern(2, 5, 1, seed: 3);
        dir.Png(a, "imgs", "a.png");
        string bPath = dir.Png(b, "other", "b.png");
        var ml = new MLContext(1);
        var data = ml.Data.LoadFromEnumerable(new[] { new PathRow { ImagePath = "a.png" }, new PathRow { ImagePath = bPath }, new PathRow { ImagePath = "" } });

        var output = ml.Transforms.LoadImages("Image", dir.File("imgs"), "ImagePath").Fit(data).Transform(data);

        Assert.Equal(new ImageDataViewType(), output.Schema["Image"].Type);
        var images = DataReader.Images(output, "Image");
        Assert.Equal(a.Pixels, images[0]!.Frame.Pixels);
        Assert.Equal((2, 5), (images[1]!.Width, images[1]!.Height));
        Assert.Equal(b.Pixels, images[1]!.Frame.Pixels);
        Assert.Null(images[2]);
    }

    [Fact]
    public void LoadImages_is_lazy_and_names_the_row_column_and_path_of_a_bad_file()
    {
        using var dir = new TempDir();
        dir.Png(Frames.Pattern(2, 2, 3), "good.png");
        dir.Bytes("just text"u8.ToArray(), "text.png");
        var ml = new MLContext(1);
        var data = ml.Data.LoadFromEnumerable(new[]
        {
            new PathRow { ImagePath = "good.png" },
            new PathRow { ImagePath = "missing.png" },
            new PathRow { ImagePath = "text.png" },
        });

        // Fit and Transform only check the schema: nothing is read yet.
        var output = ml.Transforms.LoadImages("Image", dir.Path, "ImagePath").Fit(data).Transform(data);

        var column = output.Schema["Image"];
        using var cursor = output.GetRowCursor(new[] { column });
        var getter = cursor.GetGetter<MLImage>(column);
        MLImage image = null!;
        Assert.True(cursor.MoveNext());
        getter(ref image);
        Assert.Equal(2, image.Width);

        Assert.True(cursor.MoveNext());
        var missing = Assert.Throws<InvalidOperationException>(() => getter(ref image));
        Assert.Contains("row 1", missing.Message);
        Assert.Contains("'Image'", missing.Message);
        Assert.Contains("missing.png", missing.Message);
        Assert.Contains("does not exist", missing.Message);

        Assert.True(cursor.MoveNext());
        var text = Assert.Throws<InvalidOperationException>(() => getter(ref image));
        Assert.Contains("row 2", text.Message);
        Assert.Contains("text.png", text.Message);
        Assert.Contains("PNG, JPEG, BMP", text.Message);
    }

    [Fact]
    public void An_image_is_decoded_once_per_row_however_often_it_is_read()
    {
        using var dir = new TempDir();
        dir.Png(Frames.Pattern(3, 3, 3), "a.png");
        var ml = new MLContext(1);
        var data = ml.Data.LoadFromEnumerable(new[] { new PathRow { ImagePath = "a.png" }, new PathRow { ImagePath = "a.png" } });
        var output = ml.Transforms.LoadImages("Image", dir.Path, "ImagePath").Fit(data).Transform(data);
        var column = output.Schema["Image"];
        using var cursor = output.GetRowCursor(new[] { column });
        var getter = cursor.GetGetter<MLImage>(column);
        MLImage first = null!, second = null!;
        Assert.True(cursor.MoveNext());
        getter(ref first);
        getter(ref second);
        Assert.Same(first, second);
        Assert.True(cursor.MoveNext());
        getter(ref second);
        Assert.NotSame(first, second);
        Assert.Equal(first.Pixels.ToArray(), second.Pixels.ToArray());
    }

    [Fact]
    public void LoadRawImageBytes_gives_the_file_bytes_as_a_variable_length_byte_vector()
    {
        using var dir = new TempDir();
        string a = dir.Png(Frames.Pattern(5, 4, 3), "a.png");
        string notImage = dir.Bytes(new byte[] { 1, 2, 3 }, "data.bin");
        var ml = new MLContext(1);
        var data = ml.Data.LoadFromEnumerable(new[] { new PathRow { ImagePath = "a.png" }, new PathRow { ImagePath = "data.bin" }, new PathRow { ImagePath = "" } });

        var output = ml.Transforms.LoadRawImageBytes("Bytes", dir.Path, "ImagePath").Fit(data).Transform(data);

        Assert.Equal(new VectorDataViewType(NumberDataViewType.Byte), output.Schema["Bytes"].Type);
        var bytes = DataReader.Vectors<byte>(output, "Bytes");
        Assert.Equal(File.ReadAllBytes(a), bytes[0]);
        Assert.Equal(File.ReadAllBytes(notImage), bytes[1]);
        Assert.Empty(bytes[2]);
    }

    [Fact]
    public void LoadRawImageBytes_names_the_row_and_path_of_a_missing_file()
    {
        using var dir = new TempDir();
        var ml = new MLContext(1);
        var data = ml.Data.LoadFromEnumerable(new[] { new PathRow { ImagePath = "nope.png" } });
        var output = ml.Transforms.LoadRawImageBytes("Bytes", dir.Path, "ImagePath").Fit(data).Transform(data);
        var error = Assert.Throws<InvalidOperationException>(() => DataReader.Vectors<byte>(output, "Bytes"));
        Assert.Contains("LoadRawImageBytes", error.Message);
        Assert.Contains("row 0", error.Message);
        Assert.Contains("nope.png", error.Message);
    }

    [Fact]
    public void In_memory_bytes_give_exactly_the_results_of_files_through_every_transform()
    {
        using var dir = new TempDir();
        var ml = new MLContext(1);
        var rows = new List<PathAndBytesRow>();
        int i = 0;
        foreach (var frame in new[] { Frames.Random(9, 6, 3, 1), Frames.Random(5, 8, 1, 2), Frames.Random(7, 7, 4, 3) })
        {
            string path = dir.Png(frame, $"img{i++}.png");
            rows.Add(new PathAndBytesRow { ImagePath = path, ImageBytes = File.ReadAllBytes(path) });
        }

        var data = ml.Data.LoadFromEnumerable(rows);
        var fromFiles = ml.Transforms.LoadImages("Image", null, "ImagePath")
            .Append(ml.Transforms.ResizeImages("Image", 6, 4, resizing: ImageResizingEstimator.ResizingKind.IsoPad))
            .Append(ml.Transforms.ConvertToGrayscale("Gray", "Image"))
            .Append(ml.Transforms.ExtractPixels("Pixels", "Image", ImagePixelExtractingEstimator.ColorBits.All, interleavePixelColors: true))
            .Append(ml.Transforms.ExtractPixels("GrayPixels", "Gray", scaleImage: 1 / 255f));
        var fromBytes = ml.Transforms.DecodeImages("Image", "ImageBytes")
            .Append(ml.Transforms.ResizeImages("Image", 6, 4, resizing: ImageResizingEstimator.ResizingKind.IsoPad))
            .Append(ml.Transforms.ConvertToGrayscale("Gray", "Image"))
            .Append(ml.Transforms.ExtractPixels("Pixels", "Image", ImagePixelExtractingEstimator.ColorBits.All, interleavePixelColors: true))
            .Append(ml.Transforms.ExtractPixels("GrayPixels", "Gray", scaleImage: 1 / 255f));
        var viaRawBytes = ml.Transforms.LoadRawImageBytes("Raw", null, "ImagePath")
            .Append(ml.Transforms.DecodeImages("Image", "Raw"));

        var a = fromFiles.Fit(data).Transform(data);
        var b = fromBytes.Fit(data).Transform(data);
        Assert.Equal(DataReader.Vectors<float>(a, "Pixels"), DataReader.Vectors<float>(b, "Pixels"));
        Assert.Equal(DataReader.Vectors<float>(a, "GrayPixels"), DataReader.Vectors<float>(b, "GrayPixels"));
        var c = viaRawBytes.Fit(data).Transform(data);
        var loaded = ml.Transforms.LoadImages("Image", null, "ImagePath").Fit(data).Transform(data);
        Assert.Equal(DataReader.Column(loaded, "Image"), DataReader.Column(c, "Image"));
    }

    [Fact]
    public void DecodeImages_names_the_row_of_bytes_that_are_not_an_image_and_maps_empty_bytes_to_null()
    {
        var ml = new MLContext(1);
        var data = ml.Data.LoadFromEnumerable(new[] { new BytesRow(), new BytesRow { ImageBytes = new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G', 1, 2 } } });
        var output = ml.Transforms.DecodeImages("Image", "ImageBytes").Fit(data).Transform(data);
        var column = output.Schema["Image"];
        using var cursor = output.GetRowCursor(new[] { column });
        var getter = cursor.GetGetter<MLImage?>(column);
        MLImage? image = null;
        Assert.True(cursor.MoveNext());
        getter(ref image);
        Assert.Null(image);
        Assert.True(cursor.MoveNext());
        var error = Assert.Throws<InvalidOperationException>(() => getter(ref image));
        Assert.Contains("DecodeImages", error.Message);
        Assert.Contains("row 1", error.Message);
        Assert.Contains("'ImageBytes'", error.Message);
    }

    [Fact]
    public void Loading_transforms_refuse_missing_and_mistyped_input_columns_by_name()
    {
        var ml = new MLContext(1);
        var numbers = ml.Data.LoadFromEnumerable(new[] { new NumberRow() });
        var wrong = Assert.Throws<ArgumentOutOfRangeException>(() => ml.Transforms.LoadImages("Image", ".", "Value").Fit(numbers));
        Assert.Contains("'Value'", wrong.Message);
        Assert.Contains("text", wrong.Message);
        Assert.Contains("Single", wrong.Message);
        var missing = Assert.Throws<ArgumentOutOfRangeException>(() => ml.Transforms.LoadRawImageBytes("Bytes", ".", "Path").Fit(numbers));
        Assert.Contains("'Path'", missing.Message);
        Assert.Contains("not found", missing.Message);
        var decode = Assert.Throws<ArgumentOutOfRangeException>(() => ml.Transforms.DecodeImages("Image", "Value").Fit(numbers));
        Assert.Contains("vector of Byte", decode.Message);
        Assert.Throws<ArgumentException>(() => ml.Transforms.LoadImages("", ".", "Value"));
    }
}
