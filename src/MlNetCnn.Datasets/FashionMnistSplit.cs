namespace MlNetCnn.Datasets;

/// <summary>One split of Fashion-MNIST (train or test): <see cref="Count"/> grayscale images and their labels.</summary>
public sealed class FashionMnistSplit
{
    /// <summary>x / 255 for every byte value x, computed once (float division rounds exactly like (float)(x / 255.0)).</summary>
    private static readonly float[] NormalizedByte = CreateNormalizedTable();

    internal FashionMnistSplit(string name, byte[] images, byte[] labels)
    {
        Name = name;
        Images = images;
        Labels = labels;
    }

    /// <summary>"train" or "test".</summary>
    public string Name { get; }

    /// <summary>The number of images (60,000 for train, 10,000 for test).</summary>
    public int Count => Labels.Length;

    /// <summary>The image height in pixels: 28.</summary>
    public int Height => FashionMnist.ImageHeight;

    /// <summary>The image width in pixels: 28.</summary>
    public int Width => FashionMnist.ImageWidth;

    /// <summary>The number of pixels per image: <see cref="Height"/> * <see cref="Width"/> = 784.</summary>
    public int PixelsPerImage => FashionMnist.ImageHeight * FashionMnist.ImageWidth;

    /// <summary>
    /// All pixels, <see cref="Count"/> * 28 * 28 bytes, image after image, each row-major: pixel (row r, column c) of
    /// image i is at <c>i * 784 + r * 28 + c</c>. 0 is background, 255 full ink. Shared, not a copy: do not modify.
    /// </summary>
    public byte[] Images { get; }

    /// <summary>The class of each image, 0..9 (see <see cref="FashionMnist.ClassNames"/>). Shared, not a copy: do not modify.</summary>
    public byte[] Labels { get; }

    /// <summary>The pixels of one image (784 bytes, row-major), without copying.</summary>
    /// <param name="row">The image index, 0 to <see cref="Count"/> - 1.</param>
    /// <returns>A view into <see cref="Images"/>.</returns>
    public ReadOnlySpan<byte> GetImage(int row)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(row);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(row, Count);
        return Images.AsSpan(row * PixelsPerImage, PixelsPerImage);
    }

    /// <summary>
    /// Writes the pixels of images <paramref name="startRow"/> .. <paramref name="startRow"/> + <paramref name="rowCount"/> - 1
    /// as floats in [0, 1] into <paramref name="destination"/>, image after image, each row-major. Allocates nothing.
    /// </summary>
    /// <param name="startRow">The first image index.</param>
    /// <param name="rowCount">The number of images; 0 writes nothing.</param>
    /// <param name="destination">Receives <paramref name="rowCount"/> * 784 values in its first elements; the rest is untouched.</param>
    /// <remarks>Each value is <c>x / 255</c> rounded to float, x the byte pixel: 0 maps to 0, 255 to exactly 1.</remarks>
    /// <exception cref="ArgumentOutOfRangeException">The range is not inside 0..<see cref="Count"/>, or
    /// <paramref name="destination"/> is shorter than <paramref name="rowCount"/> * 784.</exception>
    public void GetNormalizedPixels(int startRow, int rowCount, Span<float> destination)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(startRow);
        ArgumentOutOfRangeException.ThrowIfNegative(rowCount);
        if (startRow > Count - rowCount)
        {
            throw new ArgumentOutOfRangeException(
                nameof(rowCount),
                $"Rows {startRow} to {(long)startRow + rowCount - 1} are outside the {Name} split, which has rows 0 to {Count - 1}.");
        }

        int length = rowCount * PixelsPerImage;
        if (destination.Length < length)
        {
            throw new ArgumentOutOfRangeException(
                nameof(destination),
                $"{rowCount} images need {length} floats, but the destination holds only {destination.Length}.");
        }

        ReadOnlySpan<byte> source = Images.AsSpan(startRow * PixelsPerImage, length);
        ReadOnlySpan<float> table = NormalizedByte;
        Span<float> target = destination[..length];
        for (int i = 0; i < target.Length; i++)
        {
            target[i] = table[source[i]];
        }
    }

    private static float[] CreateNormalizedTable()
    {
        var table = new float[256];
        for (int x = 0; x < table.Length; x++)
        {
            table[x] = x / 255f;
        }

        return table;
    }
}
