using System.Globalization;

namespace FashionMnistClassifier;

/// <summary>The command line of the training app.</summary>
internal sealed class TrainingArguments
{
    /// <summary>The help text.</summary>
    public const string Usage = """
        usage: FashionMnistCnn [--epochs N] [--limit N] [--model PATH] [--data-dir DIR] [--seed N] [--samples N]
          --epochs N     passes over the training data (default 5, the course's epochs=5)
          --limit N      use only the first N rows of the training and of the test file (quick runs)
          --model PATH   where to save the model (default FashionMnistCnn.zip beside the program)
          --data-dir DIR the folder of fashion-mnist_train.csv and fashion-mnist_test.csv (default data/ beside the
                         program); missing files are written there from the repository's datasets/fashion-mnist
          --seed N       the MLContext seed (default 1)
          --samples N    test images to predict with the reloaded model (default 5)
        """;

    /// <summary>The number of epochs.</summary>
    public int Epochs { get; private set; } = FashionMnistCnn.RetrainEpoch;

    /// <summary>The row limit of each file, or null for all rows.</summary>
    public int? Limit { get; private set; }

    /// <summary>The model file to write.</summary>
    public string ModelPath { get; private set; } = FashionMnistCnn.MLNetModelPath;

    /// <summary>The folder of the CSV files.</summary>
    public string DataDirectory { get; private set; } = Path.GetDirectoryName(FashionMnistCnn.RetrainFilePath)!;

    /// <summary>The MLContext seed.</summary>
    public int Seed { get; private set; } = 1;

    /// <summary>How many test images to predict after reloading.</summary>
    public int Samples { get; private set; } = 5;

    /// <summary>Whether help was asked for.</summary>
    public bool Help { get; private set; }

    /// <summary>Parses the command line.</summary>
    /// <param name="args">The arguments.</param>
    /// <returns>The options.</returns>
    /// <exception cref="ArgumentException">An unknown option, a missing value or a value out of range; the message
    /// names the option.</exception>
    public static TrainingArguments Parse(IReadOnlyList<string> args)
    {
        var result = new TrainingArguments();
        for (int i = 0; i < args.Count; i++)
        {
            string name = args[i];
            switch (name)
            {
                case "-h" or "--help":
                    result.Help = true;
                    break;
                case "--epochs":
                    result.Epochs = ParseInt(args, ++i, name, minimum: 1);
                    break;
                case "--limit":
                    result.Limit = ParseInt(args, ++i, name, minimum: 1);
                    break;
                case "--model":
                    result.ModelPath = Value(args, ++i, name);
                    break;
                case "--data-dir":
                    result.DataDirectory = Value(args, ++i, name);
                    break;
                case "--seed":
                    result.Seed = ParseInt(args, ++i, name, minimum: int.MinValue);
                    break;
                case "--samples":
                    result.Samples = ParseInt(args, ++i, name, minimum: 0);
                    break;
                default:
                    throw new ArgumentException($"unknown option '{name}'.");
            }
        }

        return result;
    }

    private static string Value(IReadOnlyList<string> args, int index, string name)
        => index < args.Count && args[index].Length > 0 ? args[index] : throw new ArgumentException($"{name} needs a value.");

    private static int ParseInt(IReadOnlyList<string> args, int index, string name, int minimum)
    {
        string text = Value(args, index, name);
        if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int value) || value < minimum)
        {
            throw new ArgumentException($"{name} expects an integer of at least {minimum}, got '{text}'.");
        }

        return value;
    }
}
