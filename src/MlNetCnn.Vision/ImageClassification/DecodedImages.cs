using MlNetCnn.Data;
using MlNetCnn.Engine;
using MlNetCnn.Imaging;
using MlNetCnn.Transforms;

namespace MlNetCnn.Vision;

/// <summary>
/// The images of a data view decoded once into memory for training: preprocessed pixels back to back (see
/// <see cref="ImageInput"/>) and 0-based class indices. Rows are read in chunks and each chunk is decoded in
/// parallel; the result does not depend on the thread count.
/// </summary>
internal sealed class DecodedImages
{
    private const int ChunkRows = 256;

    private DecodedImages(float[] pixels, int[] labels, int count, int size)
    {
        Pixels = pixels;
        Labels = labels;
        Count = count;
        Size = size;
    }

    /// <summary>The preprocessed images, <see cref="Size"/> floats each (the array may be longer).</summary>
    public float[] Pixels { get; }

    /// <summary>The 0-based class of each image (the array may be longer).</summary>
    public int[] Labels { get; }

    /// <summary>The number of images.</summary>
    public int Count { get; }

    /// <summary>The floats of one image.</summary>
    public int Size { get; }

    /// <summary>Rows skipped because the label was missing (key 0).</summary>
    public long MissingLabels { get; private init; }

    /// <summary>Rows skipped because the image was empty or could not be decoded: (row, reason), in row
    /// order.</summary>
    public IReadOnlyList<(long Row, string Reason)> BadImages { get; private init; } = Array.Empty<(long, string)>();

    /// <summary>Reads the label and image of every row (one cursor pass) and preprocesses the images.</summary>
    /// <exception cref="InvalidOperationException">The images do not fit in memory arrays.</exception>
    public static DecodedImages Read(IDataView data, DataViewSchema.Column label, DataViewSchema.Column image, ImageInput input,
        int threads, CancellationToken cancellation)
    {
        int size = input.Size;
        long maxRows = Array.MaxLength / size;
        long? known = data.GetRowCount();
        int capacity = (int)Math.Clamp(known ?? ChunkRows, 1, maxRows);
        var pixels = new float[(long)capacity * size];
        var labels = new int[capacity];
        int count = 0;
        long missing = 0;
        var bad = new List<(long, string)>();
        var chunkBytes = new byte[ChunkRows][];
        var chunkRows = new long[ChunkRows];
        var chunkLabels = new int[ChunkRows];
        var failures = new string?[ChunkRows];
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = threads > 0 ? threads : -1, CancellationToken = cancellation };
        using var cursor = data.GetRowCursor(new[] { label, image });
        var readLabel = KeyReader.Scalar(cursor, label);
        var readImage = cursor.GetGetter<VBuffer<byte>>(image);
        VBuffer<byte> bytes = default;
        VBuffer<byte> dense = default;
        bool more = true;
        while (more)
        {
            int filled = 0;
            while (filled < ChunkRows && (more = cursor.MoveNext()))
            {
                ulong key = readLabel();
                if (key == 0)
                {
                    missing++;
                    continue;
                }

                readImage(ref bytes);
                chunkBytes[filled] = ImageClassificationModelParameters.DenseBytes(in bytes, ref dense).ToArray();
                chunkRows[filled] = cursor.Position;
                chunkLabels[filled] = (int)(key - 1);
                filled++;
            }

            cancellation.ThrowIfCancellationRequested();
            if (filled == 0)
            {
                break;
            }

            if ((long)count + filled > labels.Length)
            {
                long grown = Math.Min(Math.Max(2L * labels.Length, (long)count + filled), maxRows);
                if (grown < (long)count + filled)
                {
                    throw new InvalidOperationException($"The data has more than {maxRows} images of {input}, more than memory arrays can hold.");
                }

                Array.Resize(ref labels, (int)grown);
                Array.Resize(ref pixels, (int)(grown * size));
            }

            int start = count;
            Parallel.For(0, filled, parallel, i => failures[i] = Decode(input, chunkBytes[i], pixels.AsSpan((start + i) * size, size), chunkRows[i], image.Name));
            for (int i = 0; i < filled; i++)
            {
                chunkBytes[i] = Array.Empty<byte>();
                if (failures[i] is { } reason)
                {
                    bad.Add((chunkRows[i], reason));
                    continue;
                }

                if (count != start + i)
                {
                    Array.Copy(pixels, (start + i) * size, pixels, count * size, size);
                }

                labels[count++] = chunkLabels[i];
            }
        }

        return new DecodedImages(pixels, labels, count, size) { MissingLabels = missing, BadImages = bad };
    }

    /// <summary>Splits off floor(Count * fraction) random images (at least 1, leaving at least 1).</summary>
    public (DecodedImages Train, DecodedImages Validation) Split(float fraction, int seed)
    {
        int validation = Math.Clamp((int)(Count * (double)fraction), 1, Count - 1);
        var order = Enumerable.Range(0, Count).ToArray();
        new Random(seed).Shuffle(order);
        return (Take(order.AsSpan(validation)), Take(order.AsSpan(0, validation)));
    }

    /// <summary>The images as a tensor (count, height, width, channels); it shares the array when that holds exactly
    /// the images.</summary>
    public Tensor ImageTensor(ImageInput input)
    {
        int length = Count * Size;
        return new Tensor(new[] { Count, input.Height, input.Width, input.Channels }, Pixels.Length == length ? Pixels : Pixels.AsSpan(0, length).ToArray());
    }

    /// <summary>The class indices of the images.</summary>
    public int[] LabelArray() => Labels.AsSpan(0, Count).ToArray();

    /// <summary>The class indices as a tensor (count), as Keras's validation data takes them.</summary>
    public Tensor LabelTensor() => new(new[] { Count }, Labels.AsSpan(0, Count).ToArray().Select(l => (float)l).ToArray());

    /// <summary>Preprocesses one image; returns null on success, or why it failed.</summary>
    private static string? Decode(ImageInput input, byte[] bytes, Span<float> destination, long row, string column)
    {
        if (bytes.Length == 0)
        {
            return $"column '{column}' is empty";
        }

        try
        {
            input.Featurize(bytes, destination, $"row {row}, column '{column}'");
            return null;
        }
        catch (ImageFormatException e)
        {
            return e.Problem;
        }
    }

    private DecodedImages Take(ReadOnlySpan<int> rows)
    {
        var x = new float[Math.Max(1, rows.Length) * Size];
        var y = new int[Math.Max(1, rows.Length)];
        for (int i = 0; i < rows.Length; i++)
        {
            Pixels.AsSpan(rows[i] * Size, Size).CopyTo(x.AsSpan(i * Size));
            y[i] = Labels[rows[i]];
        }

        return new DecodedImages(x, y, rows.Length, Size);
    }
}
