using MlNetCnn.Keras;
using MlNetCnn.Keras.Layers;

namespace MlNetCnn.Vision;

/// <summary>
/// The built-in networks of <see cref="ImageClassificationTrainer"/>: their input (size, colour mode) and layers.
/// ML.NET's pretrained architectures cannot be downloaded here, so their enum values train <see cref="ImageClassificationTrainer.Architecture.ColorCnn"/>
/// from scratch.
/// </summary>
internal static class ImageArchitectures
{
    /// <summary>The input of the seeds' network: 28 x 28 gray (Fashion-MNIST).</summary>
    public static readonly ImageInput SmallCnnInput = new(28, 28, 1);

    /// <summary>The input of the colour network: 64 x 64 RGB.</summary>
    public static readonly ImageInput ColorCnnInput = new(64, 64, 3);

    /// <summary>Whether <paramref name="arch"/> is a defined value.</summary>
    public static bool IsDefined(ImageClassificationTrainer.Architecture arch) => Enum.IsDefined(arch);

    /// <summary>The network <paramref name="arch"/> trains: ML.NET's four values map to
    /// <see cref="ImageClassificationTrainer.Architecture.ColorCnn"/>.</summary>
    public static ImageClassificationTrainer.Architecture Resolve(ImageClassificationTrainer.Architecture arch) => arch switch
    {
        ImageClassificationTrainer.Architecture.SmallCnn => ImageClassificationTrainer.Architecture.SmallCnn,
        ImageClassificationTrainer.Architecture.ColorCnn or ImageClassificationTrainer.Architecture.ResnetV2101
            or ImageClassificationTrainer.Architecture.InceptionV3 or ImageClassificationTrainer.Architecture.MobilenetV2
            or ImageClassificationTrainer.Architecture.ResnetV250 => ImageClassificationTrainer.Architecture.ColorCnn,
        _ => throw Unknown(arch),
    };

    /// <summary>The input of <paramref name="arch"/>.</summary>
    public static ImageInput InputOf(ImageClassificationTrainer.Architecture arch)
        => Resolve(arch) == ImageClassificationTrainer.Architecture.SmallCnn ? SmallCnnInput : ColorCnnInput;

    /// <summary>Builds an untrained network of <paramref name="arch"/> for <paramref name="classes"/> classes.</summary>
    public static Sequential Build(ImageClassificationTrainer.Architecture arch, int classes, int seed)
    {
        if (Resolve(arch) == ImageClassificationTrainer.Architecture.SmallCnn)
        {
            var input = SmallCnnInput;
            return Applications.FashionMnistCnn(input.Height, input.Width, input.Channels, classes, seed);
        }

        var color = ColorCnnInput;
        return new Sequential(
            new Layer[]
            {
                new InputLayer(new Shape(color.Height, color.Width, color.Channels), "image"),
                new Conv2D(32, (3, 3), padding: "same", activation: "relu"),
                new MaxPooling2D((2, 2)),
                new Conv2D(64, (3, 3), padding: "same", activation: "relu"),
                new MaxPooling2D((2, 2)),
                new Conv2D(128, (3, 3), padding: "same", activation: "relu"),
                new MaxPooling2D((2, 2)),
                new Flatten(),
                new Dense(128, activation: "relu"),
                new Dropout(0.5f),
                new Dense(classes, activation: "softmax"),
            },
            seed: seed);
    }

    /// <summary>The error for an undefined architecture value.</summary>
    public static ArgumentOutOfRangeException Unknown(ImageClassificationTrainer.Architecture arch)
        => new(nameof(ImageClassificationTrainer.Options.Arch), arch,
            $"Unknown architecture {(int)arch}; use one of {string.Join(", ", Enum.GetNames<ImageClassificationTrainer.Architecture>())}.");
}
