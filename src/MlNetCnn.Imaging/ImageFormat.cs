namespace MlNetCnn.Imaging;

/// <summary>The image file formats <see cref="ImageDecoder"/> recognises.</summary>
public enum ImageFormat
{
    /// <summary>The data does not start with the signature of a supported format.</summary>
    Unknown = 0,

    /// <summary>Portable Network Graphics: starts with the 8-byte signature <c>89 50 4E 47 0D 0A 1A 0A</c>.</summary>
    Png,

    /// <summary>JPEG (JFIF / EXIF): starts with the SOI marker <c>FF D8 FF</c>.</summary>
    Jpeg,

    /// <summary>Windows bitmap: starts with <c>BM</c>.</summary>
    Bmp,

    /// <summary>Netpbm PBM / PGM / PPM: starts with <c>P1</c> to <c>P6</c> followed by white space.</summary>
    Pnm,
}
