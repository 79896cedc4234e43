namespace MlNetCnn.Imaging;

/// <content>Resampling: <see cref="Resize"/> and <see cref="Letterbox"/>.</content>
public sealed partial class ImageFrame
{
    /// <summary>Returns a copy of this frame scaled to a new size with bilinear interpolation.</summary>
    /// <param name="width">Target width in pixels, at least 1.</param>
    /// <param name="height">Target height in pixels, at least 1.</param>
    /// <returns>A new frame of the requested size, same channels.</returns>
    /// <remarks>
    /// <para>
    /// Pixel centres are aligned the way OpenCV's <c>INTER_LINEAR</c>, Pillow (when enlarging) and TensorFlow's
    /// <c>half_pixel_centers</c> align them: output column <c>x</c> samples the source at
    /// <c>sx = (x + 0.5) * Width / width - 0.5</c>, clamped to <c>[0, Width - 1]</c>; rows likewise. With
    /// <c>x0 = floor(sx)</c>, <c>x1 = min(x0 + 1, Width - 1)</c> and <c>fx = sx - x0</c> (same for y), every channel
    /// (alpha included, not premultiplied) is
    /// <c>round((1 - fy) * ((1 - fx) * p[y0, x0] + fx * p[y0, x1]) + fy * ((1 - fx) * p[y1, x0] + fx * p[y1, x1]))</c>,
    /// computed in single precision and rounded half up.
    /// </para>
    /// <para>
    /// There is no low-pass filtering when shrinking: each output pixel reads at most 2x2 source pixels, so
    /// shrinking by more than 2x aliases (as OpenCV's <c>INTER_LINEAR</c> does). The same size returns a copy.
    /// </para>
    /// </remarks>
    /// <exception cref="ArgumentOutOfRangeException">A target size is less than 1 or the result is too large.</exception>
    public ImageFrame Resize(int width, int height)
    {
        var result = new ImageFrame(width, height, Channels);
        if (width == Width && height == Height)
        {
            Array.Copy(Pixels, result.Pixels, Pixels.Length);
            return result;
        }

        var (x0, x1, fx) = Taps(Width, width);
        var (y0, y1, fy) = Taps(Height, height);
        int channels = Channels;
        int stride = Stride;
        byte[] src = Pixels;
        byte[] dst = result.Pixels;
        int o = 0;
        for (int y = 0; y < height; y++)
        {
            int row0 = y0[y] * stride;
            int row1 = y1[y] * stride;
            float wy = fy[y];
            for (int x = 0; x < width; x++)
            {
                int a = row0 + x0[x] * channels;
                int b = row0 + x1[x] * channels;
                int c = row1 + x0[x] * channels;
                int d = row1 + x1[x] * channels;
                float wx = fx[x];
                for (int ch = 0; ch < channels; ch++)
                {
                    float top = src[a + ch] + wx * (src[b + ch] - src[a + ch]);
                    float bottom = src[c + ch] + wx * (src[d + ch] - src[c + ch]);
                    float value = top + wy * (bottom - top);
                    dst[o++] = (byte)Math.Clamp((int)(value + 0.5f), 0, 255);
                }
            }
        }

        return result;
    }

    /// <summary>
    /// Scales this frame to fit inside <paramref name="width"/> x <paramref name="height"/> keeping its aspect
    /// ratio, then centres it on a canvas of exactly that size (letterboxing, "iso-pad" resizing).
    /// </summary>
    /// <param name="width">Canvas width, at least 1.</param>
    /// <param name="height">Canvas height, at least 1.</param>
    /// <param name="fill">Value written to every channel of the padding, alpha included.</param>
    /// <returns>A new frame of size <paramref name="width"/> x <paramref name="height"/>, same channels.</returns>
    /// <remarks>
    /// The scale is <c>s = min(width / Width, height / Height)</c>; the scaled image measures
    /// <c>max(1, round(Width * s))</c> x <c>max(1, round(Height * s))</c> (clamped to the canvas) and is resized with
    /// <see cref="Resize"/>. The left and top borders get <c>floor(extra / 2)</c> pixels, so an odd extra pixel goes
    /// to the right or bottom border.
    /// </remarks>
    /// <exception cref="ArgumentOutOfRangeException">A canvas size is less than 1.</exception>
    public ImageFrame Letterbox(int width, int height, byte fill = 0)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        double scale = Math.Min((double)width / Width, (double)height / Height);
        int scaledWidth = Math.Clamp((int)Math.Round(Width * scale, MidpointRounding.AwayFromZero), 1, width);
        int scaledHeight = Math.Clamp((int)Math.Round(Height * scale, MidpointRounding.AwayFromZero), 1, height);
        ImageFrame scaled = Resize(scaledWidth, scaledHeight);
        int left = (width - scaledWidth) / 2;
        int top = (height - scaledHeight) / 2;
        return scaled.Pad(left, top, width - scaledWidth - left, height - scaledHeight - top, fill);
    }

    /// <summary>Source indices and weights for one axis, half-pixel-centre aligned and clamped to the edges.</summary>
    private static (int[] I0, int[] I1, float[] Weight) Taps(int sourceSize, int targetSize)
    {
        var i0 = new int[targetSize];
        var i1 = new int[targetSize];
        var weight = new float[targetSize];
        double scale = (double)sourceSize / targetSize;
        for (int i = 0; i < targetSize; i++)
        {
            double s = (i + 0.5) * scale - 0.5;
            if (s <= 0)
            {
                i0[i] = 0;
                i1[i] = 0;
                weight[i] = 0;
                continue;
            }

            int lo = (int)Math.Floor(s);
            if (lo >= sourceSize - 1)
            {
                i0[i] = sourceSize - 1;
                i1[i] = sourceSize - 1;
                weight[i] = 0;
                continue;
            }

            i0[i] = lo;
            i1[i] = lo + 1;
            weight[i] = (float)(s - lo);
        }

        return (i0, i1, weight);
    }
}
