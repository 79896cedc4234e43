namespace MlNetCnn.Imaging;

/// <summary>What a format decoder needs besides the bytes: the source name for messages and the limits.</summary>
internal sealed class DecodeContext
{
    public DecodeContext(string? sourceName, ImageFormat format, ImageDecoderOptions options)
    {
        SourceName = sourceName;
        Format = format;
        Options = options;
    }

    public string? SourceName { get; }

    public ImageFormat Format { get; }

    public ImageDecoderOptions Options { get; }

    /// <summary>Builds the exception for a problem; callers write <c>throw context.Fail("...")</c>.</summary>
    public ImageFormatException Fail(string problem, Exception? inner = null) =>
        new(SourceName, Format, problem, inner);

    /// <summary>Rejects sizes that are not positive or exceed <see cref="ImageDecoderOptions"/>.</summary>
    public void CheckDimensions(long width, long height)
    {
        if (width < 1 || height < 1)
        {
            throw Fail($"declared size {width}x{height} is empty");
        }

        if (width > Options.MaxDimension || height > Options.MaxDimension)
        {
            throw Fail($"declared {width}x{height} exceeds the limit of {Options.MaxDimension} pixels per side");
        }

        if (width * height > Options.MaxPixels)
        {
            throw Fail($"declared {width}x{height} exceeds the limit of {Options.MaxPixels} pixels");
        }

        if (width * height * 4 > Array.MaxLength)
        {
            throw Fail($"declared {width}x{height} is larger than a .NET array can hold");
        }
    }
}
