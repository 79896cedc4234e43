using System.Globalization;
using System.Text;
using MlNetCnn.Datasets;

namespace FashionMnistClassifier;

/// <summary>
/// Data preparation, not part of what Model Builder generates: writes Fashion-MNIST as the Kaggle-style CSV files
/// a Model Builder user would pick as the data source (<c>fashion-mnist_train.csv</c>, <c>fashion-mnist_test.csv</c>:
/// a header <c>label,pixel1,...,pixel784</c>, then one image per line), from the repository's original IDX files.
/// </summary>
/// <remarks>
/// Kaggle's files hold the class index 0-9 in the label column; these hold the class name ("Ankle boot") instead,
/// so that the model's labels, its confusion table and <c>PredictAllLabels</c> read as clothes, not digits. Kaggle's own
/// files load unchanged (the label column is text either way); the model then predicts "0" to "9".
/// </remarks>
public static class FashionMnistCsv
{
    /// <summary>The training file's name, as on Kaggle.</summary>
    public const string TrainFileName = "fashion-mnist_train.csv";

    /// <summary>The test file's name, as on Kaggle.</summary>
    public const string TestFileName = "fashion-mnist_test.csv";

    private static readonly string[] PixelText = Enumerable.Range(0, 256).Select(v => v.ToString(CultureInfo.InvariantCulture)).ToArray();

    /// <summary>Returns the paths of the two CSV files in <paramref name="dataDirectory"/>, first writing any that is
    /// missing from the IDX files in <paramref name="idxDirectory"/>.</summary>
    /// <param name="dataDirectory">The folder of the CSV files; created when missing.</param>
    /// <param name="idxDirectory">The folder of the four IDX files; null finds the repository's
    /// <c>datasets/fashion-mnist</c> by walking up from the current and the program's folder.</param>
    /// <param name="log">Receives a line for each file written; null for silence.</param>
    /// <returns>The training and the test file's paths.</returns>
    /// <exception cref="DirectoryNotFoundException">A file is missing and no IDX folder was found.</exception>
    public static (string TrainPath, string TestPath) EnsureFiles(string dataDirectory, string? idxDirectory = null, TextWriter? log = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(dataDirectory);
        string trainPath = Path.Combine(dataDirectory, TrainFileName);
        string testPath = Path.Combine(dataDirectory, TestFileName);
        if (File.Exists(trainPath) && File.Exists(testPath))
        {
            return (trainPath, testPath);
        }

        Directory.CreateDirectory(dataDirectory);
        var dataset = FashionMnist.Load(idxDirectory ?? FashionMnist.FindDefaultDirectory());
        foreach (var (split, path) in new[] { (dataset.Train, trainPath), (dataset.Test, testPath) })
        {
            if (!File.Exists(path))
            {
                log?.WriteLine($"Writing {path} ({split.Count:N0} images from {dataset.Directory}); once only.");
                Write(split, path);
            }
        }

        return (trainPath, testPath);
    }

    /// <summary>Writes the first <paramref name="count"/> images of <paramref name="split"/> (all when null) to
    /// <paramref name="path"/>: the header, then <c>class name,pixel1,...,pixel784</c> per image, pixels 0-255 row by
    /// row. The file is written beside the target and renamed over it when complete.</summary>
    /// <param name="split">The images.</param>
    /// <param name="path">The CSV file to write.</param>
    /// <param name="count">How many images, from the first; null for all.</param>
    public static void Write(FashionMnistSplit split, string path, int? count = null)
    {
        ArgumentNullException.ThrowIfNull(split);
        ArgumentException.ThrowIfNullOrEmpty(path);
        int rows = count ?? split.Count;
        ArgumentOutOfRangeException.ThrowIfNegative(rows, nameof(count));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(rows, split.Count, nameof(count));

        string full = Path.GetFullPath(path);
        string temp = Path.Combine(Path.GetDirectoryName(full)!, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var writer = new StreamWriter(temp, false, new UTF8Encoding(false), 1 << 16))
            {
                writer.Write("label");
                for (int i = 1; i <= split.PixelsPerImage; i++)
                {
                    writer.Write(",pixel");
                    writer.Write(i.ToString(CultureInfo.InvariantCulture));
                }

                writer.WriteLine();
                for (int r = 0; r < rows; r++)
                {
                    writer.Write(FashionMnist.ClassNames[split.Labels[r]]);
                    foreach (byte pixel in split.GetImage(r))
                    {
                        writer.Write(',');
                        writer.Write(PixelText[pixel]);
                    }

                    writer.WriteLine();
                }
            }

            File.Move(temp, full, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp))
            {
                File.Delete(temp);
            }
        }
    }
}
