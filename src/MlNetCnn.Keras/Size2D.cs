namespace MlNetCnn.Keras;

/// <summary>
/// A (height, width) pair for kernel sizes, strides and pool sizes. Converts implicitly from one int (used for both
/// dimensions, as Keras does: <c>kernelSize: 3</c> means 3x3) and from a tuple (<c>kernelSize: (3, 3)</c>).
/// </summary>
/// <param name="Height">The vertical size.</param>
/// <param name="Width">The horizontal size.</param>
public readonly record struct Size2D(int Height, int Width)
{
    /// <summary>The same size in both dimensions.</summary>
    public static implicit operator Size2D(int size) => new(size, size);

    /// <summary>A (height, width) tuple.</summary>
    public static implicit operator Size2D((int Height, int Width) size) => new(size.Height, size.Width);

    /// <summary>Formats as (3, 3), Keras's tuple notation.</summary>
    public override string ToString() => $"({Height}, {Width})";

    internal bool IsPositive => Height > 0 && Width > 0;
}
