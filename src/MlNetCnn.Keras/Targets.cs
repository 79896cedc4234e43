using System.Globalization;
using System.Numerics;
using MlNetCnn.Engine;

namespace MlNetCnn.Keras;

/// <summary>
/// Training targets in the form the graph takes: class indices (sparse loss) or rows of class weights (categorical
/// loss), validated once so that the training loop only copies.
/// </summary>
internal sealed class Targets
{
    private Targets(int count, int[]? labels, float[]? rows)
    {
        Count = count;
        Labels = labels;
        Rows = rows;
    }

    public int Count { get; }

    /// <summary>Class indices in [0, classes), for the sparse loss.</summary>
    public int[]? Labels { get; }

    /// <summary>(Count, classes) target rows, for the categorical loss.</summary>
    public float[]? Rows { get; }

    /// <summary>
    /// Targets from a float tensor: (N) or (N, 1) class indices for the sparse loss, (N, classes) rows for the
    /// categorical one.
    /// </summary>
    public static Targets FromTensor(Tensor y, LossFunction loss, int classes, string argument)
    {
        ArgumentNullException.ThrowIfNull(y, argument);
        int n = y.Shape[0];
        if (loss.IsSparse)
        {
            if (!(y.Rank == 1 || (y.Rank == 2 && y.Shape[1] == 1)))
                throw new ArgumentException($"{argument}: {loss.Name} expects class indices of shape (N) or (N, 1), got {Shape.Format(y.Shape)}. For one-hot targets use categorical_crossentropy.", argument);
            var labels = new int[n];
            var data = y.Data;
            for (int i = 0; i < n; i++)
            {
                float v = data[i];
                if (!(v >= 0 && v < classes) || v != MathF.Floor(v))
                    throw new ArgumentException($"{argument}: row {i} has label {v.ToString(CultureInfo.InvariantCulture)}; expected an integer class index in [0, {classes}).", argument);
                labels[i] = (int)v;
            }
            return new Targets(n, labels, null);
        }

        if (y.Rank != 2 || y.Shape[1] != classes)
            throw new ArgumentException($"{argument}: {loss.Name} expects one-hot targets of shape (N, {classes}), got {Shape.Format(y.Shape)}. For class indices use sparse_categorical_crossentropy.", argument);
        int bad = IndexOfNonFinite(y.Data);
        if (bad >= 0)
            throw new ArgumentException($"{argument}: row {bad / classes}, column {bad % classes} is {y.Data[bad].ToString(CultureInfo.InvariantCulture)}; targets must be finite.", argument);
        return new Targets(n, null, y.Data);
    }

    /// <summary>Class indices for the sparse loss.</summary>
    public static Targets FromLabels(ReadOnlySpan<int> y, LossFunction loss, int classes, string argument)
    {
        if (!loss.IsSparse)
            throw new ArgumentException($"{argument}: integer class labels need sparse_categorical_crossentropy, but the model was compiled with {loss.Name}; pass one-hot rows as a (N, {classes}) tensor instead.", argument);
        var labels = y.ToArray();
        for (int i = 0; i < labels.Length; i++)
            if ((uint)labels[i] >= (uint)classes)
                throw new ArgumentException($"{argument}: row {i} has label {labels[i]}; expected a class index in [0, {classes}).", argument);
        return new Targets(labels.Length, labels, null);
    }

    /// <summary>Class indices given as bytes (as Fashion-MNIST stores them).</summary>
    public static Targets FromLabels(ReadOnlySpan<byte> y, LossFunction loss, int classes, string argument)
    {
        var labels = new int[y.Length];
        for (int i = 0; i < y.Length; i++) labels[i] = y[i];
        return FromLabels(labels, loss, classes, argument);
    }

    /// <summary>The first index of a NaN or infinity, or -1.</summary>
    /// <remarks>Vectorized: x - x is 0 exactly for finite x and NaN for NaN and infinities.</remarks>
    public static int IndexOfNonFinite(ReadOnlySpan<float> data)
    {
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            int width = Vector<float>.Count;
            for (; i <= data.Length - width; i += width)
            {
                var v = new Vector<float>(data.Slice(i, width));
                if (!Vector.EqualsAll(v - v, Vector<float>.Zero)) break;
            }
        }
        for (; i < data.Length; i++)
            if (!float.IsFinite(data[i])) return i;
        return -1;
    }
}
