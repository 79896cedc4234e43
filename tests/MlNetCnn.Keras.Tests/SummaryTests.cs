using MlNetCnn.Engine;
using MlNetCnn.Keras.Layers;

namespace MlNetCnn.Keras.Tests;

public class SummaryTests
{
    // Keras 2 (tf.keras 2.9+) prints exactly this for the course's network: 65-character lines, columns ending at
    // 29, 55 and 65, a leading space on each row, names longer than 27 characters wrapped, blank (space-filled) lines
    // between layers, row counts without separators and totals with them.
    private static readonly string[] CourseSummary =
    [
        "Model: \"sequential\"",
        "_________________________________________________________________",
        " Layer (type)                Output Shape              Param #   ",
        "=================================================================",
        " conv2d (Conv2D)             (None, 26, 26, 64)        640       ",
        "                                                                 ",
        " max_pooling2d (MaxPooling2D  (None, 13, 13, 64)       0         ",
        " )                                                               ",
        "                                                                 ",
        " conv2d_1 (Conv2D)           (None, 11, 11, 64)        36,928    ",
        "                                                                 ",
        " max_pooling2d_1 (MaxPooling  (None, 5, 5, 64)         0         ",
        " 2D)                                                             ",
        "                                                                 ",
        " flatten (Flatten)           (None, 1600)              0         ",
        "                                                                 ",
        " dense (Dense)               (None, 128)               204,928   ",
        "                                                                 ",
        " dense_1 (Dense)             (None, 10)                1,290     ",
        "                                                                 ",
        "=================================================================",
        "Total params: 243,786",
        "Trainable params: 243,786",
        "Non-trainable params: 0",
        "_________________________________________________________________",
    ];

    [Fact]
    public void CourseNetworkSummaryIsKerasText()
    {
        using var scope = KerasNames.BeginScope();
        var model = TestData.CourseNetwork();

        string text = model.Summary();

        Assert.Equal(string.Join("\n", CourseSummary) + "\n", text);
        foreach (string line in CourseSummary.Where(l => l.StartsWith(' ')))
            Assert.Equal(65, line.Length);
    }

    [Fact]
    public void SummaryPrintsLineByLine()
    {
        using var scope = KerasNames.BeginScope();
        var model = TestData.CourseNetwork();
        var lines = new List<string>();

        model.Summary(lines.Add);

        Assert.Equal(CourseSummary, lines);
    }

    [Fact]
    public void CourseNetworkShapesAndCounts()
    {
        using var scope = KerasNames.BeginScope();
        var model = TestData.CourseNetwork();

        Assert.Equal(new long[] { 640, 0, 36928, 0, 0, 204928, 1290 }, model.Layers.Select(l => l.CountParams()));
        Assert.Equal(243786, model.CountParams());
        Assert.Equal(
            new[] { "26,26,64", "13,13,64", "11,11,64", "5,5,64", "1600", "128", "10" },
            model.Layers.Select(l => string.Join(",", l.OutputShape)));
        Assert.Equal(10, model.ClassCount);
        Assert.Equal(new[] { 28, 28, 1 }, model.InputShape);
    }

    [Fact]
    public void InputLayerFormGivesTheSameSummary()
    {
        using var scope = KerasNames.BeginScope();
        var model = new Sequential(
            new InputLayer((28, 28, 1)),
            new Conv2D(64, (3, 3), activation: Activations.Relu),
            new MaxPooling2D(poolSize: (2, 2)),
            new Conv2D(64, (3, 3), activation: Activations.Relu),
            new MaxPooling2D(poolSize: (2, 2)),
            new Flatten(),
            new Dense(128, activation: Activations.Relu),
            new Dense(10, activation: Activations.Softmax));

        Assert.Equal(string.Join("\n", CourseSummary) + "\n", model.Summary());
        Assert.Equal(7, model.Layers.Count);
    }

    [Fact]
    public void NamesCountPerKindAndModel()
    {
        using var scope = KerasNames.BeginScope();
        var first = TestData.CourseNetwork();
        var second = new Sequential(new Dense(4), new Dropout(0.5f), new AveragePooling2D(), new Dropout(0.1f));

        Assert.Equal("sequential", first.Name);
        Assert.Equal("sequential_1", second.Name);
        Assert.Equal(new[] { "dense_2", "dropout", "average_pooling2d", "dropout_1" }, second.Layers.Select(l => l.Name));
        Assert.Equal("input_1", new InputLayer(3).Name);
        Assert.Equal("input_2", new InputLayer(3).Name);
        Assert.Equal("mine", new Dense(3, name: "mine").Name);

        Sequential.ResetNameCounters();
        Assert.Equal("dense", new Dense(1).Name);
    }

    [Fact]
    public void SummaryBeforeBuildFails()
    {
        using var scope = KerasNames.BeginScope();
        var model = new Sequential(new Flatten(), new Dense(10));

        var e = Assert.Throws<InvalidOperationException>(() => model.Summary());
        Assert.Contains("not yet been built", e.Message);

        model.Build((4, 4));
        Assert.Contains(" flatten (Flatten)           (None, 16)                0         ", model.Summary());
    }

    [Fact]
    public void LongFieldsContinueOnTheNextLine()
    {
        using var scope = KerasNames.BeginScope();
        var model = new Sequential(new Dense(3, inputShape: (2, 2, 2, 2)));

        var lines = model.Summary(lineLength: 40).Split('\n');

        // Columns end at int(40 * .45) = 18, int(40 * .85) = 34 and 40; the shape column holds 34 - 18 - 2 = 14
        // characters per line, so "(None, 2, 2, 2, 3)" continues with ", 3)" under it; the last column holds 6, so
        // the header's "Param #" wraps too.
        Assert.Equal(" Layer (type)     Output Shape    Param ", lines[2]);
        Assert.Equal("                                  #     ", lines[3]);
        Assert.Equal(" dense (Dense)    (None, 2, 2, 2  9     ", lines[5]);
        Assert.Equal("                  , 3)                  ", lines[6]);
        Assert.All(lines.Where(l => l.StartsWith(' ')), l => Assert.Equal(40, l.Length));
    }
}
