namespace MlNetCnn.Datasets;

/// <summary>Loads Fashion-MNIST (Zalando, MIT license) from its four original IDX files.</summary>
public static class FashionMnist
{
    /// <summary>The image height in pixels.</summary>
    public const int ImageHeight = 28;

    /// <summary>The image width in pixels.</summary>
    public const int ImageWidth = 28;

    /// <summary>The number of classes; labels are 0 to 9.</summary>
    public const int ClassCount = 10;

    /// <summary>The name of the checksum list looked for in the data folder.</summary>
    public const string ChecksumFileName = "SHA256SUMS";

    /// <summary>The data folder's path below the repository root.</summary>
    internal static readonly string RepositoryRelativeDirectory = Path.Combine("datasets", "fashion-mnist");

    private static readonly string[] Names =
        ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"];

    /// <summary>
    /// The class names by label, as the Keras documentation spells them: 0 "T-shirt/top", 1 "Trouser", 2 "Pullover",
    /// 3 "Dress", 4 "Coat", 5 "Sandal", 6 "Shirt", 7 "Sneaker", 8 "Bag", 9 "Ankle boot".
    /// </summary>
    public static IReadOnlyList<string> ClassNames { get; } = Array.AsReadOnly(Names);

    /// <summary>
    /// Reads the training and test splits from <paramref name="directory"/>, which holds
    /// <c>train-images-idx3-ubyte.gz</c>, <c>train-labels-idx1-ubyte.gz</c>, <c>t10k-images-idx3-ubyte.gz</c> and
    /// <c>t10k-labels-idx1-ubyte.gz</c> (or the same names without <c>.gz</c>, uncompressed).
    /// </summary>
    /// <param name="directory">The folder with the four files, e.g. <see cref="FindDefaultDirectory()"/>.</param>
    /// <param name="verifyChecksums">When true and the folder has a <c>SHA256SUMS</c> file, each file is hashed and
    /// compared with its listed SHA-256 before it is parsed; a file missing from the list is an error too.</param>
    /// <returns>The two splits.</returns>
    /// <remarks>Checks, in order: checksums; each file is a valid IDX file of unsigned bytes (see
    /// <see cref="IdxReader"/>); images are N x 28 x 28 and labels N with the same N; every label is 0..9.</remarks>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    /// <exception cref="FileNotFoundException">One of the four files is missing.</exception>
    /// <exception cref="InvalidDataException">A checksum differs, or a file has the wrong content; the message names
    /// the file (and, for a bad label, the row).</exception>
    public static FashionMnistDataset Load(string directory, bool verifyChecksums = true)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        if (!Directory.Exists(directory))
        {
            throw new DirectoryNotFoundException($"The Fashion-MNIST folder '{directory}' does not exist.");
        }

        string sumsPath = Path.Combine(directory, ChecksumFileName);
        Sha256Sums? sums = verifyChecksums && File.Exists(sumsPath) ? Sha256Sums.Load(sumsPath) : null;

