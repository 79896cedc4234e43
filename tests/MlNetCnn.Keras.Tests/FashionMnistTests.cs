using System.Diagnostics;
using MlNetCnn.Datasets;
using MlNetCnn.Engine;
using MlNetCnn.Keras.Layers;
using Xunit.Abstractions;

namespace MlNetCnn.Keras.Tests;

public class FashionMnistTests(ITestOutputHelper output)
{
    private static (Tensor X, byte[] Labels) Slice(FashionMnistSplit split, int count)
    {
        var x = new Tensor(count, 28, 28, 1);
        split.GetNormalizedPixels(0, count, x.Data);
        return (x, split.Labels[..count]);
    }

    [Fact]
    public void SmallCnnBeatsChanceByFarAfterOneEpochOnASlice()
    {
        using var scope = KerasNames.BeginScope();
        var data = FashionMnist.Load(FashionMnist.FindDefaultDirectory());
        var (trainX, trainY) = Slice(data.Train, 2000);
        var (testX, testY) = Slice(data.Test, 1000);
        var model = new Sequential(
            new[]
            {
                (Layer)new Conv2D(8, (3, 3), activation: "relu", inputShape: (28, 28, 1)),
                new MaxPooling2D(2, 2),
                new Flatten(),
                new Dense(10, activation: "softmax"),
            },
            seed: 2024);
        model.Compile("adam", "sparse_categorical_crossentropy", new[] { "accuracy" });
        var log = new StringWriter();
        model.Output = log;

        var clock = Stopwatch.StartNew();
        var history = model.Fit(trainX, trainY, batchSize: 32, epochs: 1, verbose: 1);
        var result = model.Evaluate(testX, testY);
        output.WriteLine(log.ToString());
        output.WriteLine($"test: {result} in {clock.Elapsed.TotalSeconds:0.0}s with {model.Kernels.Name} kernels");

        Assert.True(result.Accuracy > 0.6, $"test accuracy {result.Accuracy}");
        Assert.True(history["accuracy"][0] > 0.4);
        var predictions = model.Predict(TestData.Rows(testX, 0, 5));
        for (int i = 0; i < 5; i++)
        {
            double sum = 0;
            for (int c = 0; c < 10; c++) sum += predictions[i, c];
            Assert.Equal(1.0, sum, 4);
        }
    }
}
