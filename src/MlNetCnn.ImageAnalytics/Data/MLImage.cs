using MlNetCnn.Imaging;

namespace MlNetCnn.Data;

/// <summary>
/// An image held in memory: the value type of image columns (<see cref="Transforms.Image.ImageDataViewType"/>).
/// Created from a file, a stream of encoded bytes, or raw 32-bit pixels, as ML.NET's <c>MLImage</c>.
/// </summary>
/// <remarks>
/// <para>
/// Decoding is pure managed code (PNG, JPEG, BMP and PBM/PGM/PPM; see <see cref="ImageDecoder"/>): no native
/// library is needed. The format is detected from the content, not from the file name.
/// </para>
/// <para>
/// <see cref="Pixels"/> always holds 4 bytes per pixel, row-major, top row first, in the order
/// <see cref="PixelFormat"/> names: decoded images are <see cref="MLPixelFormat.Rgba32"/>; gray images have
/// R = G = B and images without transparency have A = 255. Internally a gray or RGB image keeps 1 or 3 bytes per pixel
/// and the 4-byte view is built on first use of <see cref="Pixels"/>.
/// </para>
/// <para>
/// An <see cref="MLImage"/> is never modified after creation; the image transforms return new images. It owns only
/// managed memory: <see cref="Dispose"/> releases it early, after which every member except <see cref="Dispose"/>
/// throws <see cref="ObjectDisposedException"/>. Unlike ML.NET, the image transforms never dispose images they handed
/// out, so an image read from a column stays valid as long as you keep it.
/// </para>
/// </remarks>
public sealed class MLImage : IDisposable
{
    /// <summary>The largest encoded image read from a stream (1 GiB).</summary>
    internal const long MaxEncodedBytes = 1L << 30;

    private readonly object _pixelsLock = new();
    private ImageFrame? _frame;
    private byte[]? _pixels;
    private string? _tag;

    private MLImage(ImageFrame frame, MLPixelFormat format, byte[]? pixels)
    {
        _frame = frame;
        PixelFormatCore = format;
        _pixels = pixels;
    }

    /// <summary>The order of the 4 bytes of each pixel in <see cref="Pixels"/>.</summary>
    /// <exception cref="ObjectDisposedException">The image was disposed.</exception>
    public MLPixelFormat PixelFormat
    {
        get
        {
            _ = Frame;
            return PixelFormatCore;
        }
    }

    /// <summary>The pixels, 4 bytes each, row-major from the top-left pixel, in the order of
    /// <see cref="PixelFormat"/>: <c>Width * Height * 4</c> bytes.</summary>
    /// <exception cref="ObjectDisposedException">The image was disposed.</exception>
    public ReadOnlySpan<byte> Pixels
    {
        get
        {
            var frame = Frame;
            lock (_pixelsLock)
            {
                _pixels ??= ToPacked(frame, PixelFormatCore);
                return _pixels;
            }
        }
    }

    /// <summary>A free-form label (ML.NET uses it to carry, for example, the file name).</summary>
    /// <exception cref="ObjectDisposedException">The image was disposed.</exception>
    public string? Tag
    {
        get
        {
            _ = Frame;
            return _tag;
        }

        set
        {
            _ = Frame;
            _tag = value;
        }
    }

    /// <summary>The width in pixels.</summary>
    /// <exception cref="ObjectDisposedException">The image was disposed.</exception>
    public int Width => Frame.Width;

    /// <summary>The height in pixels.</summary>
    /// <exception cref="ObjectDisposedException">The image was disposed.</exception>
    public int Height => Frame.Height;

    /// <summary>The bits per pixel of <see cref="Pixels"/>: always 32.</summary>
    /// <exception cref="ObjectDisposedException">The image was disposed.</exception>
    public int BitsPerPixel
    {
        get
        {
            _ = Frame;
            return 32;
        }
    }