        var train = LoadSplit(directory, "train", "train", sums);
        var test = LoadSplit(directory, "t10k", "test", sums);
        return new FashionMnistDataset(Path.GetFullPath(directory), train, test);
    }

    /// <summary>
    /// Finds the repository's <c>datasets/fashion-mnist</c> folder by walking up from the current directory, then from
    /// <see cref="AppContext.BaseDirectory"/>, to the first folder that contains <c>datasets/fashion-mnist/SHA256SUMS</c>.
    /// </summary>
    /// <returns>The full path of the <c>datasets/fashion-mnist</c> folder.</returns>
    /// <exception cref="DirectoryNotFoundException">No such folder above either start; the message lists what was searched.</exception>
    public static string FindDefaultDirectory() =>
        FindDefaultDirectory([Directory.GetCurrentDirectory(), AppContext.BaseDirectory]);

    /// <summary>As <see cref="FindDefaultDirectory()"/>, walking up from each of <paramref name="startDirectories"/> in turn.</summary>
    internal static string FindDefaultDirectory(IEnumerable<string> startDirectories)
    {
        var searched = new List<string>();
        foreach (string start in startDirectories)
        {
            for (var dir = new DirectoryInfo(Path.GetFullPath(start)); dir is not null; dir = dir.Parent)
            {
                string candidate = Path.Combine(dir.FullName, RepositoryRelativeDirectory);
                if (File.Exists(Path.Combine(candidate, ChecksumFileName)))
                {
                    return candidate;
                }
            }

            searched.Add(Path.GetFullPath(start));
        }

        throw new DirectoryNotFoundException(
            $"Could not find the Fashion-MNIST data: no folder containing " +
            $"{Path.Combine(RepositoryRelativeDirectory, ChecksumFileName)} in or above {string.Join(" or ", searched)}. " +
            "Run from inside the MlNetCnn repository (its datasets folder holds the data) or pass the folder with the " +
            "four Fashion-MNIST IDX files explicitly (e.g. --data-dir).");
    }

    private static FashionMnistSplit LoadSplit(string directory, string filePrefix, string splitName, Sha256Sums? sums)
    {
        string imagesPath = FindFile(directory, $"{filePrefix}-images-idx3-ubyte");
        string labelsPath = FindFile(directory, $"{filePrefix}-labels-idx1-ubyte");
        sums?.Verify(imagesPath);
        sums?.Verify(labelsPath);

        IdxArray images = IdxReader.Read(imagesPath);
        IdxArray labels = IdxReader.Read(labelsPath);
        RequireUnsignedBytes(images);
        RequireUnsignedBytes(labels);

        var imageDims = images.Dimensions;
        if (imageDims.Count != 3 || imageDims[1] != ImageHeight || imageDims[2] != ImageWidth)
        {
            throw new InvalidDataException(
                $"{imagesPath}: expected Fashion-MNIST images of shape N x {ImageHeight} x {ImageWidth}, " +
                $"found {string.Join(" x ", imageDims)}.");
        }

        if (labels.Dimensions.Count != 1)
        {
            throw new InvalidDataException(
                $"{labelsPath}: expected a vector of N labels, found shape {string.Join(" x ", labels.Dimensions)}.");
        }

        if (labels.Dimensions[0] != imageDims[0])
        {
            throw new InvalidDataException(
                $"{labelsPath}: holds {labels.Dimensions[0]} labels, but {imagesPath} holds {imageDims[0]} images; " +
                "the counts of a split must be equal.");
        }

        byte[] labelBytes = labels.GetData<byte>();
        int bad = labelBytes.AsSpan().IndexOfAnyInRange((byte)ClassCount, byte.MaxValue);
        if (bad >= 0)
        {
            throw new InvalidDataException(
                $"{labelsPath}: row {bad} has label {labelBytes[bad]}; expected 0 to {ClassCount - 1}.");
        }

        return new FashionMnistSplit(splitName, images.GetData<byte>(), labelBytes);
    }

    /// <summary>The <c>.gz</c> file if present, else the uncompressed one.</summary>
    private static string FindFile(string directory, string baseName)
    {
        string gz = Path.Combine(directory, baseName + ".gz");
        if (File.Exists(gz))
        {
            return gz;
        }

        string raw = Path.Combine(directory, baseName);
        if (File.Exists(raw))
        {
            return raw;
        }

        throw new FileNotFoundException(
            $"The Fashion-MNIST file {baseName}.gz (or uncompressed {baseName}) is missing from '{directory}'.", gz);
    }

    private static void RequireUnsignedBytes(IdxArray array)
    {
        if (array.DataType != IdxDataType.UnsignedByte)
        {
            throw new InvalidDataException(
                $"{array.SourcePath}: expected IDX elements of {IdxDataTypes.Describe(IdxDataType.UnsignedByte)}, " +
                $"found {IdxDataTypes.Describe(array.DataType)}.");
        }
    }
}
