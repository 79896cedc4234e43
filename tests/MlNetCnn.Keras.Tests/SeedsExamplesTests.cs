using MlNetCnn.Keras.Layers;

namespace MlNetCnn.Keras.Tests;

/// <summary>The layer examples of the course documents (shared/seeds), each built and checked.</summary>
public sealed class SeedsExamplesTests
{
    [Fact]
    public void A_4x4_filter_on_rgb_has_48_weights_and_five_of_them_240()
    {
        using var names = KerasNames.BeginScope();
        var model = new Sequential(new Conv2D(5, (4, 4), inputShape: (32, 32, 3)));
        model.Build((32, 32, 3));
        var kernel = model.GetWeights()[0];
        Assert.Equal(new[] { 4, 4, 3, 5 }, kernel.Shape);   // (KH, KW, C, F): 4 * 4 * 3 = 48 weights per filter
        Assert.Equal(240, kernel.Length);
        Assert.Equal(240 + 5, model.CountParams());         // plus one bias per filter
        Assert.Equal(new[] { 29, 29, 5 }, model.OutputShape);
    }

    [Fact]
    public void Conv2D_32_3_stride_1_same_relu_keeps_the_spatial_size()
    {
        using var names = KerasNames.BeginScope();
        var model = new Sequential(new Conv2D(32, 3, (1, 1), padding: "same", activation: "relu", inputShape: (28, 28, 1)));
        Assert.Equal(new[] { 28, 28, 32 }, model.OutputShape);
        Assert.Equal(3 * 3 * 1 * 32 + 32, model.CountParams());
    }

    [Fact]
    public void Stacked_3x3_on_four_channels_to_six_then_2x2_stride_2()
    {
        using var names = KerasNames.BeginScope();
        var model = new Sequential(
            new Conv2D(6, (3, 3), inputShape: (10, 10, 4)),
            new Conv2D(6, (2, 2), strides: (2, 2)));
        Assert.Equal(new[] { 8, 8, 6 }, model.Layers[0].OutputShape);
        Assert.Equal(new[] { 4, 4, 6 }, model.Layers[1].OutputShape);       // floor((8 - 2) / 2) + 1
        Assert.Equal(3 * 3 * 4 * 6 + 6, model.Layers[0].CountParams());
        Assert.Equal(2 * 2 * 6 * 6 + 6, model.Layers[1].CountParams());
    }

    [Theory]
    [InlineData(28, 3, 26)] // the course: a 3x3 filter removes a one-pixel margin
    [InlineData(28, 5, 24)]
    public void Valid_convolution_shrinks_by_filter_size_minus_one(int n, int f, int expected)
    {
        using var names = KerasNames.BeginScope();
        var model = new Sequential(new Conv2D(1, f, inputShape: (n, n, 1)));
        Assert.Equal(expected, model.OutputShape[0]);
    }

    [Fact]
    public void Pooling_layers_have_no_weights_and_floor_odd_sizes()
    {
        using var names = KerasNames.BeginScope();
        var model = new Sequential(
            new Conv2D(64, 3, activation: "relu", inputShape: (13, 13, 1)),
            new MaxPooling2D(2),
            new AveragePooling2D(2, padding: "same"));
        Assert.Equal(new[] { 5, 5, 64 }, model.Layers[1].OutputShape);  // 11 -> 5
        Assert.Equal(new[] { 3, 3, 64 }, model.Layers[2].OutputShape);  // same: ceil(5 / 2)
        Assert.Equal(0, model.Layers[1].CountParams());
        Assert.Equal(0, model.Layers[2].CountParams());
    }
}
