using MlNetCnn.Data;
using MlNetCnn.Transforms.Image;

namespace MlNetCnn.ImageAnalytics.Tests;

/// <summary>The estimator workout for every image transform, and the same pipelines through a prediction engine.</summary>
public sealed class WorkoutTests : IDisposable
{
    private readonly TempDir _dir = new();
    private readonly MLContext _ml = new(1);
    private readonly IDataView _paths;
    private readonly IDataView _bytes;
    private readonly IDataView _images;
    private readonly IDataView _numbers;

    public WorkoutTests()
    {
        var frames = new[] { Frames.Random(7, 5, 3, 1), Frames.Random(4, 9, 1, 2), Frames.Random(6, 6, 4, 3) };
        var rows = frames.Select((f, i) => new PathAndBytesRow { ImagePath = $"img{i}.png" }).ToArray();
        for (int i = 0; i < frames.Length; i++)
        {
            rows[i].ImageBytes = File.ReadAllBytes(_dir.Png(frames[i], rows[i].ImagePath));
        }

        _paths = _ml.Data.LoadFromEnumerable(rows.Select(r => new PathRow { ImagePath = r.ImagePath }).ToList());
        _bytes = _ml.Data.LoadFromEnumerable(rows.Select(r => new BytesRow { ImageBytes = r.ImageBytes }).ToList());
        _images = _ml.Data.LoadFromEnumerable(frames.Select(f => new UnsizedImageRow { Image = MLImage.FromFrame(f) }).ToList());
        _numbers = _ml.Data.LoadFromEnumerable(new[] { new NumberRow { Value = 1 } });
    }

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void LoadImages_workout() => Workout.Run(_ml, _ml.Transforms.LoadImages("Image", _dir.Path, "ImagePath"), _paths, _numbers);

    [Fact]
    public void LoadImages_in_place_hides_the_path_column()
    {
        var transformer = Workout.Run(_ml, _ml.Transforms.LoadImages("ImagePath", _dir.Path), _paths);
        var schema = transformer.GetOutputSchema(_paths.Schema);
        Assert.True(schema[0].IsHidden);
        Assert.IsType<ImageDataViewType>(schema["ImagePath"].Type);
    }

    [Fact]
    public void LoadRawImageBytes_workout() => Workout.Run(_ml, _ml.Transforms.LoadRawImageBytes("Bytes", _dir.Path, "ImagePath"), _paths, _numbers);

    [Fact]
    public void DecodeImages_workout() => Workout.Run(_ml, _ml.Transforms.DecodeImages("Image", "ImageBytes"), _bytes, _numbers);

    [Theory]
    [InlineData(ImageResizingEstimator.ResizingKind.IsoCrop, ImageResizingEstimator.Anchor.Center)]
    [InlineData(ImageResizingEstimator.ResizingKind.IsoCrop, ImageResizingEstimator.Anchor.Bottom)]
    [InlineData(ImageResizingEstimator.ResizingKind.IsoPad, ImageResizingEstimator.Anchor.Center)]
    [InlineData(ImageResizingEstimator.ResizingKind.Fill, ImageResizingEstimator.Anchor.Left)]
    public void ResizeImages_workout(ImageResizingEstimator.ResizingKind kind, ImageResizingEstimator.Anchor anchor)
        => Workout.Run(_ml, _ml.Transforms.ResizeImages("Resized", 5, 3, "Image", kind, anchor), _images, _paths);

    [Fact]
    public void ConvertToGrayscale_workout() => Workout.Run(_ml, _ml.Transforms.ConvertToGrayscale("Gray", "Image"), _images, _numbers);

    [Theory]
    [InlineData(false, true)]
    [InlineData(true, true)]
    [InlineData(false, false)]
    public void ExtractPixels_workout(bool interleave, bool asFloat)
    {
        var resized = _ml.Transforms.ResizeImages("Image", 4, 3).Fit(_images).Transform(_images);
        var estimator = _ml.Transforms.ExtractPixels("Pixels", "Image", ImagePixelExtractingEstimator.ColorBits.All,
            ImagePixelExtractingEstimator.ColorsOrder.ABGR, interleave, offsetImage: -10, scaleImage: 0.5f, outputAsFloatArray: asFloat);
        Workout.Run(_ml, estimator, resized, _images);
    }

