namespace MlNetCnn.Datasets;

/// <summary>Fashion-MNIST as loaded by <see cref="FashionMnist.Load"/>: a training and a test split.</summary>
public sealed class FashionMnistDataset
{
    internal FashionMnistDataset(string directory, FashionMnistSplit train, FashionMnistSplit test)
    {
        Directory = directory;
        Train = train;
        Test = test;
    }

    /// <summary>The folder the files were read from.</summary>
    public string Directory { get; }

    /// <summary>The training split: 60,000 images from train-images-idx3-ubyte and train-labels-idx1-ubyte.</summary>
    public FashionMnistSplit Train { get; }

    /// <summary>The test split: 10,000 images from t10k-images-idx3-ubyte and t10k-labels-idx1-ubyte.</summary>
    public FashionMnistSplit Test { get; }
}
