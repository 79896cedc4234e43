namespace MlNetCnn.Data;

/// <summary>The byte order of the 32-bit pixels of an <see cref="MLImage"/> (<see cref="MLImage.Pixels"/>).</summary>
public enum MLPixelFormat
{
    /// <summary>The pixel format is unknown.</summary>
    Unknown,

    /// <summary>32 bits per pixel: blue, green, red, alpha (8 bits each, in that byte order).</summary>
    Bgra32,

    /// <summary>32 bits per pixel: red, green, blue, alpha (8 bits each, in that byte order).</summary>
    Rgba32,
}
