using MlNetCnn.Engine.Ops;
using MlNetCnn.Kernels;

namespace MlNetCnn.Engine;

public sealed partial class Graph
{
    /// <summary>
    /// A 2-D convolution of an NHWC input with a (KH, KW, C, filters) kernel and an optional bias; see
    /// <see cref="Conv2DGeometry"/> for the formula and <see cref="ConvArithmetic"/> for the output size.
    /// Parameters are named "<paramref name="name"/>/kernel" and "<paramref name="name"/>/bias".
    /// </summary>
    /// <exception cref="ShapeException">The input is not (H, W, C) or the kernel does not fit; the message names the layer.</exception>
    public Node Conv2D(string name, Node input, int filters, int kernelHeight, int kernelWidth, int strideH = 1, int strideW = 1,
        Padding padding = Padding.Valid, bool useBias = true, Initializer kernelInitializer = Initializer.GlorotUniform,
        Initializer biasInitializer = Initializer.Zeros)
    {
        if (filters <= 0) throw new ShapeException(name, $"filters must be positive, got {filters}.");
        if (kernelHeight <= 0 || kernelWidth <= 0) throw new ShapeException(name, $"the kernel size must be positive, got ({kernelHeight}, {kernelWidth}).");
        if (input.SampleShape.Length != 3)
            throw new ShapeException(name, $"Conv2D expects inputs of rank 4 (batch, height, width, channels), got {ShapeException.Format(input.SampleShape)}.");
        int channels = input.SampleShape[2];
        int receptive = kernelHeight * kernelWidth;
        var kernel = AddParameter(name + "/kernel", new[] { kernelHeight, kernelWidth, channels, filters }, kernelInitializer, receptive * channels, receptive * filters);
        var bias = useBias ? AddParameter(name + "/bias", new[] { filters }, biasInitializer, receptive * channels, filters) : null;
        return AddOp(new Conv2DOp(name, input, kernel, bias, strideH, strideW, padding));
    }

    /// <summary>Max pooling: each output is the maximum of its window (ties: the first cell in row-major order).</summary>
    public Node MaxPooling2D(string name, Node input, int poolHeight, int poolWidth, int strideH, int strideW, Padding padding = Padding.Valid) =>
        AddOp(new Pool2DOp(name, input, true, poolHeight, poolWidth, strideH, strideW, padding));

    /// <summary>Average pooling: each output is the mean of the in-bounds cells of its window.</summary>
    public Node AveragePooling2D(string name, Node input, int poolHeight, int poolWidth, int strideH, int strideW, Padding padding = Padding.Valid) =>
        AddOp(new Pool2DOp(name, input, false, poolHeight, poolWidth, strideH, strideW, padding));

    /// <summary>Flattens each sample to one vector in row-major (channels-last) order, as Keras's Flatten does.</summary>
    public Node Flatten(string name, Node input) => AddOp(new ReshapeOp(name, input, null, "Flatten"));

    /// <summary>Reshapes each sample to <paramref name="sampleShape"/> (same number of values).</summary>
    public Node Reshape(string name, Node input, params int[] sampleShape) => AddOp(new ReshapeOp(name, input, sampleShape, "Reshape"));

    /// <summary>
    /// A fully connected layer over the last axis: y = x W + b (MatMul then BiasAdd), W of shape (in, units).
    /// Parameters are named "<paramref name="name"/>/kernel" and "<paramref name="name"/>/bias".
    /// </summary>
    public Node Dense(string name, Node input, int units, bool useBias = true,
        Initializer kernelInitializer = Initializer.GlorotUniform, Initializer biasInitializer = Initializer.Zeros)
    {
        if (units <= 0) throw new ShapeException(name, $"units must be positive, got {units}.");
        int inUnits = input.SampleShape[^1];
        var kernel = AddParameter(name + "/kernel", new[] { inUnits, units }, kernelInitializer, inUnits, units);
        var y = AddOp(new MatMulOp(name, input, kernel));
        if (!useBias) return y;
        var bias = AddParameter(name + "/bias", new[] { units }, biasInitializer, inUnits, units);
        return AddOp(new BiasAddOp(name, y, bias));
    }

    /// <summary>An element-wise activation (linear, relu, sigmoid, tanh).</summary>
    public Node Activation(string name, Node input, ActivationKind kind) => AddOp(new ActivationOp(name, input, kind));

    /// <summary>Softmax over the last axis, computed stably (the row maximum is subtracted first).</summary>
    public Node Softmax(string name, Node input) => AddOp(ActivationOp.Softmax(name, input));

    /// <summary>Inverted dropout, active only in training: kept values are scaled by 1 / (1 - rate).</summary>
    public Node Dropout(string name, Node input, float rate) => AddOp(new DropoutOp(name, input, rate));
}
