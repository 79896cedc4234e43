namespace MlNetCnn.Kernels;

/// <summary>
/// The shapes of one 2-D convolution in NHWC layout: input (N, H, W, C), kernel (KH, KW, C, F), output (N, OH, OW, F).
/// </summary>
/// <remarks>
/// Output element (n, oy, ox, f) = bias[f] + sum over (ky, kx, c) of
/// input[n, oy*StrideH + ky - PadTop, ox*StrideW + kx - PadLeft, c] * kernel[ky, kx, c, f],
/// where input positions outside the image contribute zero. The caller computes OutHeight/OutWidth
/// (valid: floor((H - KH) / S) + 1; same: ceil(H / S)) and the padding (same: total = max((OH-1)*S + KH - H, 0),
/// PadTop = total / 2, the odd extra row goes to the bottom, as Keras/TensorFlow do).
/// </remarks>
/// <param name="Batch">N, the number of images.</param>
/// <param name="InHeight">H.</param>
/// <param name="InWidth">W.</param>
/// <param name="InChannels">C.</param>
/// <param name="KernelHeight">KH.</param>
/// <param name="KernelWidth">KW.</param>
/// <param name="Filters">F, the number of output channels.</param>
/// <param name="StrideH">Vertical stride.</param>
/// <param name="StrideW">Horizontal stride.</param>
/// <param name="PadTop">Zero rows above the image.</param>
/// <param name="PadLeft">Zero columns left of the image.</param>
/// <param name="OutHeight">OH.</param>
/// <param name="OutWidth">OW.</param>
public readonly record struct Conv2DGeometry(
    int Batch, int InHeight, int InWidth, int InChannels,
    int KernelHeight, int KernelWidth, int Filters,
    int StrideH, int StrideW, int PadTop, int PadLeft,
    int OutHeight, int OutWidth)
{
    /// <summary>N*H*W*C.</summary>
    public long InputLength => (long)Batch * InHeight * InWidth * InChannels;

    /// <summary>KH*KW*C*F.</summary>
    public long KernelLength => (long)KernelHeight * KernelWidth * InChannels * Filters;

    /// <summary>N*OH*OW*F.</summary>
    public long OutputLength => (long)Batch * OutHeight * OutWidth * Filters;
}

/// <summary>
/// The shapes of one 2-D pooling in NHWC layout: input (N, H, W, C), output (N, OH, OW, C), window PoolH x PoolW.
/// </summary>
/// <remarks>
/// The window of output (oy, ox) covers input rows oy*StrideH - PadTop .. + PoolH - 1 and the matching columns;
/// cells outside the input are ignored (max pooling never picks them, average pooling does not count them,
/// as TensorFlow does for 'same' padding).
/// </remarks>
/// <param name="Batch">N.</param>
/// <param name="InHeight">H.</param>
/// <param name="InWidth">W.</param>
/// <param name="Channels">C.</param>
/// <param name="PoolHeight">Window height.</param>
/// <param name="PoolWidth">Window width.</param>
/// <param name="StrideH">Vertical stride.</param>
/// <param name="StrideW">Horizontal stride.</param>
/// <param name="PadTop">Rows of padding above.</param>
/// <param name="PadLeft">Columns of padding on the left.</param>
/// <param name="OutHeight">OH.</param>
/// <param name="OutWidth">OW.</param>
public readonly record struct PoolGeometry(
    int Batch, int InHeight, int InWidth, int Channels,
    int PoolHeight, int PoolWidth, int StrideH, int StrideW,
    int PadTop, int PadLeft, int OutHeight, int OutWidth)
{
    /// <summary>N*H*W*C.</summary>
    public long InputLength => (long)Batch * InHeight * InWidth * Channels;

    /// <summary>N*OH*OW*C.</summary>
    public long OutputLength => (long)Batch * OutHeight * OutWidth * Channels;
}

/// <summary>Element-wise activation functions.</summary>
public enum ActivationKind
{
    /// <summary>y = x.</summary>
    Linear,
    /// <summary>y = max(x, 0); derivative 1 where y &gt; 0, else 0.</summary>
    Relu,
    /// <summary>y = 1 / (1 + exp(-x)); derivative y(1 - y).</summary>
    Sigmoid,
    /// <summary>y = tanh(x); derivative 1 - y^2.</summary>
    Tanh,
}
