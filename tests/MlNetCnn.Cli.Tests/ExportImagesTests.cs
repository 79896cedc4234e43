using MlNetCnn.Data;
using MlNetCnn.Datasets;
using MlNetCnn.Transforms.Image;

namespace MlNetCnn.Cli.Tests;

[Collection("cli")]
public sealed class ExportImagesTests
{
    private static readonly string[] SafeNames =
        { "T-shirt_top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle_boot" };

    [Fact]
    public void Exported_pngs_reload_through_ImageFolder_and_the_image_transforms_with_the_exact_idx_pixels()
    {
        string dir = Directory.CreateTempSubdirectory("mlnetcnn-export-").FullName;
        try
        {
            var (code, output, error) = CliRunner.Run("export-images", "--dataset", "fashion-mnist", "--output", dir, "--limit", "50");
            Assert.True(code == 0, error);
            Assert.Contains("Exported 50 Fashion-MNIST images (train)", output);
            Assert.Equal(SafeNames.Order(StringComparer.Ordinal), Directory.GetDirectories(dir).Select(d => Path.GetFileName(d)!).Order(StringComparer.Ordinal));

            var train = FashionMnist.Load(FashionMnist.FindDefaultDirectory()).Train;
            for (int c = 0; c < 10; c++)
            {
                int expected = train.Labels.Take(50).Count(l => l == c);
                Assert.Matches($@"\n  {System.Text.RegularExpressions.Regex.Escape(SafeNames[c])} +{expected}\r?\n", output);
            }

            var folder = ImageFolder.Load(dir);
            Assert.Equal(50, folder.Images.Count);
            Assert.Empty(folder.SkippedFiles);
            Assert.Empty(folder.UnreadableImages);

            var ml = new MLContext(1);
            var data = ml.Data.LoadFromEnumerable(folder.Images);
            var pixels = ml.Transforms.LoadImages("Image", null, "ImagePath")
                .Append(ml.Transforms.ResizeImages("Image", 28, 28))
                .Append(ml.Transforms.ExtractPixels("Pixels", "Image", ImagePixelExtractingEstimator.ColorBits.Red, outputAsFloatArray: false))
                .Fit(data).Transform(data);
            var rows = ml.Data.CreateEnumerable<ExportedRow>(pixels, reuseRowObject: false).ToList();
            Assert.Equal(50, rows.Count);
            var seen = new HashSet<int>();
            foreach (var row in rows)
            {
                string name = Path.GetFileNameWithoutExtension(row.ImagePath);
                Assert.StartsWith("train_", name);
                int index = int.Parse(name["train_".Length..], System.Globalization.CultureInfo.InvariantCulture) - 1;
                Assert.True(seen.Add(index));
                Assert.Equal(SafeNames[train.Labels[index]], row.Label);
                Assert.Equal(train.GetImage(index).ToArray(), row.Pixels);
            }

            Assert.Equal(Enumerable.Range(0, 50), seen.Order());
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void Both_splits_go_to_train_and_test_folders_and_a_non_empty_output_needs_overwrite()
    {
        string dir = Directory.CreateTempSubdirectory("mlnetcnn-export-").FullName;
        try
        {
            var (code, output, error) = CliRunner.Run("export-images", "--output", dir, "--limit", "5", "--split", "both");
            Assert.True(code == 0, error);
            Assert.Contains("Exported 10 Fashion-MNIST images (train and test)", output);
            Assert.Equal(5, Directory.GetFiles(Path.Combine(dir, "train"), "train_*.png", SearchOption.AllDirectories).Length);
            Assert.Equal(5, Directory.GetFiles(Path.Combine(dir, "test"), "test_*.png", SearchOption.AllDirectories).Length);
            Assert.True(File.Exists(Path.Combine(dir, "test", "Ankle_boot", "test_00001.png")), "the first test image is an ankle boot");

            var (again, _, refusal) = CliRunner.Run("export-images", "--output", dir, "--limit", "5", "--split", "test");
            Assert.Equal(1, again);
            Assert.Contains("is not empty", refusal);
            Assert.Contains("--overwrite", refusal);

            var (forced, _, forcedError) = CliRunner.Run("export-images", "--output", dir, "--limit", "3", "--split", "test", "--overwrite");
            Assert.True(forced == 0, forcedError);
            Assert.True(File.Exists(Path.Combine(dir, "Ankle_boot", "test_00001.png")));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Theory]
    [InlineData("unknown --split 'validation'", "--split", "validation")]
    [InlineData("--limit must be 0 (all) or positive", "--limit", "-1")]
    [InlineData("unknown --dataset 'mnist'", "--dataset", "mnist")]
    public void Bad_arguments_give_one_clear_line(string expected, params string[] args)
    {
        string dir = Path.Combine(Path.GetTempPath(), $"mlnetcnn-export-{Guid.NewGuid():N}");
        var (code, _, error) = CliRunner.Run(new[] { "export-images", "--output", dir }.Concat(args).ToArray());
        Assert.Equal(1, code);
        Assert.Contains(expected, error);
        Assert.DoesNotContain("   at ", error);
        Assert.False(Directory.Exists(dir));
    }
}

public sealed class ExportedRow
{
    public string ImagePath { get; set; } = string.Empty;

    public string Label { get; set; } = string.Empty;

    public byte[] Pixels { get; set; } = Array.Empty<byte>();
}
