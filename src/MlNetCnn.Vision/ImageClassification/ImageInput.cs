using System.Globalization;
using MlNetCnn.Imaging;

namespace MlNetCnn.Vision;

/// <summary>
/// What a network of the image classifier reads: images of <see cref="Height"/> x <see cref="Width"/> with
/// <see cref="Channels"/> channels (1 gray, 3 RGB), and how encoded image bytes become that tensor.
/// </summary>
/// <remarks>
/// Preprocessing, the same at training and prediction time (so a saved model predicts from raw file bytes):
/// <list type="number">
/// <item>decode with <see cref="ImageDecoder"/> (PNG, JPEG, BMP, PBM/PGM/PPM; the EXIF orientation is applied);</item>
/// <item>convert to the colour mode: gray with BT.601 luma (<see cref="ImageFrame.ToGrayscale"/>) or RGB (gray is
/// replicated); alpha is dropped, not blended;</item>
/// <item>resize to exactly <see cref="Width"/> x <see cref="Height"/>, stretching (ML.NET's ImageClassification also
/// stretches, with TensorFlow's bilinear resize): while a side is at least twice its target it is halved by
/// averaging pairs of pixels (a box filter, rounded half up; an odd last row or column is dropped), then the
/// bilinear <see cref="ImageFrame.Resize"/> (half-pixel centres) gives the final size. The halving steps keep large
/// photos from aliasing, which a plain bilinear shrink by more than 2x does;</item>
/// <item>scale each sample to [0, 1]: value / 255, row-major height x width x channels.</item>
/// </list>
/// </remarks>
internal sealed record ImageInput(int Height, int Width, int Channels)
{
    /// <summary>v / 255 for every byte v, rounded once (as a division).</summary>
    private static readonly float[] UnitScale = Enumerable.Range(0, 256).Select(v => v / 255f).ToArray();

    /// <summary>The number of floats of one preprocessed image.</summary>
    public int Size => Height * Width * Channels;

    /// <summary>"28x28 gray" / "64x64 RGB".</summary>
    public override string ToString()
        => string.Create(CultureInfo.InvariantCulture, $"{Width}x{Height} {(Channels == 1 ? "gray" : "RGB")}");

    /// <summary>Decodes <paramref name="encoded"/> and writes the preprocessed image into
    /// <paramref name="destination"/> (<see cref="Size"/> floats).</summary>
    /// <exception cref="ImageFormatException">The bytes are not a supported image, or are corrupt.</exception>
    public void Featurize(ReadOnlySpan<byte> encoded, Span<float> destination, string? sourceName)
    {
        var frame = ImageDecoder.Decode(encoded, sourceName);
        if (frame.Channels != Channels)
        {
            frame = Channels == 1 ? frame.ToGrayscale() : frame.ToRgb();
        }

        while (frame.Width >= 2 * Width || frame.Height >= 2 * Height)
        {
            frame = Halve(frame, frame.Width >= 2 * Width, frame.Height >= 2 * Height);
        }

        if (frame.Width != Width || frame.Height != Height)
        {
            frame = frame.Resize(Width, Height);
        }

        var pixels = frame.Pixels;
        for (int i = 0; i < pixels.Length; i++)
        {
            destination[i] = UnitScale[pixels[i]];
        }
    }

    /// <summary>Halves the width and/or the height: each output sample is the mean of the 2 (or 2x2) input samples
    /// it covers, rounded half up; an odd last column or row is dropped.</summary>
    internal static ImageFrame Halve(ImageFrame frame, bool halveWidth, bool halveHeight)
    {
        int fx = halveWidth ? 2 : 1;
        int fy = halveHeight ? 2 : 1;
        int width = frame.Width / fx;
        int height = frame.Height / fy;
        int channels = frame.Channels;
        int stride = frame.Stride;
        int count = fx * fy;
        var src = frame.Pixels;
        var result = new ImageFrame(width, height, channels);
        var dst = result.Pixels;
        int o = 0;
        for (int y = 0; y < height; y++)
        {
            int row0 = y * fy * stride;
            int row1 = row0 + ((fy - 1) * stride);
            for (int x = 0; x < width; x++)
            {
                int a = row0 + (x * fx * channels);
                int b = a + ((fx - 1) * channels);
                int c = row1 + (x * fx * channels);
                int d = c + ((fx - 1) * channels);
                for (int ch = 0; ch < channels; ch++)
                {
                    int sum = count == 4 ? src[a + ch] + src[b + ch] + src[c + ch] + src[d + ch]
                        : count == 2 ? src[a + ch] + src[d + ch] : src[a + ch];
                    dst[o++] = (byte)((sum + (count / 2)) / count);
                }
            }
        }

        return result;
    }
}
