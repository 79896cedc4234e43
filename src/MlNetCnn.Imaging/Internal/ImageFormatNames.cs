namespace MlNetCnn.Imaging;

/// <summary>Display names of <see cref="ImageFormat"/> values for messages.</summary>
internal static class ImageFormatNames
{
    public static string DisplayName(this ImageFormat format) => format switch
    {
        ImageFormat.Png => "PNG",
        ImageFormat.Jpeg => "JPEG",
        ImageFormat.Bmp => "BMP",
        ImageFormat.Pnm => "PGM/PPM",
        _ => "image",
    };
}
