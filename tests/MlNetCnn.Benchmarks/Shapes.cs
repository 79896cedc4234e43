using MlNetCnn.Kernels;

namespace MlNetCnn.Benchmarks;

/// <summary>The Fashion-MNIST network's shapes (28x28x1 -> conv 64 3x3 -> pool 2 -> conv 64 3x3 -> pool 2 -> 1600 -> 128 -> 10).</summary>
internal static class Shapes
{
    public static Conv2DGeometry Conv1(int batch) => new(batch, 28, 28, 1, 3, 3, 64, 1, 1, 0, 0, 26, 26);

    public static Conv2DGeometry Conv2(int batch) => new(batch, 13, 13, 64, 3, 3, 64, 1, 1, 0, 0, 11, 11);

    public static PoolGeometry Pool1(int batch) => new(batch, 26, 26, 64, 2, 2, 2, 2, 0, 0, 13, 13);

    public static PoolGeometry Pool2(int batch) => new(batch, 11, 11, 64, 2, 2, 2, 2, 0, 0, 5, 5);

    /// <summary>Multiply-adds of one convolution pass (forward, backward-data and backward-filter cost the same).</summary>
    public static double Macs(in Conv2DGeometry g) => (double)g.Batch * g.OutHeight * g.OutWidth * g.KernelHeight * g.KernelWidth * g.InChannels * g.Filters;

    public static float[] Random(Random rng, long length, float scale = 1f)
    {
        var data = new float[length];
        for (int i = 0; i < data.Length; i++)
        {
            data[i] = (float)(rng.NextDouble() * 2 - 1) * scale;
        }

        return data;
    }
}
