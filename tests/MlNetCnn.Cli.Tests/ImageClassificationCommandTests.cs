using System.Diagnostics;
using System.Globalization;
using MlNetCnn.Cli.Commands;
using MlNetCnn.Data;

namespace MlNetCnn.Cli.Tests;

[Collection("cli")]
public sealed class ImageClassificationCommandTests
{
    /// <summary>The model's input as Model Builder generates it.</summary>
    public sealed class ModelInput
    {
        public string Label = string.Empty;

        public byte[] ImageSource = Array.Empty<byte>();
    }

    /// <summary>The model's output as Model Builder generates it.</summary>
    public sealed class ModelOutput
    {
        public string PredictedLabel = string.Empty;

        public float[] Score = Array.Empty<float>();
    }

    [Fact]
    public void Trains_on_an_image_folder_and_predict_in_a_new_process_matches_the_in_process_prediction()
    {
        string dir = Directory.CreateTempSubdirectory("mlnetcnn-imgcls-cli-").FullName;
        try
        {
            string images = Path.Combine(dir, "images");
            string model = Path.Combine(dir, "model.zip");
            Assert.Equal(0, CliRunner.Run("export-images", "--output", images, "--limit", "200").Code);

            var (code, output, error) = CliRunner.Run("image-classification", "--dataset", images, "--arch", "small-cnn", "--epochs", "2",
                "--seed", "3", "--threads", "1", "--model", model);

            Assert.True(code == 0, error + output);
            Assert.Contains($"Dataset {images}: 200 images in 10 labels.", output);
            Assert.Matches(@"Split \(seed 3\): \d+ training and \d+ test images \(test fraction 0\.2\)\.", output);
            Assert.Matches(@"Epoch 1/2 - [\d.]+s - accuracy [\d.]+ - cross-entropy [\d.]+ - learning rate 0\.01 - validation accuracy [\d.]+ - validation cross-entropy [\d.]+", output);
            Assert.Contains("Epoch 2/2", output);
            Assert.Matches(@"Test metrics: MicroAccuracy [\d.]+, MacroAccuracy [\d.]+, LogLoss [\d.]+", output);
            Assert.Contains("Confusion table", output);
            Assert.Contains("Ankle_boot", output);
            Assert.Contains($"Saved the model to {model}", output);
            Assert.True(File.Exists(model));

            string[] files = Directory.GetFiles(Path.Combine(images, "Coat")).Take(1).Concat(Directory.GetFiles(Path.Combine(images, "Trouser")).Take(1)).ToArray();
            var ml = new MLContext();
            var loaded = ml.Model.Load(model, out var inputSchema);
            Assert.Equal(new[] { "Label", ImageClassificationCommand.ImageColumn }, inputSchema.Select(c => c.Name));
            using var engine = ml.Model.CreatePredictionEngine<ModelInput, ModelOutput>(loaded);
            var expected = new List<string>();
            foreach (string file in files)
            {
                var p = engine.Predict(new ModelInput { ImageSource = File.ReadAllBytes(file) });
                Assert.Equal(1f, p.Score.Sum(), 4);
                expected.Add(string.Format(CultureInfo.InvariantCulture, "{0}: {1} ({2:F6})", Path.GetFileName(file), p.PredictedLabel, p.Score.Max()));
            }

            var args = new[] { "predict", "--model", model, "--image", files[0], "--image", files[1], "--top", "3" };
            var (predictCode, predicted, predictError) = CliRunner.Run(args);
            Assert.True(predictCode == 0, predictError);
            var lines = predicted.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToArray();
            Assert.Equal(8, lines.Length);
            Assert.Equal(expected, new[] { lines[0], lines[4] });
            Assert.Matches(@"^  \S+ +0\.\d{6}$", lines[1]);

            var (childCode, childOutput) = RunChild(args);
            Assert.True(childCode == 0, childOutput);
            Assert.Equal(predicted.ReplaceLineEndings(), childOutput.ReplaceLineEndings());
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Theory]
    [InlineData("unknown --arch 'resnet'", "--arch", "resnet")]
    [InlineData("--test-fraction must be between 0 and 1", "--test-fraction", "1.5")]
    [InlineData("--epochs must be positive", "--epochs", "0")]
    public void Bad_training_arguments_give_one_clear_line(string expected, params string[] args)
    {
        string dir = Directory.CreateTempSubdirectory("mlnetcnn-imgcls-cli-").FullName;
        try
        {
            var (code, _, error) = CliRunner.Run(new[] { "image-classification", "--dataset", dir, "--model", Path.Combine(dir, "m.zip") }.Concat(args).ToArray());
            Assert.Equal(1, code);
            Assert.Contains(expected, error);
            Assert.DoesNotContain("   at ", error);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void Missing_or_unusable_inputs_are_refused_with_a_clear_line()
    {
        string dir = Directory.CreateTempSubdirectory("mlnetcnn-imgcls-cli-").FullName;
        try
        {
            var missing = CliRunner.Run("image-classification", "--dataset", Path.Combine(dir, "nope"), "--model", Path.Combine(dir, "m.zip"));
            Assert.Equal(1, missing.Code);
            Assert.Contains("does not exist", missing.Err);

            Assert.Equal(0, CliRunner.Run("export-images", "--output", Path.Combine(dir, "one"), "--limit", "3").Code);
            foreach (string label in Directory.GetDirectories(Path.Combine(dir, "one")).Skip(1))
            {
                Directory.Delete(label, recursive: true);
            }

            var oneLabel = CliRunner.Run("image-classification", "--dataset", Path.Combine(dir, "one"), "--model", Path.Combine(dir, "m.zip"));
            Assert.Equal(1, oneLabel.Code);
            Assert.Contains("needs at least 2", oneLabel.Err);

            string notImage = Path.Combine(dir, "notes.png");
            File.WriteAllText(notImage, "hello");
            string notModel = Path.Combine(dir, "keys.zip");
            var ml = new MLContext();
            var data = ml.Data.LoadFromEnumerable(new[] { new ModelInput { Label = "a" } });
            ml.Model.Save(ml.Transforms.Conversion.MapValueToKey("Label").Fit(data), data.Schema, notModel);
            var wrongModel = CliRunner.Run("predict", "--model", notModel, "--image", notImage);
            Assert.Equal(1, wrongModel.Code);
            Assert.Contains("holds no image-classification model", wrongModel.Err);

            var noModel = CliRunner.Run("predict", "--model", Path.Combine(dir, "absent.zip"), "--image", notImage);
            Assert.Equal(1, noModel.Code);
            Assert.Contains("does not exist", noModel.Err);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void Predict_names_the_file_it_cannot_decode()
    {
        string dir = Directory.CreateTempSubdirectory("mlnetcnn-imgcls-cli-").FullName;
        try
        {
            string images = Path.Combine(dir, "images");
            string model = Path.Combine(dir, "model.zip");
            Assert.Equal(0, CliRunner.Run("export-images", "--output", images, "--limit", "30").Code);
            var trained = CliRunner.Run("image-classification", "--dataset", images, "--arch", "SmallCnn", "--epochs", "1", "--threads", "1", "--model", model);
            Assert.True(trained.Code == 0, trained.Err);

            string notImage = Path.Combine(dir, "notes.png");
            File.WriteAllText(notImage, "hello");
            var (code, _, error) = CliRunner.Run("predict", "--model", model, "--image", notImage);
            Assert.Equal(1, code);
            Assert.Contains($"cannot classify '{notImage}'", error);
            Assert.Contains("unrecognised image format", error);
            Assert.DoesNotContain("   at ", error);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Theory]
    [InlineData("small-cnn", "SmallCnn")]
    [InlineData("ColorCnn", "ColorCnn")]
    [InlineData("resnet-v2-50", "ResnetV250")]
    [InlineData("MOBILENET_V2", "MobilenetV2")]
    public void Architecture_names_parse_in_kebab_or_enum_form(string name, string expected)
        => Assert.Equal(expected, ImageClassificationCommand.ParseArchitecture(name).ToString());

    /// <summary>Runs the tool in a child <c>dotnet</c> process and returns its exit code and standard output (plus
    /// standard error on failure).</summary>
    private static (int Code, string Output) RunChild(string[] args)
    {
        string dll = Path.Combine(AppContext.BaseDirectory, "MlNetCnn.Cli.dll");
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(dll);
        foreach (string arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        string output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, process.ExitCode == 0 ? output : output + error.Result);
    }
}