    /// <summary>The decoded pixels (1, 3 or 4 channels, RGB(A) order); what the transforms work on.</summary>
    internal ImageFrame Frame => _frame ?? throw new ObjectDisposedException(nameof(MLImage), "The image has been disposed.");

    private MLPixelFormat PixelFormatCore { get; }

    /// <summary>Decodes an image file (PNG, JPEG, BMP, PBM/PGM/PPM; the format is detected from the content).</summary>
    /// <param name="imagePath">The file path.</param>
    /// <returns>The image, in <see cref="MLPixelFormat.Rgba32"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="imagePath"/> is null.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    /// <exception cref="ImageFormatException">The content is not a supported image or is corrupt; the message names
    /// the file.</exception>
    public static MLImage CreateFromFile(string imagePath)
    {
        ArgumentNullException.ThrowIfNull(imagePath);
        return FromFrame(ImageDecoder.DecodeFile(imagePath));
    }

    /// <summary>Decodes an image from a stream of encoded bytes (the content of an image file), read from the
    /// stream's current position to its end.</summary>
    /// <param name="imageStream">The stream; it is read to the end and not closed.</param>
    /// <returns>The image, in <see cref="MLPixelFormat.Rgba32"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="imageStream"/> is null.</exception>
    /// <exception cref="ImageFormatException">The content is not a supported image or is corrupt.</exception>
    /// <exception cref="InvalidDataException">The stream holds more than 1 GiB.</exception>
    public static MLImage CreateFromStream(Stream imageStream)
    {
        ArgumentNullException.ThrowIfNull(imageStream);
        if (imageStream.CanSeek && imageStream.Length - imageStream.Position > MaxEncodedBytes)
        {
            throw new InvalidDataException($"The image stream holds {imageStream.Length - imageStream.Position} bytes; at most {MaxEncodedBytes} are accepted.");
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = imageStream.Read(chunk, 0, chunk.Length)) > 0)
        {
            if (buffer.Length + read > MaxEncodedBytes)
            {
                throw new InvalidDataException($"The image stream holds more than {MaxEncodedBytes} bytes.");
            }

            buffer.Write(chunk, 0, read);
        }

