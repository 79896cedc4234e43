namespace MlNetCnn.Datasets.Tests;

public sealed class FashionMnistValidationTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void LoadsASmallFolderGzipOrRaw(bool compress)
    {
        new SyntheticFashionMnist { Compress = compress }.WriteTo(_temp.Path);

        FashionMnistDataset data = FashionMnist.Load(_temp.Path);

        Assert.Equal(3, data.Train.Count);
        Assert.Equal(2, data.Test.Count);
        Assert.Equal([3, 0, 9], data.Train.Labels);
        Assert.Equal([7, 1], data.Test.Labels);
        Assert.Equal(SyntheticFashionMnist.Pixel(3, 1), data.Train.Images);
        Assert.Equal(SyntheticFashionMnist.Pixel(2, 2), data.Test.Images);
    }

    [Fact]
    public void CorruptedCopyOfTheRealFilesFailsTheChecksum()
    {
        foreach (string file in Directory.GetFiles(RepoPaths.FashionMnist))
        {
            File.Copy(file, _temp.File(Path.GetFileName(file)));
        }

        string target = _temp.File("train-labels-idx1-ubyte.gz");
        string expected = IdxFiles.Sha256(target);
        byte[] bytes = File.ReadAllBytes(target);
        bytes[bytes.Length / 2] ^= 0x01;
        File.WriteAllBytes(target, bytes);
        string actual = IdxFiles.Sha256(target);

        var ex = Assert.Throws<InvalidDataException>(() => FashionMnist.Load(_temp.Path));

        Assert.Contains(target, ex.Message);
        Assert.Contains("SHA-256 mismatch", ex.Message);
        Assert.Contains($"expected {expected}", ex.Message);
        Assert.Contains($"actual {actual}", ex.Message);
    }

    [Fact]
    public void ChecksumIsCheckedOnlyWhenAsked()
    {
        new SyntheticFashionMnist().WriteTo(_temp.Path);
        string sums = _temp.File("SHA256SUMS");
        string[] lines = File.ReadAllLines(sums);
        int index = Array.FindIndex(lines, l => l.EndsWith("t10k-images-idx3-ubyte.gz", StringComparison.Ordinal));
        string wrongHash = new('0', 64);
        lines[index] = wrongHash + lines[index][64..];
        File.WriteAllLines(sums, lines);

        var ex = Assert.Throws<InvalidDataException>(() => FashionMnist.Load(_temp.Path));
        Assert.Contains(_temp.File("t10k-images-idx3-ubyte.gz"), ex.Message);
        Assert.Contains($"expected {wrongHash}", ex.Message);

        Assert.Equal(2, FashionMnist.Load(_temp.Path, verifyChecksums: false).Test.Count);
    }

    [Fact]
    public void WithoutChecksumFileTheFolderStillLoads()
    {
        new SyntheticFashionMnist { WriteChecksums = false }.WriteTo(_temp.Path);
        Assert.Equal(3, FashionMnist.Load(_temp.Path).Train.Count);
    }

    [Fact]
    public void FileMissingFromTheChecksumListIsRefused()
    {
        new SyntheticFashionMnist().WriteTo(_temp.Path);
        string sums = _temp.File("SHA256SUMS");
        File.WriteAllLines(sums, File.ReadAllLines(sums).Where(l => !l.EndsWith("train-labels-idx1-ubyte.gz", StringComparison.Ordinal)));

        var ex = Assert.Throws<InvalidDataException>(() => FashionMnist.Load(_temp.Path));
        Assert.Contains(_temp.File("train-labels-idx1-ubyte.gz"), ex.Message);
        Assert.Contains("not listed", ex.Message);
    }

    [Fact]
    public void MalformedChecksumLineIsRefused()
    {
        new SyntheticFashionMnist().WriteTo(_temp.Path);
        string sums = _temp.File("SHA256SUMS");
        File.AppendAllLines(sums, ["# comment lines are fine", string.Empty, "xyz  t10k-images-idx3-ubyte.gz"]);

        var ex = Assert.Throws<InvalidDataException>(() => FashionMnist.Load(_temp.Path));
        Assert.Contains(sums, ex.Message);
        Assert.Contains("line 7", ex.Message);
    }

    [Fact]
    public void LabelOutOfRangeNamesTheRow()
    {
        new SyntheticFashionMnist { TrainLabels = [3, 0, 10] }.WriteTo(_temp.Path);

        var ex = Assert.Throws<InvalidDataException>(() => FashionMnist.Load(_temp.Path));
        Assert.Contains(_temp.File("train-labels-idx1-ubyte.gz"), ex.Message);
        Assert.Contains("row 2 has label 10", ex.Message);
        Assert.Contains("0 to 9", ex.Message);
    }

    [Fact]
    public void DifferentImageAndLabelCountsAreRefused()
    {
        var synthetic = new SyntheticFashionMnist();
        synthetic.WriteTo(_temp.Path);
        synthetic.Replace(_temp.Path, "t10k-labels-idx1-ubyte", IdxFiles.Bytes([3], [1, 2, 3]));

        var ex = Assert.Throws<InvalidDataException>(() => FashionMnist.Load(_temp.Path));
        Assert.Contains(_temp.File("t10k-labels-idx1-ubyte.gz"), ex.Message);
        Assert.Contains("holds 3 labels", ex.Message);
        Assert.Contains("holds 2 images", ex.Message);
    }

    [Fact]
    public void WrongImageShapeIsRefused()
    {
        var synthetic = new SyntheticFashionMnist();
        synthetic.WriteTo(_temp.Path);
        synthetic.Replace(_temp.Path, "train-images-idx3-ubyte", IdxFiles.Bytes([3, 28, 27], new byte[3 * 28 * 27]));

        var ex = Assert.Throws<InvalidDataException>(() => FashionMnist.Load(_temp.Path));
        Assert.Contains(_temp.File("train-images-idx3-ubyte.gz"), ex.Message);
        Assert.Contains("N x 28 x 28", ex.Message);
        Assert.Contains("found 3 x 28 x 27", ex.Message);
    }

    [Fact]
    public void NonByteElementsAreRefused()
    {
        var synthetic = new SyntheticFashionMnist();
        synthetic.WriteTo(_temp.Path);
        synthetic.Replace(_temp.Path, "train-labels-idx1-ubyte", IdxFiles.Build(0x0C, [3], new byte[12]));

        var ex = Assert.Throws<InvalidDataException>(() => FashionMnist.Load(_temp.Path));
        Assert.Contains(_temp.File("train-labels-idx1-ubyte.gz"), ex.Message);
        Assert.Contains("found 32-bit integer (0x0C)", ex.Message);
    }

    [Fact]
    public void MissingFileOrFolderIsReported()
    {
        new SyntheticFashionMnist().WriteTo(_temp.Path);
        File.Delete(_temp.File("t10k-images-idx3-ubyte.gz"));

        var ex = Assert.Throws<FileNotFoundException>(() => FashionMnist.Load(_temp.Path));
        Assert.Contains("t10k-images-idx3-ubyte.gz", ex.Message);
        Assert.Throws<DirectoryNotFoundException>(() => FashionMnist.Load(_temp.File("absent")));
    }

    [Fact]
    public void FindDefaultDirectoryWalksUpFromEachStart()
    {
        string data = Directory.CreateDirectory(Path.Combine(_temp.Path, "repo", "datasets", "fashion-mnist")).FullName;
        File.WriteAllText(Path.Combine(data, "SHA256SUMS"), string.Empty);
        string nested = Directory.CreateDirectory(Path.Combine(_temp.Path, "repo", "src", "bin", "Release")).FullName;
        string elsewhere = Directory.CreateDirectory(Path.Combine(_temp.Path, "elsewhere")).FullName;

        Assert.Equal(data, FashionMnist.FindDefaultDirectory([elsewhere, nested]));
    }

    [Fact]
    public void FindDefaultDirectoryExplainsAFailure()
    {
        string elsewhere = Directory.CreateDirectory(Path.Combine(_temp.Path, "elsewhere")).FullName;

        var ex = Assert.Throws<DirectoryNotFoundException>(() => FashionMnist.FindDefaultDirectory([elsewhere]));
        Assert.Contains(elsewhere, ex.Message);
        Assert.Contains(Path.Combine("datasets", "fashion-mnist", "SHA256SUMS"), ex.Message);
        Assert.Contains("--data-dir", ex.Message);
    }
}
