using MlNetCnn.Data;
using MlNetCnn.Runtime;

namespace MlNetCnn.ImageAnalytics.Tests;

public sealed class ImageFolderTests : IDisposable
{
    private readonly TempDir _dir = new();

    public ImageFolderTests()
    {
        _dir.Png(Frames.Pattern(3, 3, 3), "cat", "c1.png");
        _dir.Png(Frames.Pattern(3, 3, 1, seed: 1), "cat", "c2.PNG");
        _dir.Bytes(System.IO.File.ReadAllBytes(_dir.File("cat", "c1.png")), "cat", "c3.jpg");
        _dir.Png(Frames.Pattern(3, 3, 3, seed: 2), "dog", "d1.png");
        _dir.Png(Frames.Pattern(2, 2, 4, seed: 3), "dog", "puppies", "p1.png");
        _dir.Bytes("meow"u8.ToArray(), "cat", "notes.txt");
        _dir.Bytes("GIF89a......"u8.ToArray(), "cat", "anim.gif");
        _dir.Bytes("not a png at all"u8.ToArray(), "dog", "fake.png");
        _dir.Bytes(Array.Empty<byte>(), "dog", "empty.bmp");
        var broken = System.IO.File.ReadAllBytes(_dir.File("dog", "d1.png"))[..40];
        _dir.Bytes(broken, "dog", "broken.png");
        _dir.Bytes("# readme"u8.ToArray(), "README.md");
    }

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Labels_come_from_the_folder_holding_each_image_and_non_images_are_skipped_with_reasons()
    {
        var result = ImageFolder.Load(_dir.Path);

        Assert.Equal(_dir.Path, result.Root);
        Assert.Equal(
            new[] { ("cat", "c1.png"), ("cat", "c2.PNG"), ("cat", "c3.jpg"), ("dog", "d1.png"), ("puppies", "p1.png") },
            result.Images.Select(i => (i.Label, Path.GetFileName(i.ImagePath))));
        Assert.All(result.Images, i => Assert.True(Path.IsPathFullyQualified(i.ImagePath)));
        Assert.Equal(new Dictionary<string, int> { ["cat"] = 3, ["dog"] = 1, ["puppies"] = 1 }, result.LabelCounts);

        var skipped = result.SkippedFiles.ToDictionary(s => Path.GetFileName(s.Path), s => s.Reason);
        Assert.Equal(new[] { "README.md", "anim.gif", "empty.bmp", "fake.png", "notes.txt" }, skipped.Keys.Order(StringComparer.Ordinal));
        Assert.Contains("no label folder", skipped["README.md"]);
        Assert.Contains("'.txt' is not an image file extension", skipped["notes.txt"]);
        Assert.Contains("'.gif' images cannot be decoded", skipped["anim.gif"]);
        Assert.Contains("content is not PNG, JPEG, BMP", skipped["fake.png"]);
        Assert.Contains("empty", skipped["empty.bmp"]);

        var unreadable = Assert.Single(result.UnreadableImages);
        Assert.EndsWith("broken.png", unreadable.Path);
        Assert.Contains("PNG", unreadable.Reason);

        string report = result.ToString();
        Assert.Contains("5 images in 3 labels", report);
        Assert.Contains("5 files skipped", report);
        Assert.Contains("1 unreadable", report);
        Assert.Contains("broken.png", report);
    }

    [Fact]
    public void Without_recursion_only_files_directly_in_the_label_folders_count()
    {
        var result = ImageFolder.Load(_dir.Path, recursive: false);
        Assert.Equal(new Dictionary<string, int> { ["cat"] = 3, ["dog"] = 1 }, result.LabelCounts);
    }

    [Fact]
    public void Without_verification_a_corrupt_image_is_only_found_when_loaded()
    {
        var result = ImageFolder.Load(_dir.Path, verifyImages: false);
        Assert.Empty(result.UnreadableImages);
        Assert.Contains(result.Images, i => i.ImagePath.EndsWith("broken.png", StringComparison.Ordinal));
    }

    [Fact]
    public void LoadFromImageFolder_gives_path_and_label_columns_that_chain_into_LoadImages_and_logs_the_skips()
    {
        var ml = new MLContext(1);
        var messages = new List<(ChannelMessageKind Kind, string Message)>();
        ml.Log += (_, e) => messages.Add((e.Kind, e.Message));

        var data = ml.Data.LoadFromImageFolder(_dir.Path);

        Assert.Equal(new[] { "ImagePath", "Label" }, data.Schema.Select(c => c.Name));
        Assert.Equal(new[] { "cat", "cat", "cat", "dog", "puppies" }, DataReader.Column(data, "Label"));
        var images = DataReader.Images(ml.Transforms.LoadImages("Image", null, "ImagePath").Fit(data).Transform(data), "Image");
        Assert.Equal(new[] { 3, 3, 3, 3, 2 }, images.Select(i => i!.Width));
        Assert.Contains(messages, m => m.Kind == ChannelMessageKind.Info && m.Message.Contains("5 images in 3 labels", StringComparison.Ordinal));
        Assert.Equal(6, messages.Count(m => m.Kind == ChannelMessageKind.Warning));
        Assert.Contains(messages, m => m.Message.Contains("broken.png", StringComparison.Ordinal));
    }

    [Fact]
    public void An_empty_or_missing_folder_is_a_clear_error()
    {
        using var empty = new TempDir();
        empty.Bytes("x"u8.ToArray(), "label", "x.txt");
        var ml = new MLContext(1);
        var error = Assert.Throws<InvalidDataException>(() => ml.Data.LoadFromImageFolder(empty.Path));
        Assert.Contains("No images", error.Message);
        Assert.Empty(ImageFolder.Load(empty.Path).Images);
        Assert.Throws<DirectoryNotFoundException>(() => ImageFolder.Load(empty.File("nope")));
    }
}
