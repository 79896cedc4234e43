using MlNetCnn.Engine;
using MlNetCnn.Keras.Layers;

namespace MlNetCnn.Keras.Tests;

public class LayerTests
{
    [Fact]
    public void KernelLargerThanItsInputIsRefusedAtBuildNamingLayerAndShapes()
    {
        using var scope = KerasNames.BeginScope();
        var model = new Sequential(
            new Conv2D(8, 3, activation: "relu", inputShape: (6, 6, 1)),
            new MaxPooling2D(2, 2));

        // (6,6) -> conv 3x3 -> (4,4) -> pool -> (2,2): a second 3x3 kernel does not fit.
        var e = Assert.Throws<ShapeException>(() => model.Add(new Conv2D(4, (3, 3))));

        Assert.Equal("conv2d_1", e.LayerName);
        Assert.Contains("conv2d_1", e.Message);
        Assert.Contains("(None, 2, 2, 8)", e.Message);
        Assert.Contains("(None, 0, 0, 4)", e.Message);
        Assert.Equal(2, model.Layers.Count);
        Assert.Null(new Conv2D(1, 1).Model);
    }

    [Fact]
    public void TooSmallInputGivenLaterIsRefusedByBuild()
    {
        using var scope = KerasNames.BeginScope();
        var model = new Sequential(new Conv2D(4, 5, name: "big_kernel"), new Flatten());

        var e = Assert.Throws<ShapeException>(() => model.Build((3, 3, 1)));

        Assert.Equal("big_kernel", e.LayerName);
        Assert.Contains("(None, 3, 3, 1)", e.Message);
        Assert.False(model.IsBuilt);
        model.Build((5, 5, 1));
        Assert.Equal(new[] { 4 }, model.OutputShape);
    }

    [Fact]
    public void PoolingWindowLargerThanInputIsRefused()
    {
        using var scope = KerasNames.BeginScope();
        var e = Assert.Throws<ShapeException>(() => new Sequential(new InputLayer((1, 5, 3)), new MaxPooling2D(2, 2)));
        Assert.Equal("max_pooling2d", e.LayerName);
        Assert.Contains("(None, 1, 5, 3)", e.Message);
    }

    [Theory]
    [InlineData("valid")]
    [InlineData("same")]
    public void ConvOutputSizesFollowTheCourseFormula(string padding)
    {
        using var scope = KerasNames.BeginScope();
        for (int n = 1; n <= 9; n++)
        {
            for (int f = 1; f <= 4; f++)
            {
                for (int s = 1; s <= 3; s++)
                {
                    // The course: floor((n + 2p - f) / s) + 1 with p = 0 for valid; same gives floor((n - 1) / s) + 1.
                    int expected = padding == "valid" ? (n - f < 0 ? 0 : (n - f) / s + 1) : (n - 1) / s + 1;
                    int p = 0;
                    if (padding == "valid")
                        Assert.Equal(expected, ConvArithmetic.OutputSize(n, f, p, s));
                    Assert.Equal(expected, ConvArithmetic.OutputSize(n, f, s, padding == "same" ? Padding.Same : Padding.Valid));

                    var conv = new Conv2D(2, (f, f), strides: (s, s), padding: padding);
                    var pool = new MaxPooling2D(f, s, padding: padding);
                    if (expected <= 0)
                    {
                        Assert.Throws<ShapeException>(() => new Sequential(new InputLayer((n, n, 3)), conv));
                        continue;
                    }
                    Assert.Equal(new[] { expected, expected, 2 }, new Sequential(new InputLayer((n, n, 3)), conv).Layers[0].OutputShape);
                    Assert.Equal(new[] { expected, expected, 3 }, new Sequential(new InputLayer((n, n, 3)), pool).Layers[0].OutputShape);
                }
            }
        }
    }

    [Fact]
    public void EvenPaddingTotalsMatchTheTextbookFormulaForSame()
    {
        // For stride 1 and odd f, "same" is the textbook p = (f - 1) / 2: (n + 2p - f) / 1 + 1 = n.
        for (int n = 1; n <= 12; n++)
            foreach (int f in new[] { 1, 3, 5 })
                Assert.Equal(n, ConvArithmetic.OutputSize(n, f, (f - 1) / 2, 1));
    }

