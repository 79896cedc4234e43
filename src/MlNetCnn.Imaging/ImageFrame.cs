namespace MlNetCnn.Imaging;

/// <summary>
/// A decoded raster image: 8-bit samples, interleaved, row-major (height, width, channels), top row first.
/// </summary>
/// <remarks>
/// <para>
/// <see cref="Channels"/> is 1 (gray), 3 (R, G, B) or 4 (R, G, B, A with straight, not premultiplied, alpha).
/// The sample of channel <c>c</c> at column <c>x</c> and row <c>y</c> is
/// <c>Pixels[(y * Width + x) * Channels + c]</c>.
/// </para>
/// <para>
/// The frame wraps the array it is given without copying it. Every transforming method (<see cref="ToRgb"/>,
/// <see cref="Resize"/>, <see cref="Crop"/>, ...) returns a new frame and leaves this one unchanged.
/// </para>
/// </remarks>
public sealed partial class ImageFrame
{
    /// <summary>Creates a frame over existing pixel data (the array is used as is, not copied).</summary>
    /// <param name="width">Width in pixels, at least 1.</param>
    /// <param name="height">Height in pixels, at least 1.</param>
    /// <param name="channels">1 (gray), 3 (RGB) or 4 (RGBA).</param>
    /// <param name="pixels">Exactly <c>width * height * channels</c> samples, laid out as described on the class.</param>
    /// <exception cref="ArgumentOutOfRangeException">A size is not positive, <paramref name="channels"/> is not 1, 3
    /// or 4, or the image would exceed the largest array .NET can allocate.</exception>
    /// <exception cref="ArgumentException"><paramref name="pixels"/> has the wrong length.</exception>
    public ImageFrame(int width, int height, int channels, byte[] pixels)
    {
        ArgumentNullException.ThrowIfNull(pixels);
        long expected = CheckedSampleCount(width, height, channels);
        if (pixels.LongLength != expected)
        {
            throw new ArgumentException(
                $"A {width}x{height} image with {channels} channel(s) needs {expected} samples, but the pixel array " +
                $"has {pixels.LongLength}.",
                nameof(pixels));
        }

        Width = width;
        Height = height;
        Channels = channels;
        Pixels = pixels;
    }

    /// <summary>Creates a frame whose samples are all zero (black, and fully transparent when there is alpha).</summary>
    /// <param name="width">Width in pixels, at least 1.</param>
    /// <param name="height">Height in pixels, at least 1.</param>
    /// <param name="channels">1 (gray), 3 (RGB) or 4 (RGBA).</param>
    /// <exception cref="ArgumentOutOfRangeException">A size is not positive, <paramref name="channels"/> is not 1, 3
    /// or 4, or the image would exceed the largest array .NET can allocate.</exception>
    public ImageFrame(int width, int height, int channels)
        : this(width, height, channels, new byte[CheckedSampleCount(width, height, channels)])
    {
    }

    /// <summary>Width in pixels (at least 1).</summary>
    public int Width { get; }

    /// <summary>Height in pixels (at least 1).</summary>
    public int Height { get; }

    /// <summary>Samples per pixel: 1 = gray, 3 = RGB, 4 = RGBA.</summary>
    public int Channels { get; }

    /// <summary>The samples, interleaved and row-major: <c>Pixels[(y * Width + x) * Channels + c]</c>.</summary>
    public byte[] Pixels { get; }

    /// <summary>Number of bytes in one row: <c>Width * Channels</c>.</summary>
    public int Stride => Width * Channels;

    /// <summary>Returns a three-channel RGB copy of this frame.</summary>
    /// <remarks>
    /// Gray is replicated into R, G and B. Alpha is dropped, not blended against a background: a transparent
    /// pixel keeps the colour stored under it. An RGB frame is copied.
    /// </remarks>
    /// <returns>A new frame with <see cref="Channels"/> = 3.</returns>
    public ImageFrame ToRgb() => ConvertChannels(3);

    /// <summary>Returns a four-channel RGBA copy of this frame.</summary>
    /// <remarks>Gray is replicated into R, G and B; frames without alpha get A = 255 (opaque).</remarks>
    /// <returns>A new frame with <see cref="Channels"/> = 4.</returns>
    public ImageFrame ToRgba() => ConvertChannels(4);

    /// <summary>Returns a one-channel gray copy of this frame.</summary>
    /// <remarks>
    /// Luma follows ITU-R BT.601: <c>Y = (299 * R + 587 * G + 114 * B + 500) / 1000</c> in integer arithmetic,
    /// that is 0.299 R + 0.587 G + 0.114 B rounded to the nearest integer, halves rounded up. The weights sum to
    /// 1000, so equal R, G and B give back the same value and the result never leaves 0..255. Alpha is dropped.
    /// A gray frame is copied.
    /// </remarks>
    /// <returns>A new frame with <see cref="Channels"/> = 1.</returns>
    public ImageFrame ToGrayscale() => ConvertChannels(1);