    [Fact]
    public void Wrong_input_types_are_refused_by_every_image_transform_with_the_column_and_the_expected_type()
    {
        var cases = new (Func<SchemaShape, SchemaShape> Shape, Action Fit, string Expected)[]
        {
            (s => _ml.Transforms.LoadImages("I", _dir.Path, "Value").GetOutputSchema(s), () => _ml.Transforms.LoadImages("I", _dir.Path, "Value").Fit(_numbers), "text"),
            (s => _ml.Transforms.LoadRawImageBytes("I", _dir.Path, "Value").GetOutputSchema(s), () => _ml.Transforms.LoadRawImageBytes("I", _dir.Path, "Value").Fit(_numbers), "text"),
            (s => _ml.Transforms.DecodeImages("I", "Value").GetOutputSchema(s), () => _ml.Transforms.DecodeImages("I", "Value").Fit(_numbers), "vector of Byte"),
            (s => _ml.Transforms.ResizeImages("I", 2, 2, "Value").GetOutputSchema(s), () => _ml.Transforms.ResizeImages("I", 2, 2, "Value").Fit(_numbers), "image column"),
            (s => _ml.Transforms.ConvertToGrayscale("I", "Value").GetOutputSchema(s), () => _ml.Transforms.ConvertToGrayscale("I", "Value").Fit(_numbers), "image column"),
            (s => _ml.Transforms.ExtractPixels("I", "Value").GetOutputSchema(s), () => _ml.Transforms.ExtractPixels("I", "Value").Fit(_numbers), "image column of known size"),
        };
        foreach (var (shape, fit, expected) in cases)
        {
            foreach (var error in new[] { Assert.Throws<ArgumentOutOfRangeException>(() => shape(ImageColumns.ShapeOf(_numbers.Schema))), Assert.Throws<ArgumentOutOfRangeException>(fit) })
            {
                Assert.Contains("'Value'", error.Message);
                Assert.Contains(expected, error.Message);
                Assert.Contains("Single", error.Message);
            }
        }
    }

    [Fact]
    public void A_whole_image_pipeline_saves_loads_and_predicts_row_by_row()
    {
        var pipeline = _ml.Transforms.LoadImages("Image", _dir.Path, "ImagePath")
            .Append(_ml.Transforms.ResizeImages("Image", 4, 4, resizing: ImageResizingEstimator.ResizingKind.IsoPad))
            .Append(_ml.Transforms.ConvertToGrayscale("Image"))
            .Append(_ml.Transforms.ExtractPixels("Pixels", "Image", ImagePixelExtractingEstimator.ColorBits.Red, scaleImage: 1 / 255f));
        var model = pipeline.Fit(_paths);
        var expected = DataReader.Vectors<float>(model.Transform(_paths), "Pixels");

        string file = _dir.File("model.zip");
        _ml.Model.Save(model, _paths.Schema, file);
        var loaded = new MLContext(2).Model.Load(file, out _);

        using var engine = _ml.Model.CreatePredictionEngine<PathRow, PixelsRow>(loaded);
        for (int i = 0; i < 3; i++)
        {
            var prediction = engine.Predict(new PathRow { ImagePath = $"img{i}.png" });
            Assert.Equal(expected[i], prediction.Pixels);
        }

        Assert.Equal(expected[0], engine.Predict(new PathRow { ImagePath = "img0.png" }).Pixels);
    }

    [Fact]
    public void In_memory_bytes_predict_through_DecodeImages()
    {
        var files = _ml.Transforms.LoadImages("Image", _dir.Path, "ImagePath")
            .Append(_ml.Transforms.ResizeImages("Image", 3, 3))
            .Append(_ml.Transforms.ExtractPixels("Pixels", "Image"))
            .Fit(_paths);
        var bytes = _ml.Transforms.DecodeImages("Image", "ImageBytes")
            .Append(_ml.Transforms.ResizeImages("Image", 3, 3))
            .Append(_ml.Transforms.ExtractPixels("Pixels", "Image"))
            .Fit(_bytes);
        using var fromPath = _ml.Model.CreatePredictionEngine<PathRow, PixelsRow>(files);
        using var fromBytes = _ml.Model.CreatePredictionEngine<BytesRow, PixelsRow>(bytes);
        for (int i = 0; i < 3; i++)
        {
            var expected = fromPath.Predict(new PathRow { ImagePath = $"img{i}.png" }).Pixels;
            Assert.Equal(27, expected.Length);
            Assert.Equal(expected, fromBytes.Predict(new BytesRow { ImageBytes = File.ReadAllBytes(_dir.File($"img{i}.png")) }).Pixels);
        }
    }
}

public sealed class PixelsRow
{
    public float[] Pixels { get; set; } = Array.Empty<float>();
}
