using MlNetCnn.Data;

namespace MlNetCnn.Transforms.Image;

/// <summary>
/// Marks an <see cref="MLImage"/> field or property of a class used with <c>LoadFromEnumerable</c>,
/// <c>CreateEnumerable</c> or a prediction engine with the size of its images: the column gets the type
/// <see cref="ImageDataViewType"/>(<see cref="Height"/>, <see cref="Width"/>). Without the attribute an
/// <see cref="MLImage"/> member maps to an image column of unknown size.
/// </summary>
[AttributeUsage(AttributeTargets.Field | AttributeTargets.Property, AllowMultiple = false)]
public sealed class ImageTypeAttribute : Attribute
{
    /// <summary>Declares an image column of unknown size.</summary>
    public ImageTypeAttribute()
    {
    }

    /// <summary>Declares an image column whose images are all <paramref name="height"/> x
    /// <paramref name="width"/>.</summary>
    /// <param name="height">The height in pixels, at least 1.</param>
    /// <param name="width">The width in pixels, at least 1.</param>
    /// <exception cref="ArgumentOutOfRangeException">A size is not positive.</exception>
    public ImageTypeAttribute(int height, int width)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        Height = height;
        Width = width;
    }

    /// <summary>The height in pixels, or 0 for an unknown size.</summary>
    public int Height { get; }

    /// <summary>The width in pixels, or 0 for an unknown size.</summary>
    public int Width { get; }

    /// <summary>The column type this attribute declares.</summary>
    internal ImageDataViewType ToType() => Height > 0 ? new ImageDataViewType(Height, Width) : new ImageDataViewType();
}
