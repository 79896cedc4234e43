namespace MlNetCnn.Engine;

/// <summary>Padding modes of convolution and pooling, with Keras's names and semantics.</summary>
public enum Padding
{
    /// <summary>No padding: windows lie entirely inside the input. Output = floor((n - f) / s) + 1.</summary>
    Valid,
    /// <summary>Zero padding so that output = ceil(n / s); an odd total padding puts the extra row/column at the bottom/right.</summary>
    Same,
}

/// <summary>The output-size and padding arithmetic of convolution and pooling (the course's formulas).</summary>
public static class ConvArithmetic
{
    /// <summary>
    /// The textbook formula: output = floor((n + 2p - f) / s) + 1 for input size n, filter size f, padding p on each
    /// side and stride s. Returns 0 or less when the filter does not fit.
    /// </summary>
    /// <remarks>For n = 28, f = 3, p = 0, s = 1 this is 26; for a 2x2 pooling window with stride 2 on 11, it is 5 (floor).</remarks>
    public static int OutputSize(int inputSize, int filterSize, int paddingPerSide, int stride)
    {
        if (stride <= 0) throw new ArgumentOutOfRangeException(nameof(stride), stride, "Stride must be positive.");
        int span = inputSize + 2 * paddingPerSide - filterSize;
        return span < 0 ? 0 : span / stride + 1;
    }

    /// <summary>
    /// Output size for a Keras padding mode: valid = floor((n - f) / s) + 1 (0 when f &gt; n); same = ceil(n / s).
    /// </summary>
    public static int OutputSize(int inputSize, int filterSize, int stride, Padding padding)
    {
        if (stride <= 0) throw new ArgumentOutOfRangeException(nameof(stride), stride, "Stride must be positive.");
        return padding == Padding.Same
            ? (inputSize + stride - 1) / stride
            : OutputSize(inputSize, filterSize, 0, stride);
    }

    /// <summary>
    /// The padding before the first element (top or left) for a Keras padding mode: for same padding the total is
    /// max((out - 1) * s + f - n, 0) and the smaller half goes first (TensorFlow's split); valid padding is 0.
    /// </summary>
    public static int PaddingBefore(int inputSize, int filterSize, int stride, Padding padding)
    {
        if (padding == Padding.Valid) return 0;
        int output = OutputSize(inputSize, filterSize, stride, padding);
        int total = Math.Max((output - 1) * stride + filterSize - inputSize, 0);
        return total / 2;
    }
}
