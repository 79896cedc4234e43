using MlNetCnn;
using MlNetCnn.Datasets;

namespace FashionMnistClassifier;

/// <summary>The images the consumption app predicts, with their true class names.</summary>
internal static class SampleImages
{
    /// <summary>Reads the first <paramref name="count"/> rows of a Kaggle-style CSV (<c>label,pixel1..pixel784</c>
    /// with a header), the way the training code reads it.</summary>
    /// <param name="path">The CSV file.</param>
    /// <param name="count">The number of rows to read at most.</param>
    /// <returns>The inputs (label cleared) and their true labels.</returns>
    public static (FashionMnistCnn.ModelInput[] Inputs, string[] Truth) FromCsv(string path, int count)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"The data file '{path}' does not exist.", path);
        }

        var mlContext = new MLContext();
        var data = mlContext.Data.TakeRows(mlContext.Data.LoadFromTextFile<FashionMnistCnn.ModelInput>(path, separatorChar: ',', hasHeader: true), count);
        var inputs = mlContext.Data.CreateEnumerable<FashionMnistCnn.ModelInput>(data, reuseRowObject: false).ToArray();
        var truth = inputs.Select(i => i.Label).ToArray();
        foreach (var input in inputs)
        {
            input.Label = string.Empty;
        }

        return (inputs, truth);
    }

    /// <summary>Takes the first <paramref name="count"/> images of the Fashion-MNIST test split from the repository's
    /// IDX files and fills a <see cref="FashionMnistCnn.ModelInput"/> with each, as an application does with the
    /// pixels of its own 28 x 28 grayscale images.</summary>
    /// <param name="count">The number of images at most.</param>
    /// <returns>The inputs and their true labels.</returns>
    public static (FashionMnistCnn.ModelInput[] Inputs, string[] Truth) FromRepositoryTestSet(int count)
    {
        var test = FashionMnist.Load(FashionMnist.FindDefaultDirectory()).Test;
        int n = Math.Min(count, test.Count);
        var inputs = new FashionMnistCnn.ModelInput[n];
        var truth = new string[n];
        for (int r = 0; r < n; r++)
        {
            var pixels = new float[test.PixelsPerImage];
            var image = test.GetImage(r);
            for (int p = 0; p < pixels.Length; p++)
            {
                pixels[p] = image[p];
            }

            inputs[r] = new FashionMnistCnn.ModelInput { Pixels = pixels };
            truth[r] = FashionMnist.ClassNames[test.Labels[r]];
        }

        return (inputs, truth);
    }
}