    [Fact]
    public void RectangularKernelsStridesAndShapes()
    {
        using var scope = KerasNames.BeginScope();
        var model = new Sequential(
            new Conv2D(5, (3, 1), strides: (2, 1), inputShape: (9, 7, 2)),
            new AveragePooling2D((2, 3), padding: "same"),
            new Flatten(),
            new Dense(4));

        Assert.Equal(new[] { 4, 7, 5 }, model.Layers[0].OutputShape);
        Assert.Equal(new[] { 2, 3, 5 }, model.Layers[1].OutputShape);
        Assert.Equal(new[] { 30 }, model.Layers[2].OutputShape);
        Assert.Equal(3 * 1 * 2 * 5 + 5, model.Layers[0].CountParams());
        Assert.Equal(30 * 4 + 4, model.Layers[3].CountParams());
    }

    [Theory]
    [InlineData("full")]
    [InlineData("")]
    public void BadPaddingNamesTheLayer(string padding)
    {
        using var scope = KerasNames.BeginScope();
        var e = Assert.Throws<ArgumentException>(() => new Conv2D(4, 3, padding: padding, name: "c1"));
        Assert.Contains("'c1'", e.Message);
        Assert.Contains("valid", e.Message);
        Assert.Contains("'max_pooling2d'", Assert.Throws<ArgumentException>(() => new MaxPooling2D(padding: padding)).Message);
    }

    [Fact]
    public void PaddingIsCaseInsensitiveAsInKeras()
    {
        Assert.Equal(Padding.Same, new Conv2D(1, 3, padding: "SAME").Padding);
    }

    [Fact]
    public void BadSizesAndNamesAreRejectedNamingTheLayer()
    {
        using var scope = KerasNames.BeginScope();
        Assert.Contains("'conv2d'", Assert.Throws<ArgumentOutOfRangeException>(() => new Conv2D(0, 3)).Message);
        Assert.Contains("'conv2d_1'", Assert.Throws<ArgumentOutOfRangeException>(() => new Conv2D(4, (0, 3))).Message);
        Assert.Contains("'conv2d_2'", Assert.Throws<ArgumentOutOfRangeException>(() => new Conv2D(4, 3, strides: (1, -1))).Message);
        Assert.Contains("'dense'", Assert.Throws<ArgumentOutOfRangeException>(() => new Dense(-3)).Message);
        Assert.Contains("'max_pooling2d'", Assert.Throws<ArgumentOutOfRangeException>(() => new MaxPooling2D(0)).Message);
        Assert.Contains("'dropout'", Assert.Throws<ArgumentOutOfRangeException>(() => new Dropout(1.5f)).Message);
        Assert.Contains("'d'", Assert.Throws<ArgumentException>(() => new Dense(3, kernelInitializer: "uniformish", name: "d")).Message);
        Assert.Throws<ArgumentException>(() => new Conv2D(4, 3, inputShape: (28, 28)));
        Assert.Throws<ArgumentException>(() => new Shape(28, 0));
    }

    [Fact]
    public void ActivationsByNameAndByValue()
    {
        using var scope = KerasNames.BeginScope();
        Assert.Equal(Activations.Relu, new Dense(3, activation: "relu").Activation);
        Assert.Equal(Activations.Softmax, new Dense(3, activation: "Softmax").Activation);
        Assert.Same(Activations.Tanh, new Conv2D(3, 3, activation: Activations.Tanh).Activation);
        Assert.Null(new Dense(3, activation: "linear").Activation);
        Assert.Null(new Dense(3).Activation);
        Assert.Equal(Activations.Sigmoid, Activations.Get("sigmoid"));
        string? none = null;
        Assert.Null(new Dense(3, activation: none).Activation);

        var e = Assert.Throws<ArgumentException>(() => new Dense(3, activation: "relux", name: "head"));
        Assert.Contains("'head'", e.Message);
        Assert.Contains("relux", e.Message);
    }

