using MlNetCnn.Data;

namespace MlNetCnn.Transforms.Image;

/// <summary>
/// The type of image columns: values are <see cref="MLImage"/> objects. The type may carry the image size that every
/// value has (after <c>ResizeImages</c>) or leave it unknown (after <c>LoadImages</c>).
/// </summary>
/// <remarks>
/// Two image types are equal when their <see cref="Height"/> and <see cref="Width"/> are equal; the unknown-size type
/// has both 0. Image types are saved in model schemas (as a custom type named <c>Image</c> with height and width).
/// </remarks>
public sealed class ImageDataViewType : StructuredDataViewType, ISchemaSerializableType
{
    /// <summary>The name image types are saved under in model schemas.</summary>
    internal const string SerializationName = "Image";

    /// <summary>The height of every image of the column, or 0 when unknown.</summary>
    public readonly int Height;

    /// <summary>The width of every image of the column, or 0 when unknown.</summary>
    public readonly int Width;

    /// <summary>Creates the type of images of a known size.</summary>
    /// <param name="height">The height in pixels, at least 1.</param>
    /// <param name="width">The width in pixels, at least 1.</param>
    /// <exception cref="ArgumentOutOfRangeException">A size is not positive, or height * width exceeds
    /// int.MaxValue / 4 (the pixels could not be extracted into one vector).</exception>
    public ImageDataViewType(int height, int width)
        : base(typeof(MLImage))
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        if ((long)height * width > int.MaxValue / 4)
        {
            throw new ArgumentOutOfRangeException(
                nameof(height), $"An image type of {height}x{width} pixels is too large (height * width must be at most {int.MaxValue / 4}).");
        }

        Height = height;
        Width = width;
    }

    /// <summary>Creates the type of images whose size is not known in advance (and may vary from row to row).</summary>
    public ImageDataViewType()
        : base(typeof(MLImage))
    {
    }

    /// <summary>Whether the size is known (<see cref="Height"/> and <see cref="Width"/> positive).</summary>
    internal bool IsKnownSize => Height > 0 && Width > 0;

    string ISchemaSerializableType.SerializationName => SerializationName;

    /// <inheritdoc/>
    public override bool Equals(DataViewType? other)
        => ReferenceEquals(other, this) || (other is ImageDataViewType t && t.Height == Height && t.Width == Width);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is DataViewType other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(typeof(MLImage), Height, Width);

    /// <summary>Returns <c>Image</c> for the unknown size, else <c>Image&lt;height, width&gt;</c>.</summary>
    /// <returns>The description.</returns>
    public override string ToString() => IsKnownSize ? $"Image<{Height}, {Width}>" : "Image";

    void ISchemaSerializableType.Write(BinaryWriter writer)
    {
        writer.Write(Height);
        writer.Write(Width);
    }

    /// <summary>Reads the parameters written by <see cref="ISchemaSerializableType.Write"/>.</summary>
    internal static DataViewType Read(ModelBinaryReader reader)
    {
        int height = reader.ReadInt32();
        int width = reader.ReadInt32();
        if (height == 0 && width == 0)
        {
            return new ImageDataViewType();
        }

        if (height < 1 || width < 1 || (long)height * width > int.MaxValue / 4)
        {
            throw reader.Corrupt($"an image type has size {height}x{width}");
        }

        return new ImageDataViewType(height, width);
    }
}
