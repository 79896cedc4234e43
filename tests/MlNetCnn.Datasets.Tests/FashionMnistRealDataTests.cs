namespace MlNetCnn.Datasets.Tests;

/// <summary>Loads the committed datasets/fashion-mnist once for all tests of the class.</summary>
public sealed class FashionMnistFixture
{
    public FashionMnistFixture()
    {
        Directory = FashionMnist.FindDefaultDirectory();
        Data = FashionMnist.Load(Directory);
    }

    public string Directory { get; }

    public FashionMnistDataset Data { get; }
}

public sealed class FashionMnistRealDataTests(FashionMnistFixture fixture) : IClassFixture<FashionMnistFixture>
{
    private readonly FashionMnistDataset _data = fixture.Data;

    [Fact]
    public void FindsTheRepositoryFolder()
    {
        Assert.Equal(Path.GetFullPath(RepoPaths.FashionMnist), fixture.Directory);
        Assert.Equal(fixture.Directory, _data.Directory);
    }

    [Fact]
    public void SplitsHaveTheDocumentedCountsAndShapes()
    {
        AssertShape(_data.Train, "train", 60_000);
        AssertShape(_data.Test, "test", 10_000);

        static void AssertShape(FashionMnistSplit split, string name, int count)
        {
            Assert.Equal(name, split.Name);
            Assert.Equal(count, split.Count);
            Assert.Equal(28, split.Height);
            Assert.Equal(28, split.Width);
            Assert.Equal(784, split.PixelsPerImage);
            Assert.Equal(count * 28 * 28, split.Images.Length);
            Assert.Equal(count, split.Labels.Length);
        }
    }

    [Fact]
    public void EveryClassHasTheSameNumberOfImages()
    {
        Assert.All(Histogram(_data.Train.Labels), n => Assert.Equal(6000, n));
        Assert.All(Histogram(_data.Test.Labels), n => Assert.Equal(1000, n));
    }

    [Fact]
    public void FirstLabelsMatchTheFiles()
    {
        // Read from the decompressed label files with an independent tool when this test was written.
        Assert.Equal([9, 0, 0, 3, 0], _data.Train.Labels[..5]);
        Assert.Equal([9, 2, 1, 1, 6], _data.Test.Labels[..5]);
        Assert.Equal("Ankle boot", FashionMnist.ClassNames[_data.Train.Labels[0]]);
        Assert.Equal("Ankle boot", FashionMnist.ClassNames[_data.Test.Labels[0]]);
    }

    [Fact]
    public void FirstImagesMatchTheFiles()
    {
        // Pixel sums and maxima of image 0, computed with an independent IDX decoder when this test was written:
        // they pin the row-major order and the 16-byte header offset.
        Assert.Equal(76247, Sum(_data.Train.GetImage(0)));
        Assert.Equal(33456, Sum(_data.Test.GetImage(0)));
        Assert.Equal(255, _data.Train.GetImage(0).ToArray().Max());
        Assert.Equal(_data.Train.Images.AsSpan(784, 784), _data.Train.GetImage(1));
    }

    [Fact]
    public void ClassNamesAreTheKerasNames()
    {
        Assert.Equal(
            ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"],
            FashionMnist.ClassNames);
        Assert.Equal(FashionMnist.ClassCount, FashionMnist.ClassNames.Count);
    }

    [Fact]
    public void NormalizedPixelsAreBytesOver255WithoutAllocating()
    {
        FashionMnistSplit test = _data.Test;
        var destination = new float[(3 * 784) + 5];
        destination.AsSpan().Fill(-7f);
        test.GetNormalizedPixels(0, 1, destination); // warm up

        long before = GC.GetAllocatedBytesForCurrentThread();
        test.GetNormalizedPixels(9997, 3, destination);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
        for (int i = 0; i < 3 * 784; i++)
        {
            Assert.Equal((float)(test.Images[(9997 * 784) + i] / 255.0), destination[i]);
        }

        Assert.All(destination[(3 * 784)..], v => Assert.Equal(-7f, v));
        Assert.Contains(1f, destination);
        Assert.Contains(0f, destination);
    }

    [Fact]
    public void NormalizedPixelsCheckTheRange()
    {
        FashionMnistSplit test = _data.Test;
        var buffer = new float[2 * 784];
        test.GetNormalizedPixels(9999, 0, Span<float>.Empty);

        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => test.GetNormalizedPixels(9999, 2, buffer));
        Assert.Contains("rows 0 to 9999", ex.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => test.GetNormalizedPixels(-1, 1, buffer));
        Assert.Throws<ArgumentOutOfRangeException>(() => test.GetNormalizedPixels(0, -1, buffer));
        Assert.Throws<ArgumentOutOfRangeException>(() => test.GetNormalizedPixels(int.MaxValue, 2, buffer));
        var shortEx = Assert.Throws<ArgumentOutOfRangeException>(() => test.GetNormalizedPixels(0, 3, buffer));
        Assert.Contains("2352 floats", shortEx.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => test.GetImage(10_000));
    }

    private static int[] Histogram(byte[] labels)
    {
        var counts = new int[FashionMnist.ClassCount];
        foreach (byte label in labels)
        {
            counts[label]++;
        }

        return counts;
    }

    private static int Sum(ReadOnlySpan<byte> pixels)
    {
        int sum = 0;
        foreach (byte p in pixels)
        {
            sum += p;
        }

        return sum;
    }
}
