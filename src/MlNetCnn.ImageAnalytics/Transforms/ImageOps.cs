using MlNetCnn.Imaging;

namespace MlNetCnn.Transforms.Image;

/// <summary>The pixel operations behind <c>ResizeImages</c> and <c>ConvertToGrayscale</c>.</summary>
internal static class ImageOps
{
    /// <summary>Resizes <paramref name="source"/> to <paramref name="width"/> x <paramref name="height"/>.</summary>
    /// <remarks>
    /// <list type="bullet">
    /// <item><c>Fill</c>: bilinear resize to exactly the target size (the aspect ratio may change).</item>
    /// <item><c>IsoPad</c>: scale <c>s = min(width / W, height / H)</c>, the scaled image measures
    /// <c>clamp(round(W s), 1, width)</c> x <c>clamp(round(H s), 1, height)</c> and is centred (left and top borders
    /// <c>floor(extra / 2)</c>) on an opaque black canvas.</item>
    /// <item><c>IsoCrop</c>: scale <c>s = max(width / W, height / H)</c>, the scaled image measures
    /// <c>max(width, round(W s))</c> x <c>max(height, round(H s))</c>, and the target window is cut from it: along the
    /// axis that overflows, at offset 0 for the <c>Left</c>/<c>Top</c> anchor, the full excess for
    /// <c>Right</c>/<c>Bottom</c>, and <c>floor(excess / 2)</c> otherwise (as ML.NET, a <c>Left</c>/<c>Right</c>
    /// anchor on a vertical overflow, or <c>Top</c>/<c>Bottom</c> on a horizontal one, means centre).</item>
    /// </list>
    /// Resampling is <see cref="ImageFrame.Resize"/>'s bilinear filter with half-pixel centres; for <c>IsoCrop</c>
    /// only the window is computed, with the exact taps of the full scaled image. An image that already has the
    /// target size is returned as it is.
    /// </remarks>
    public static ImageFrame Resize(ImageFrame source, int width, int height, ImageResizingEstimator.ResizingKind kind, ImageResizingEstimator.Anchor anchor)
    {
        int sw = source.Width;
        int sh = source.Height;
        if (sw == width && sh == height)
        {
            return source;
        }

        switch (kind)
        {
            case ImageResizingEstimator.ResizingKind.Fill:
                return ResampleWindow(source, width, height, 0, 0, width, height);
            case ImageResizingEstimator.ResizingKind.IsoPad:
            {
                double s = Math.Min((double)width / sw, (double)height / sh);
                int dw = Math.Clamp((int)Math.Round(sw * s, MidpointRounding.AwayFromZero), 1, width);
                int dh = Math.Clamp((int)Math.Round(sh * s, MidpointRounding.AwayFromZero), 1, height);
                var scaled = dw == sw && dh == sh ? source : ResampleWindow(source, dw, dh, 0, 0, dw, dh);
                return PlaceOnBlack(scaled, width, height, (width - dw) / 2, (height - dh) / 2);
            }

            case ImageResizingEstimator.ResizingKind.IsoCrop:
            {
                double s = Math.Max((double)width / sw, (double)height / sh);
                int dw = Math.Max(width, (int)Math.Round(sw * s, MidpointRounding.AwayFromZero));
                int dh = Math.Max(height, (int)Math.Round(sh * s, MidpointRounding.AwayFromZero));
                int x0 = CropOffset(dw - width, anchor, ImageResizingEstimator.Anchor.Left, ImageResizingEstimator.Anchor.Right);
                int y0 = CropOffset(dh - height, anchor, ImageResizingEstimator.Anchor.Top, ImageResizingEstimator.Anchor.Bottom);
                return ResampleWindow(source, dw, dh, x0, y0, width, height);
            }

            default:
                throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown resizing kind.");
        }
    }

    /// <summary>Converts to gray with ML.NET's weights: <c>Y = round(0.3 R + 0.59 G + 0.11 B)</c>, computed as
    /// <c>(30 R + 59 G + 11 B + 50) / 100</c>. A gray image is returned as it is; an image with alpha keeps its alpha
    /// (R = G = B = Y), others become one-channel gray.</summary>
    public static ImageFrame Grayscale(ImageFrame source)
    {
        if (source.Channels == 1)
        {
            return source;
        }

        int count = source.Width * source.Height;
        byte[] src = source.Pixels;
        if (source.Channels == 3)
        {
            var gray = new ImageFrame(source.Width, source.Height, 1);
            for (int i = 0, s = 0; i < count; i++, s += 3)
            {
                gray.Pixels[i] = Luma(src[s], src[s + 1], src[s + 2]);
            }

            return gray;
        }

        var rgba = new ImageFrame(source.Width, source.Height, 4);
        byte[] dst = rgba.Pixels;
        for (int s = 0; s < src.Length; s += 4)
        {
            byte y = Luma(src[s], src[s + 1], src[s + 2]);
            dst[s] = y;
            dst[s + 1] = y;
            dst[s + 2] = y;
            dst[s + 3] = src[s + 3];
        }

        return rgba;
    }

