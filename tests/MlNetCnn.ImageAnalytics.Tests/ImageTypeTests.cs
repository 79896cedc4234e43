using MlNetCnn.Data;
using MlNetCnn.Transforms.Image;

namespace MlNetCnn.ImageAnalytics.Tests;

public sealed class ImageRow
{
    [ImageType(2, 3)]
    public MLImage Image { get; set; } = null!;

    public string Name { get; set; } = string.Empty;
}

public sealed class UnsizedImageRow
{
    public MLImage? Image { get; set; }
}

public sealed class BadImageTypeRow
{
    [ImageType(2, 2)]
    public string Image { get; set; } = string.Empty;
}

public sealed class ImageTypeTests
{
    [Fact]
    public void Image_types_compare_by_size_and_print_like_ml_net()
    {
        Assert.Equal(new ImageDataViewType(2, 3), new ImageDataViewType(2, 3));
        Assert.NotEqual(new ImageDataViewType(3, 2), new ImageDataViewType(2, 3));
        Assert.NotEqual<DataViewType>(new ImageDataViewType(), new ImageDataViewType(2, 3));
        Assert.Equal(new ImageDataViewType(), new ImageDataViewType());
        Assert.Equal(new ImageDataViewType(2, 3).GetHashCode(), new ImageDataViewType(2, 3).GetHashCode());
        Assert.Equal("Image<2, 3>", new ImageDataViewType(2, 3).ToString());
        Assert.Equal("Image", new ImageDataViewType().ToString());
        Assert.Equal(2, new ImageDataViewType(2, 3).Height);
        Assert.Equal(3, new ImageDataViewType(2, 3).Width);
        Assert.Equal(typeof(MLImage), new ImageDataViewType().RawType);
        Assert.Throws<ArgumentOutOfRangeException>(() => new ImageDataViewType(0, 3));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ImageDataViewType(3, -1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ImageDataViewType(65536, 65536));
    }

    [Fact]
    public void Classes_with_image_members_load_and_come_back()
    {
        var ml = new MLContext(1);
        var rows = new[]
        {
            new ImageRow { Image = MLImage.FromFrame(Frames.Pattern(3, 2, 3)), Name = "a" },
            new ImageRow { Image = MLImage.FromFrame(Frames.Pattern(3, 2, 1, seed: 5)), Name = "b" },
        };
        var data = ml.Data.LoadFromEnumerable(rows);
        Assert.Equal(new ImageDataViewType(2, 3), data.Schema["Image"].Type);
        Assert.Equal(new ImageDataViewType(), ml.Data.LoadFromEnumerable(new[] { new UnsizedImageRow() }).Schema["Image"].Type);

        var back = ml.Data.CreateEnumerable<ImageRow>(data, reuseRowObject: false).ToList();
        Assert.Same(rows[0].Image, back[0].Image);
        Assert.Equal("b", back[1].Name);

        var error = Assert.Throws<InvalidOperationException>(() => ml.Data.LoadFromEnumerable(new[] { new BadImageTypeRow() }));
        Assert.Contains("BadImageTypeRow.Image", error.Message);
        Assert.Contains("MLImage", error.Message);
    }

    [Fact]
    public void Image_columns_survive_in_a_saved_input_schema()
    {
        var ml = new MLContext(1);
        var data = ml.Data.LoadFromEnumerable(new[] { new ImageRow { Image = MLImage.FromFrame(Frames.Pattern(3, 2, 3)) } });
        var pipeline = ml.Transforms.ConvertToGrayscale("Gray", "Image");
        var model = pipeline.Fit(data);
        using var stream = new MemoryStream();
        ml.Model.Save(model, data.Schema, stream);
        stream.Position = 0;
        ml.Model.Load(stream, out var schema);
        Assert.Equal(new ImageDataViewType(2, 3), schema["Image"].Type);
        Assert.Equal(TextDataViewType.Instance, schema["Name"].Type);
    }

    [Fact]
    public void A_corrupt_image_type_in_a_saved_schema_is_reported()
    {
        var ml = new MLContext(1);
        var data = ml.Data.LoadFromEnumerable(new[] { new ImageRow { Image = MLImage.FromFrame(Frames.Pattern(3, 2, 3)) } });
        using var stream = new MemoryStream();
        ml.Model.Save(ml.Transforms.ConvertToGrayscale("Gray", "Image").Fit(data), data.Schema, stream);

        // The schema stores the type as the name "Image" then height 2 and width 3; make the height -5.
        using (var zip = new System.IO.Compression.ZipArchive(stream, System.IO.Compression.ZipArchiveMode.Update, leaveOpen: true))
        {
            var entry = zip.GetEntry("Schema")!;
            byte[] bytes;
            using (var s = entry.Open())
            using (var copy = new MemoryStream())
            {
                s.CopyTo(copy);
                bytes = copy.ToArray();
            }

            byte[] pattern = { 5, 0, 0, 0, (byte)'I', (byte)'m', (byte)'a', (byte)'g', (byte)'e', 2, 0, 0, 0, 3, 0, 0, 0 };
            int at = bytes.AsSpan().IndexOf(pattern);
            Assert.True(at >= 0, "the saved schema holds the image type");
            BitConverter.GetBytes(-5).CopyTo(bytes, at + 9);
            entry.Delete();
            using var w = zip.CreateEntry("Schema").Open();
            w.Write(bytes);
        }

        stream.Position = 0;
        var error = Assert.Throws<InvalidDataException>(() => ml.Model.Load(stream, out _));
        Assert.Contains("-5x3", error.Message);
    }
}