        return FromFrame(ImageDecoder.Decode(buffer.GetBuffer().AsSpan(0, (int)buffer.Length), "image stream"));
    }

    /// <summary>Creates an image from raw 32-bit pixels (copied).</summary>
    /// <param name="width">The width in pixels, at least 1.</param>
    /// <param name="height">The height in pixels, at least 1.</param>
    /// <param name="pixelFormat"><see cref="MLPixelFormat.Bgra32"/> or <see cref="MLPixelFormat.Rgba32"/>.</param>
    /// <param name="imagePixelData">Exactly <c>width * height * 4</c> bytes, row-major from the top-left pixel.</param>
    /// <returns>The image; its <see cref="PixelFormat"/> and <see cref="Pixels"/> are the ones given.</returns>
    /// <exception cref="ArgumentException">The format is not supported, a size is not positive, or the data has the
    /// wrong length.</exception>
    public static MLImage CreateFromPixels(int width, int height, MLPixelFormat pixelFormat, ReadOnlySpan<byte> imagePixelData)
    {
        if (pixelFormat != MLPixelFormat.Bgra32 && pixelFormat != MLPixelFormat.Rgba32)
        {
            throw new ArgumentException($"Unsupported pixel format {pixelFormat}; expected Bgra32 or Rgba32.", nameof(pixelFormat));
        }

        if (width <= 0)
        {
            throw new ArgumentException($"The width must be positive, got {width}.", nameof(width));
        }

        if (height <= 0)
        {
            throw new ArgumentException($"The height must be positive, got {height}.", nameof(height));
        }

        long expected = (long)width * height * 4;
        if (expected > Array.MaxLength || imagePixelData.Length != expected)
        {
            throw new ArgumentException(
                $"A {width}x{height} image needs {expected} bytes (4 per pixel), but {imagePixelData.Length} were given.", nameof(imagePixelData));
        }

        byte[] packed = imagePixelData.ToArray();
        var rgba = new byte[packed.Length];
        bool bgra = pixelFormat == MLPixelFormat.Bgra32;
        for (int i = 0; i < rgba.Length; i += 4)
        {
            rgba[i] = packed[bgra ? i + 2 : i];
            rgba[i + 1] = packed[i + 1];
            rgba[i + 2] = packed[bgra ? i : i + 2];
            rgba[i + 3] = packed[i + 3];
        }

        return new MLImage(new ImageFrame(width, height, 4, rgba), pixelFormat, packed);
    }

    /// <summary>Saves the image as a PNG file (atomically: written beside the target, then moved over it). Gray
    /// images are saved as 8-bit gray, RGB as 8-bit RGB, images with transparency as RGBA.</summary>
    /// <param name="imagePath">The target path; its extension must be <c>.png</c> (the only format written).</param>
    /// <exception cref="ArgumentException">The extension is not <c>.png</c>.</exception>
    /// <exception cref="ObjectDisposedException">The image was disposed.</exception>
    /// <exception cref="IOException">The file cannot be written.</exception>
    public void Save(string imagePath)
    {
        ArgumentException.ThrowIfNullOrEmpty(imagePath);
        var frame = Frame;
        if (!string.Equals(Path.GetExtension(imagePath), ".png", StringComparison.OrdinalIgnoreCase))
        {
            throw new ArgumentException($"MLImage.Save writes PNG files only; '{imagePath}' does not end in .png.", nameof(imagePath));
        }

        PngEncoder.Save(frame, imagePath);
    }

    /// <summary>Releases the pixels. Further use of the image (other than <see cref="Dispose"/>) throws
    /// <see cref="ObjectDisposedException"/>.</summary>
    public void Dispose()
    {
        _frame = null;
        lock (_pixelsLock)
        {
            _pixels = null;
        }
    }

    /// <summary>Returns a description such as <c>MLImage 28x28</c>.</summary>
    /// <returns>The description.</returns>
    public override string ToString() => _frame is { } f ? $"MLImage {f.Width}x{f.Height}" : "MLImage (disposed)";

    /// <summary>Wraps a decoded or transformed frame (not copied; the frame must not be modified afterwards).</summary>
    internal static MLImage FromFrame(ImageFrame frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        return new MLImage(frame, MLPixelFormat.Rgba32, null);
    }

    /// <summary>Reads pixel <paramref name="index"/> (<c>y * Width + x</c>) as red, green, blue and alpha (gray gives R = G = B; no alpha gives 255).</summary>
    internal static void GetRgba(ImageFrame frame, int index, out byte r, out byte g, out byte b, out byte a)
    {
        byte[] p = frame.Pixels;
        switch (frame.Channels)
        {
            case 1:
                r = g = b = p[index];
                a = 255;
                break;
            case 3:
                int i3 = index * 3;
                r = p[i3];
                g = p[i3 + 1];
                b = p[i3 + 2];
                a = 255;
                break;
            default:
                int i4 = index * 4;
                r = p[i4];
                g = p[i4 + 1];
                b = p[i4 + 2];
                a = p[i4 + 3];
                break;
        }
    }

    private static byte[] ToPacked(ImageFrame frame, MLPixelFormat format)
    {
        int count = frame.Width * frame.Height;
        var packed = new byte[count * 4];
        bool bgra = format == MLPixelFormat.Bgra32;
        for (int i = 0, o = 0; i < count; i++, o += 4)
        {
            GetRgba(frame, i, out byte r, out byte g, out byte b, out byte a);
            packed[o] = bgra ? b : r;
            packed[o + 1] = g;
            packed[o + 2] = bgra ? r : b;
            packed[o + 3] = a;
        }

        return packed;
    }
}