    /// <summary>Returns a copy of a rectangle of this frame.</summary>
    /// <param name="x">Left column of the rectangle.</param>
    /// <param name="y">Top row of the rectangle.</param>
    /// <param name="width">Width of the rectangle, at least 1.</param>
    /// <param name="height">Height of the rectangle, at least 1.</param>
    /// <returns>A new frame of size <paramref name="width"/> x <paramref name="height"/>, same channels.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The rectangle is empty or not entirely inside the frame.</exception>
    public ImageFrame Crop(int x, int y, int width, int height)
    {
        if (width < 1 || height < 1 || x < 0 || y < 0 || x > Width - width || y > Height - height)
        {
            throw new ArgumentOutOfRangeException(
                nameof(width),
                $"Crop rectangle (x={x}, y={y}, width={width}, height={height}) must be non-empty and lie inside the " +
                $"{Width}x{Height} image.");
        }

        var result = new ImageFrame(width, height, Channels);
        int rowBytes = width * Channels;
        for (int row = 0; row < height; row++)
        {
            Array.Copy(Pixels, ((y + row) * Width + x) * Channels, result.Pixels, row * rowBytes, rowBytes);
        }

        return result;
    }

    /// <summary>Returns a copy of this frame with borders added around it.</summary>
    /// <param name="left">Columns added on the left (0 or more).</param>
    /// <param name="top">Rows added on top (0 or more).</param>
    /// <param name="right">Columns added on the right (0 or more).</param>
    /// <param name="bottom">Rows added at the bottom (0 or more).</param>
    /// <param name="fill">Value written to every channel of the new pixels, alpha included.</param>
    /// <returns>A new frame of size (Width + left + right) x (Height + top + bottom), same channels.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A border is negative or the result is too large.</exception>
    public ImageFrame Pad(int left, int top, int right, int bottom, byte fill = 0)
    {
        if (left < 0 || top < 0 || right < 0 || bottom < 0)
        {
            throw new ArgumentOutOfRangeException(
                nameof(left), $"Padding must not be negative (left={left}, top={top}, right={right}, bottom={bottom}).");
        }

        long newWidth = (long)Width + left + right;
        long newHeight = (long)Height + top + bottom;
        if (newWidth > int.MaxValue || newHeight > int.MaxValue)
        {
            throw new ArgumentOutOfRangeException(nameof(left), $"Padded size {newWidth}x{newHeight} is too large.");
        }

        var result = new ImageFrame((int)newWidth, (int)newHeight, Channels);
        if (fill != 0)
        {
            Array.Fill(result.Pixels, fill);
        }

        int rowBytes = Stride;
        for (int row = 0; row < Height; row++)
        {
            Array.Copy(Pixels, row * rowBytes, result.Pixels, ((row + top) * result.Width + left) * Channels, rowBytes);
        }

        return result;
    }

    /// <summary>Returns a human-readable description such as <c>ImageFrame 640x480 RGB</c>.</summary>
    /// <returns>The description.</returns>
    public override string ToString()
    {
        string kind = Channels switch { 1 => "Gray", 3 => "RGB", _ => "RGBA" };
        return $"ImageFrame {Width}x{Height} {kind}";
    }

    private static long CheckedSampleCount(int width, int height, int channels)
    {
        if (width < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(width), width, "Width must be at least 1.");
        }

        if (height < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(height), height, "Height must be at least 1.");
        }

        if (channels is not (1 or 3 or 4))
        {
            throw new ArgumentOutOfRangeException(
                nameof(channels), channels, "Channels must be 1 (gray), 3 (RGB) or 4 (RGBA).");
        }

        long count = (long)width * height * channels;
        if (count > Array.MaxLength)
        {
            throw new ArgumentOutOfRangeException(
                nameof(width), $"A {width}x{height} image with {channels} channel(s) is larger than an array can be.");
        }

        return count;
    }

    private ImageFrame ConvertChannels(int target)
    {
        var result = new ImageFrame(Width, Height, target);
        byte[] src = Pixels;
        byte[] dst = result.Pixels;
        int count = Width * Height;
        if (target == Channels)
        {
            Array.Copy(src, dst, src.Length);
            return result;
        }

        switch (Channels, target)
        {
            case (1, 3):
                for (int i = 0, o = 0; i < count; i++, o += 3)
                {
                    byte g = src[i];
                    dst[o] = g;
                    dst[o + 1] = g;
                    dst[o + 2] = g;
                }

                break;
            case (1, 4):
                for (int i = 0, o = 0; i < count; i++, o += 4)
                {
                    byte g = src[i];
                    dst[o] = g;
                    dst[o + 1] = g;
                    dst[o + 2] = g;
                    dst[o + 3] = 255;
                }

                break;
            case (3, 4):
                for (int i = 0, s = 0, o = 0; i < count; i++, s += 3, o += 4)
                {
                    dst[o] = src[s];
                    dst[o + 1] = src[s + 1];
                    dst[o + 2] = src[s + 2];
                    dst[o + 3] = 255;
                }

                break;
            case (4, 3):
                for (int i = 0, s = 0, o = 0; i < count; i++, s += 4, o += 3)
                {
                    dst[o] = src[s];
                    dst[o + 1] = src[s + 1];
                    dst[o + 2] = src[s + 2];
                }

                break;
            default:
                // To gray from RGB or RGBA.
                for (int i = 0, s = 0; i < count; i++, s += Channels)
                {
                    dst[i] = Luma(src[s], src[s + 1], src[s + 2]);
                }

                break;
        }

        return result;
    }

    /// <summary>BT.601 luma rounded to nearest: (299 R + 587 G + 114 B + 500) / 1000.</summary>
    internal static byte Luma(int r, int g, int b) => (byte)((299 * r + 587 * g + 114 * b + 500) / 1000);
}
