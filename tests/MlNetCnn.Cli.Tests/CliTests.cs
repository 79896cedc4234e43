namespace MlNetCnn.Cli.Tests;

[Collection("cli")]
public sealed class CliTests
{
    [Fact]
    public void Summary_prints_the_seeds_network_exactly_as_keras()
    {
        var (code, output, error) = CliRunner.Run("summary");
        Assert.True(code == 0, error);
        string[] expectedRows =
        {
            "conv2d (Conv2D)             (None, 26, 26, 64)        640       ",
            "max_pooling2d (MaxPooling2D  (None, 13, 13, 64)       0         ",
            "conv2d_1 (Conv2D)           (None, 11, 11, 64)        36,928    ",
            "flatten (Flatten)           (None, 1600)              0         ",
            "dense (Dense)               (None, 128)               204,928   ",
            "dense_1 (Dense)             (None, 10)                1,290     ",
        };
        foreach (var row in expectedRows) Assert.Contains(row, output);
        Assert.Contains("Total params: 243,786", output);
        Assert.Contains("Trainable params: 243,786", output);
        Assert.Contains("Non-trainable params: 0", output);
    }

    [Fact]
    public void Train_then_evaluate_reports_the_same_test_accuracy_and_saves_a_loadable_model()
    {
        string dir = Directory.CreateTempSubdirectory("mlnetcnn-cli-").FullName;
        try
        {
            string model = Path.Combine(dir, "model.zip");
            var (code, output, error) = CliRunner.Run("train", "--epochs", "1", "--limit", "1500", "--batch-size", "50", "--seed", "3", "--model", model);
            Assert.True(code == 0, error);
            Assert.Contains("Epoch 1/1", output);
            Assert.True(File.Exists(model));
            double trained = ParseAccuracy(output);
            Assert.True(trained > 0.5, $"test accuracy {trained} after 1,500 images should beat chance (0.1) by far");

            var (code2, output2, error2) = CliRunner.Run("evaluate", "--model", model);
            Assert.True(code2 == 0, error2);
            Assert.Equal(trained, ParseAccuracy(output2), 4);
            Assert.Contains("Ankle boot", output2);

            var (code3, output3, _) = CliRunner.Run("summary", "--model", model);
            Assert.Equal(0, code3);
            Assert.Contains("Total params: 243,786", output3);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Theory]
    [InlineData("unknown --dataset 'mnist'", "train", "--dataset", "mnist")]
    [InlineData("--epochs must be positive", "train", "--epochs", "0")]
    [InlineData("--validation-split must be in [0, 1)", "train", "--validation-split", "1.5")]
    [InlineData("unknown --kernels 'gpu'", "train", "--kernels", "gpu", "--epochs", "1", "--limit", "10")]
    [InlineData("does not exist", "evaluate", "--model", "no-such-model.zip")]
    public void Bad_arguments_give_one_clear_line_and_exit_code_1(string expected, params string[] args)
    {
        var (code, _, error) = CliRunner.Run(args);
        Assert.Equal(1, code);
        Assert.Contains(expected, error);
        Assert.DoesNotContain("   at ", error);
    }

    [Fact]
    public void A_corrupt_model_file_is_reported_with_its_name()
    {
        string path = Path.Combine(Path.GetTempPath(), $"mlnetcnn-corrupt-{Guid.NewGuid():N}.zip");
        File.WriteAllBytes(path, new byte[] { 0x50, 0x4B, 0x03, 0x04, 1, 2, 3 });
        try
        {
            var (code, _, error) = CliRunner.Run("evaluate", "--model", path);
            Assert.Equal(1, code);
            Assert.Contains(Path.GetFileName(path), error);
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static double ParseAccuracy(string output)
    {
        const string marker = "Test accuracy: ";
        int at = output.LastIndexOf(marker, StringComparison.Ordinal);
        Assert.True(at >= 0, output);
        string number = new(output[(at + marker.Length)..].TakeWhile(c => char.IsDigit(c) || c == '.').ToArray());
        return double.Parse(number, System.Globalization.CultureInfo.InvariantCulture);
    }
}