    [Fact]
    public void DuplicateNamesSharedLayersAndMisplacedInputsAreRejected()
    {
        using var scope = KerasNames.BeginScope();
        var model = new Sequential(new Dense(3, inputShape: 2, name: "a"));
        Assert.Contains("unique names", Assert.Throws<ArgumentException>(() => model.Add(new Dense(3, name: "a"))).Message);

        var shared = new Dense(2);
        model.Add(shared);
        Assert.Throws<ArgumentException>(() => new Sequential(shared));
        Assert.Throws<ArgumentException>(() => model.Add(new InputLayer(3)));
        Assert.Throws<InvalidOperationException>(() => model.Build(5));
    }

    [Fact]
    public void LaterInputShapesAreIgnoredAsInKeras()
    {
        using var scope = KerasNames.BeginScope();
        // The course repeats input_shape on the second Conv2D; Keras ignores it there.
        var model = new Sequential(
            new Conv2D(4, (3, 3), activation: "relu", inputShape: (10, 10, 1)),
            new MaxPooling2D(2, 2),
            new Conv2D(4, (3, 3), activation: "relu", inputShape: (10, 10, 1)));

        Assert.Equal(new[] { 2, 2, 4 }, model.OutputShape);
    }

    [Fact]
    public void WeightsHaveKerasShapesAndRoundTrip()
    {
        using var scope = KerasNames.BeginScope();
        var model = new Sequential(new[] { (Layer)new Conv2D(3, (2, 2), inputShape: (4, 4, 2)), new Flatten(), new Dense(5) }, seed: 3);

        var weights = model.GetWeights();

        Assert.Equal(new[] { "2,2,2,3", "3", "27,5", "5" }, weights.Select(w => string.Join(",", w.Shape)));
        Assert.All(weights[1].Data, v => Assert.Equal(0f, v));
        Assert.Contains(weights[0].Data, v => v != 0f);
        Assert.Equal(2, model.Layers[0].GetWeights().Count);
        Assert.Empty(model.Layers[1].GetWeights());

        var changed = weights.Select(w => new Tensor(w.Shape, w.Data.Select((v, i) => v + i).ToArray())).ToArray();
        model.SetWeights(changed);
        Assert.Equal(changed[2].Data, model.Layers[2].GetWeights()[0].Data);

        var e = Assert.Throws<ArgumentException>(() => model.Layers[2].SetWeights(new[] { new Tensor(5, 27), new Tensor(5) }));
        Assert.Contains("dense/kernel", e.Message);
        Assert.Throws<ArgumentException>(() => model.SetWeights(weights.Take(3).ToArray()));
    }

    [Fact]
    public void SameSeedGivesSameInitialWeights()
    {
        using var scope = KerasNames.BeginScope();
        Sequential Make(int seed) => new(new Layer[] { new Conv2D(4, 3, inputShape: (5, 5, 1)), new Flatten(), new Dense(3) }, seed: seed);

        Assert.Equal(Make(7).GetWeights()[0].Data, Make(7).GetWeights()[0].Data);
        Assert.NotEqual(Make(7).GetWeights()[0].Data, Make(8).GetWeights()[0].Data);
    }

    [Fact]
    public void AddingLayersKeepsExistingWeights()
    {
        using var scope = KerasNames.BeginScope();
        var model = new Sequential(new[] { (Layer)new Dense(4, inputShape: 3) }, seed: 1);
        var before = model.GetWeights();

        model.Add(new Dense(2));

        Assert.Equal(before[0].Data, model.GetWeights()[0].Data);
        Assert.Equal(4, model.GetWeights().Count);
    }

    [Fact]
    public void NotBuiltLayersExplainWhatIsMissing()
    {
        using var scope = KerasNames.BeginScope();
        var model = new Sequential(new Dense(3));
        var e = Assert.Throws<InvalidOperationException>(() => model.Layers[0].OutputShape);
        Assert.Contains("'dense'", e.Message);
        Assert.Contains("inputShape", e.Message);
        Assert.Throws<InvalidOperationException>(() => model.CountParams());
    }

    [Fact]
    public void HugeInputShapesAreRefusedWithoutAllocating()
    {
        using var scope = KerasNames.BeginScope();
        var e = Assert.Throws<ShapeException>(() => new Sequential(new InputLayer((65536, 65536, 65536, 65536)), new Flatten()));
        Assert.Contains("at most", e.Message);
    }
}
