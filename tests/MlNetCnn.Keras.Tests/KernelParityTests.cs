using MlNetCnn.Datasets;
using MlNetCnn.Engine;
using MlNetCnn.Keras.Layers;
using MlNetCnn.Kernels;

namespace MlNetCnn.Keras.Tests;

/// <summary>
/// Training with the fast kernels follows training with the reference kernels: the same small CNN, data, seed and
/// batches give weights that agree to float rounding after an epoch, and the same test accuracy within noise.
/// </summary>
public sealed class KernelParityTests
{
    [Fact]
    public void Fast_and_reference_kernels_train_the_same_network()
    {
        var data = FashionMnist.Load(FashionMnist.FindDefaultDirectory());
        var x = new Tensor(400, 28, 28, 1);
        data.Train.GetNormalizedPixels(0, 400, x.Data);
        var y = data.Train.Labels[..400];
        var xTest = new Tensor(300, 28, 28, 1);
        data.Test.GetNormalizedPixels(0, 300, xTest.Data);
        var yTest = data.Test.Labels[..300];

        (EvaluationResult Result, float[] Weights) Train(IKernels kernels)
        {
            using var names = KerasNames.BeginScope();
            var model = new Sequential(new Layer[]
            {
                new Conv2D(8, (3, 3), activation: "relu", inputShape: (28, 28, 1)),
                new MaxPooling2D((2, 2)),
                new Conv2D(8, (3, 3), activation: "relu"),
                new MaxPooling2D((2, 2)),
                new Flatten(),
                new Dense(32, activation: "relu"),
                new Dense(10, activation: "softmax"),
            }, seed: 7);
            model.Compile("adam", "sparse_categorical_crossentropy", new[] { "accuracy" }, kernels, 7);
            model.Fit(x, y, batchSize: 20, epochs: 2, verbose: 0);
            return (model.Evaluate(xTest, yTest, 50), model.GetWeights().SelectMany(w => w.Data).ToArray());
        }

        var reference = Train(new ReferenceKernels());
        using var fastKernels = new FastKernels(2);
        var fast = Train(fastKernels);

        double maxDiff = reference.Weights.Zip(fast.Weights, (a, b) => Math.Abs(a - b)).Max();
        Assert.True(maxDiff < 1e-3, $"weights differ by up to {maxDiff}");
        Assert.InRange(fast.Result.Accuracy, reference.Result.Accuracy - 0.02, reference.Result.Accuracy + 0.02);
        Assert.Equal(reference.Result.Loss, fast.Result.Loss, 2);
    }
}
