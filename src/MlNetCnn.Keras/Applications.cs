using MlNetCnn.Keras.Layers;

namespace MlNetCnn.Keras;

/// <summary>Ready-made architectures.</summary>
public static class Applications
{
    /// <summary>
    /// The course's Fashion-MNIST CNN: Conv2D(64, 3x3, relu) -> MaxPooling2D(2x2) -> Conv2D(64, 3x3, relu) ->
    /// MaxPooling2D(2x2) -> Flatten -> Dense(128, relu) -> Dense(classes, softmax).
    /// </summary>
    /// <remarks>
    /// On a 28x28x1 input the output shapes are (26, 26, 64), (13, 13, 64), (11, 11, 64), (5, 5, 64), (1600), (128),
    /// (10), with 640 + 36,928 + 204,928 + 1,290 = 243,786 parameters. The input must be at least 10x10 (two valid 3x3
    /// convolutions and two 2x2 poolings must each leave at least one cell); smaller inputs are refused at build time.
    /// </remarks>
    /// <param name="inputHeight">Image height.</param>
    /// <param name="inputWidth">Image width.</param>
    /// <param name="channels">1 for grayscale, 3 for RGB.</param>
    /// <param name="classes">The number of classes of the softmax output.</param>
    /// <param name="seed">Seeds the weight initialization and shuffling; null for Keras's default behaviour of a fixed seed 0.</param>
    public static Sequential FashionMnistCnn(int inputHeight = 28, int inputWidth = 28, int channels = 1, int classes = 10, int? seed = null)
    {
        if (classes < 2) throw new ArgumentOutOfRangeException(nameof(classes), classes, "A classifier needs at least 2 classes.");
        return new Sequential(new Layer[]
        {
            new Conv2D(64, (3, 3), activation: "relu", inputShape: new Shape(inputHeight, inputWidth, channels)),
            new MaxPooling2D((2, 2)),
            new Conv2D(64, (3, 3), activation: "relu"),
            new MaxPooling2D((2, 2)),
            new Flatten(),
            new Dense(128, activation: "relu"),
            new Dense(classes, activation: "softmax"),
        }, seed: seed);
    }
}