    /// <summary>ML.NET's grayscale weights, rounded to nearest: (30 R + 59 G + 11 B + 50) / 100.</summary>
    internal static byte Luma(int r, int g, int b) => (byte)((30 * r + 59 * g + 11 * b + 50) / 100);

    /// <summary>
    /// Computes the window (<paramref name="x0"/>, <paramref name="y0"/>, <paramref name="width"/>,
    /// <paramref name="height"/>) of <paramref name="source"/> bilinearly resized to <paramref name="scaledWidth"/> x
    /// <paramref name="scaledHeight"/>: the same pixels as <c>source.Resize(scaledWidth, scaledHeight).Crop(x0, y0,
    /// width, height)</c> without building the full scaled image.
    /// </summary>
    internal static ImageFrame ResampleWindow(ImageFrame source, int scaledWidth, int scaledHeight, int x0, int y0, int width, int height)
    {
        var (xa, xb, fx) = Taps(source.Width, scaledWidth, x0, width);
        var (ya, yb, fy) = Taps(source.Height, scaledHeight, y0, height);
        int channels = source.Channels;
        int stride = source.Stride;
        byte[] src = source.Pixels;
        var result = new ImageFrame(width, height, channels);
        byte[] dst = result.Pixels;
        int o = 0;
        for (int y = 0; y < height; y++)
        {
            int row0 = ya[y] * stride;
            int row1 = yb[y] * stride;
            float wy = fy[y];
            for (int x = 0; x < width; x++)
            {
                int a = row0 + (xa[x] * channels);
                int b = row0 + (xb[x] * channels);
                int c = row1 + (xa[x] * channels);
                int d = row1 + (xb[x] * channels);
                float wx = fx[x];
                for (int ch = 0; ch < channels; ch++)
                {
                    float top = src[a + ch] + (wx * (src[b + ch] - src[a + ch]));
                    float bottom = src[c + ch] + (wx * (src[d + ch] - src[c + ch]));
                    float value = top + (wy * (bottom - top));
                    dst[o++] = (byte)Math.Clamp((int)(value + 0.5f), 0, 255);
                }
            }
        }

        return result;
    }

    private static int CropOffset(int excess, ImageResizingEstimator.Anchor anchor, ImageResizingEstimator.Anchor start, ImageResizingEstimator.Anchor end)
    {
        if (excess <= 0)
        {
            return 0;
        }

        return anchor == start ? 0 : anchor == end ? excess : excess / 2;
    }

    /// <summary>Copies <paramref name="image"/> at (<paramref name="left"/>, <paramref name="top"/>) onto a black,
    /// opaque canvas of the given size.</summary>
    private static ImageFrame PlaceOnBlack(ImageFrame image, int width, int height, int left, int top)
    {
        var canvas = new ImageFrame(width, height, image.Channels);
        int channels = image.Channels;
        if (channels == 4)
        {
            for (int i = 3; i < canvas.Pixels.Length; i += 4)
            {
                canvas.Pixels[i] = 255;
            }
        }

        int rowBytes = image.Width * channels;
        for (int y = 0; y < image.Height; y++)
        {
            Array.Copy(image.Pixels, y * rowBytes, canvas.Pixels, (((top + y) * width) + left) * channels, rowBytes);
        }

        return canvas;
    }

    /// <summary>Source taps for output positions <paramref name="start"/> .. <paramref name="start"/> +
    /// <paramref name="count"/> - 1 of an axis resized from <paramref name="sourceSize"/> to
    /// <paramref name="targetSize"/>: half-pixel centres, <c>s = (i + 0.5) * sourceSize / targetSize - 0.5</c>,
    /// clamped to the edges (the same taps as <see cref="ImageFrame.Resize"/>).</summary>
    private static (int[] I0, int[] I1, float[] Weight) Taps(int sourceSize, int targetSize, int start, int count)
    {
        var i0 = new int[count];
        var i1 = new int[count];
        var weight = new float[count];
        double scale = (double)sourceSize / targetSize;
        for (int k = 0; k < count; k++)
        {
            double s = ((start + k + 0.5) * scale) - 0.5;
            if (s <= 0)
            {
                continue;
            }

            int lo = (int)Math.Floor(s);
            if (lo >= sourceSize - 1)
            {
                i0[k] = sourceSize - 1;
                i1[k] = sourceSize - 1;
                continue;
            }

            i0[k] = lo;
            i1[k] = lo + 1;
            weight[k] = (float)(s - lo);
        }

        return (i0, i1, weight);
    }
}
