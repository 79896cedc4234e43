using MlNetCnn.Engine;
using MlNetCnn.Keras.Layers;

namespace MlNetCnn.Keras.Tests;

/// <summary>Small synthetic problems and the course's network, built in a private naming scope.</summary>
internal static class TestData
{
    /// <summary>
    /// Gaussian blobs: <paramref name="classes"/> clusters in 2-D with centres on a circle of radius 3 and standard
    /// deviation <paramref name="spread"/>; labels cycle through the classes.
    /// </summary>
    public static (Tensor X, Tensor Y, int[] Labels) Blobs(int n, int classes, int seed, double spread = 0.5)
    {
        var random = new Random(seed);
        var x = new Tensor(n, 2);
        var y = new Tensor(n);
        var labels = new int[n];
        for (int i = 0; i < n; i++)
        {
            int c = i % classes;
            double angle = 2 * Math.PI * c / classes;
            x[i, 0] = (float)(3 * Math.Cos(angle) + spread * Normal(random));
            x[i, 1] = (float)(3 * Math.Sin(angle) + spread * Normal(random));
            y[i] = c;
            labels[i] = c;
        }
        return (x, y, labels);
    }

    /// <summary>
    /// 6x6 one-channel images: class 0 has a bright vertical bar, class 1 a horizontal bar, at a random position,
    /// plus noise. Separable by a small CNN.
    /// </summary>
    public static (Tensor X, int[] Labels) Bars(int n, int seed)
    {
        var random = new Random(seed);
        var x = new Tensor(n, 6, 6, 1);
        var labels = new int[n];
        for (int i = 0; i < n; i++)
        {
            int c = i % 2;
            int at = random.Next(6);
            for (int r = 0; r < 6; r++)
            {
                for (int col = 0; col < 6; col++)
                {
                    bool on = c == 0 ? col == at : r == at;
                    x[i, r, col, 0] = (on ? 1f : 0f) + (float)(0.1 * random.NextDouble());
                }
            }
            labels[i] = c;
        }
        return (x, labels);
    }

    public static Tensor OneHot(int[] labels, int classes)
    {
        var t = new Tensor(labels.Length, classes);
        for (int i = 0; i < labels.Length; i++) t[i, labels[i]] = 1f;
        return t;
    }

    /// <summary>The rows start .. start + count - 1 of a tensor (a copy).</summary>
    public static Tensor Rows(Tensor t, int start, int count)
    {
        int size = t.Length / t.Shape[0];
        var shape = (int[])t.Shape.Clone();
        shape[0] = count;
        return new Tensor(shape, t.Data.AsSpan(start * size, count * size).ToArray());
    }

    /// <summary>A Dense classifier for 2-D points.</summary>
    public static Sequential DenseClassifier(int classes, int seed, int hidden = 16) => new(
        new Layer[]
        {
            new Dense(hidden, activation: "relu", inputShape: 2),
            new Dense(classes, activation: "softmax"),
        },
        seed: seed);

    /// <summary>The seeds' Fashion-MNIST network, exactly as the course writes it.</summary>
    public static Sequential CourseNetwork() => new(
        new Conv2D(64, (3, 3), activation: "relu", inputShape: (28, 28, 1)),
        new MaxPooling2D(2, 2),
        new Conv2D(64, (3, 3), activation: "relu"),
        new MaxPooling2D(2, 2),
        new Flatten(),
        new Dense(128, activation: "relu"),
        new Dense(10, activation: "softmax"));

    public static string TempPath(string name) =>
        Path.Combine(Path.GetTempPath(), $"mlnetcnn-keras-tests-{Environment.ProcessId}-{Guid.NewGuid():N}-{name}");

    private static double Normal(Random random)
    {
        double u1 = 1.0 - random.NextDouble(), u2 = random.NextDouble();
        return Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }
}
