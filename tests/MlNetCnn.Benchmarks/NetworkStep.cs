using MlNetCnn.Kernels;

namespace MlNetCnn.Benchmarks;

/// <summary>
/// Every kernel call of one training step (forward, sparse softmax cross-entropy, backward, Adam on all eight
/// parameters) or one inference pass of the Fashion-MNIST network, with buffers allocated once. This is what the
/// engine will issue; it bounds what the engine can reach (the engine adds its own bookkeeping on top).
/// </summary>
internal sealed class NetworkStep
{
    private readonly IKernels _k;
    private readonly int _n;
    private readonly Conv2DGeometry _c1, _c2;
    private readonly PoolGeometry _p1, _p2;
    private readonly float[] _x, _w1, _b1, _w2, _b2, _wd1, _bd1, _wd2, _bd2;
    private readonly float[] _a1, _pool1, _a2, _pool2, _h1, _logits, _probs, _dLogits, _dH1, _dPool2, _dA2, _dPool1, _dA1;
    private readonly float[] _gw1, _gb1, _gw2, _gb2, _gwd1, _gbd1, _gwd2, _gbd2, _workspace;
    private readonly float[][] _m, _v, _params, _grads;
    private readonly int[] _arg1, _arg2, _labels;

    public NetworkStep(IKernels kernels, int batch)
    {
        _k = kernels;
        _n = batch;
        _c1 = Shapes.Conv1(batch);
        _c2 = Shapes.Conv2(batch);
        _p1 = Shapes.Pool1(batch);
        _p2 = Shapes.Pool2(batch);
        var rng = new Random(1);
        _x = Shapes.Random(rng, _c1.InputLength);
        _w1 = Shapes.Random(rng, _c1.KernelLength, 0.3f);
        _b1 = new float[64];
        _w2 = Shapes.Random(rng, _c2.KernelLength, 0.05f);
        _b2 = new float[64];
        _wd1 = Shapes.Random(rng, 1600 * 128, 0.03f);
        _bd1 = new float[128];
        _wd2 = Shapes.Random(rng, 128 * 10, 0.1f);
        _bd2 = new float[10];
        _labels = Enumerable.Range(0, batch).Select(i => i % 10).ToArray();
        _a1 = new float[_c1.OutputLength];
        _pool1 = new float[_p1.OutputLength];
        _arg1 = new int[_p1.OutputLength];
        _a2 = new float[_c2.OutputLength];
        _pool2 = new float[_p2.OutputLength];
        _arg2 = new int[_p2.OutputLength];
        _h1 = new float[batch * 128];
        _logits = new float[batch * 10];
        _probs = new float[batch * 10];
        _dLogits = new float[batch * 10];
        _dH1 = new float[batch * 128];
        _dPool2 = new float[_p2.OutputLength];
        _dA2 = new float[_c2.OutputLength];
        _dPool1 = new float[_p1.OutputLength];
        _dA1 = new float[_c1.OutputLength];
        _gw1 = new float[_w1.Length];
        _gb1 = new float[64];
        _gw2 = new float[_w2.Length];
        _gb2 = new float[64];
        _gwd1 = new float[_wd1.Length];
        _gbd1 = new float[128];
        _gwd2 = new float[_wd2.Length];
        _gbd2 = new float[10];
        _params = [_w1, _b1, _w2, _b2, _wd1, _bd1, _wd2, _bd2];
        _grads = [_gw1, _gb1, _gw2, _gb2, _gwd1, _gbd1, _gwd2, _gbd2];
        _m = [.. _params.Select(p => new float[p.Length])];
        _v = [.. _params.Select(p => new float[p.Length])];
        _workspace = new float[Math.Max(kernels.Conv2DWorkspaceSize(_c1), kernels.Conv2DWorkspaceSize(_c2))];
    }

    /// <summary>Forward multiply-adds per image (convolutions and dense layers).</summary>
    public static double ForwardMacsPerImage => Shapes.Macs(Shapes.Conv1(1)) + Shapes.Macs(Shapes.Conv2(1)) + 1600 * 128 + 128 * 10;

    /// <summary>Training multiply-adds per image (the first convolution has no backward-data pass).</summary>
    public static double TrainMacsPerImage => 3 * ForwardMacsPerImage - Shapes.Macs(Shapes.Conv1(1));

    public double Loss { get; private set; }

    public void Forward()
    {
        _k.Conv2DForward(_c1, _x, _w1, _b1, _a1, _workspace);
        _k.Activation(ActivationKind.Relu, _a1.Length, _a1, _a1);
        _k.MaxPoolForward(_p1, _a1, _pool1, _arg1);
        _k.Conv2DForward(_c2, _pool1, _w2, _b2, _a2, _workspace);
        _k.Activation(ActivationKind.Relu, _a2.Length, _a2, _a2);
        _k.MaxPoolForward(_p2, _a2, _pool2, _arg2);
        _k.Gemm(false, false, _n, 128, 1600, 1f, _pool2, 1600, _wd1, 128, 0f, _h1, 128);
        _k.BiasAdd(_n, 128, _bd1, _h1);
        _k.Activation(ActivationKind.Relu, _h1.Length, _h1, _h1);
        _k.Gemm(false, false, _n, 10, 128, 1f, _h1, 128, _wd2, 10, 0f, _logits, 10);
        _k.BiasAdd(_n, 10, _bd2, _logits);
    }

    public void Predict()
    {
        Forward();
        _k.Softmax(_n, 10, _logits, _probs);
    }

    public void Train()
    {
        Forward();
        Loss = _k.SoftmaxCrossEntropySparse(_n, 10, _logits, _labels, _probs, _dLogits, 1f / _n);

        _k.Gemm(true, false, 128, 10, _n, 1f, _h1, 128, _dLogits, 10, 0f, _gwd2, 10);
        _k.BiasGrad(_n, 10, _dLogits, _gbd2);
        _k.Gemm(false, true, _n, 128, 10, 1f, _dLogits, 10, _wd2, 10, 0f, _dH1, 128);
        _k.ActivationBackward(ActivationKind.Relu, _dH1.Length, _h1, _dH1, _dH1);

        _k.Gemm(true, false, 1600, 128, _n, 1f, _pool2, 1600, _dH1, 128, 0f, _gwd1, 128);
        _k.BiasGrad(_n, 128, _dH1, _gbd1);
        _k.Gemm(false, true, _n, 1600, 128, 1f, _dH1, 128, _wd1, 128, 0f, _dPool2, 1600);

        _k.MaxPoolBackward(_p2, _dPool2, _arg2, _dA2);
        _k.ActivationBackward(ActivationKind.Relu, _dA2.Length, _a2, _dA2, _dA2);
        _k.Conv2DBackwardFilter(_c2, _pool1, _dA2, _gw2, _gb2, _workspace);
        _k.Conv2DBackwardData(_c2, _dA2, _w2, _dPool1, _workspace);

        _k.MaxPoolBackward(_p1, _dPool1, _arg1, _dA1);
        _k.ActivationBackward(ActivationKind.Relu, _dA1.Length, _a1, _dA1, _dA1);
        _k.Conv2DBackwardFilter(_c1, _x, _dA1, _gw1, _gb1, _workspace);

        for (int i = 0; i < _params.Length; i++)
        {
            _k.AdamUpdate(_params[i].Length, _params[i], _grads[i], _m[i], _v[i], 1e-3f, 0.9f, 0.999f, 1e-7f);
        }
    }
}
