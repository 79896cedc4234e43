using MlNetCnn.Datasets;
using MlNetCnn.Engine;
using MlNetCnn.Keras;
using MlNetCnn.Keras.Callbacks;
using MlNetCnn.Keras.Layers;

namespace MlNetCnn.Keras.Tests;

/// <summary>The README's Keras example, line for line, on a small slice of Fashion-MNIST.</summary>
public sealed class ReadmeExampleTests
{
    [Fact]
    public void The_readme_keras_example_runs_as_written()
    {
        var data = FashionMnist.Load(FashionMnist.FindDefaultDirectory());
        var trainImages = new Tensor(600, 28, 28, 1);
        data.Train.GetNormalizedPixels(0, 600, trainImages.Data);
        var trainLabels = data.Train.Labels[..600];
        var testImages = new Tensor(300, 28, 28, 1);
        data.Test.GetNormalizedPixels(0, 300, testImages.Data);
        var testLabels = data.Test.Labels[..300];
        string path = Path.Combine(Path.GetTempPath(), $"mlnetcnn-readme-{Guid.NewGuid():N}.zip");
        using var names = KerasNames.BeginScope();

        var model = new Sequential(
            new Conv2D(64, (3, 3), activation: "relu", inputShape: (28, 28, 1)),
            new MaxPooling2D((2, 2)),
            new Conv2D(64, (3, 3), activation: "relu"),
            new MaxPooling2D((2, 2)),
            new Flatten(),
            new Dense(128, activation: "relu"),
            new Dense(10, activation: "softmax"));
        model.Compile("adam", "sparse_categorical_crossentropy", new[] { "accuracy" });
        Assert.Contains("Total params: 243,786", model.Summary());
        var history = model.Fit(trainImages, trainLabels, batchSize: 32, epochs: 1, validationSplit: 0.1f,
            callbacks: new[] { new StopAtThreshold("accuracy", 0.99) });
        var result = model.Evaluate(testImages, testLabels);
        try
        {
            model.Save(path);
            Assert.Single(history.Epochs);
            Assert.True(result.Accuracy > 0.4, $"accuracy {result.Accuracy} after 540 images");
            Assert.True(new FileInfo(path).Length > 243_786 * 4);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
