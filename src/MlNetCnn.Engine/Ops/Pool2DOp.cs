using MlNetCnn.Kernels;

namespace MlNetCnn.Engine.Ops;

// input (N, H, W, C) -> output (N, OH, OW, C); max pooling keeps the arg-max per output for backward
internal sealed class Pool2DOp : Op
{
    private readonly int _ph, _pw, _sh, _sw;
    private readonly Padding _padding;
    private PoolGeometry _g;

    public Pool2DOp(string name, Node input, bool isMax, int poolH, int poolW, int strideH, int strideW, Padding padding)
        : base(name, new[] { input }, Array.Empty<Parameter>())
    {
        IsMax = isMax;
        _ph = poolH;
        _pw = poolW;
        _sh = strideH;
        _sw = strideW;
        _padding = padding;
    }

    public bool IsMax { get; }

    public override string Kind => IsMax ? "MaxPooling2D" : "AveragePooling2D";

    public override bool NeedsInputsForBackward => false;

    public override int IntStateSizePerSample => IsMax ? Output.SampleSize : 0;

    public override int[] InferShape()
    {
        var s = Inputs[0].SampleShape;
        if (s.Length != 3)
            throw new ShapeException(Name, $"{Kind} expects inputs of rank 4 (batch, height, width, channels), got {ShapeException.Format(s)}.");
        if (_ph <= 0 || _pw <= 0 || _sh <= 0 || _sw <= 0)
            throw new ShapeException(Name, $"pool size and strides must be positive, got ({_ph}, {_pw}) and ({_sh}, {_sw}).");
        int oh = ConvArithmetic.OutputSize(s[0], _ph, _sh, _padding);
        int ow = ConvArithmetic.OutputSize(s[1], _pw, _sw, _padding);
        if (oh <= 0 || ow <= 0)
            throw new ShapeException(Name, $"a {_ph}x{_pw} pooling window with '{_padding.ToString().ToLowerInvariant()}' padding does not fit the input {ShapeException.Format(s)}; the output would be {ShapeException.Format(new[] { oh, ow, s[2] })}.");
        _g = new PoolGeometry(0, s[0], s[1], s[2], _ph, _pw, _sh, _sw,
            ConvArithmetic.PaddingBefore(s[0], _ph, _sh, _padding), ConvArithmetic.PaddingBefore(s[1], _pw, _sw, _padding), oh, ow);
        return new[] { oh, ow, s[2] };
    }

    public override long ForwardFlopsPerSample => (long)_g.OutHeight * _g.OutWidth * _g.Channels * _ph * _pw;

    public override void Forward(OpContext ctx)
    {
        var g = _g with { Batch = ctx.Batch };
        if (IsMax) ctx.Kernels.MaxPoolForward(g, ctx.Input(0), ctx.Output, ctx.IntState);
        else ctx.Kernels.AvgPoolForward(g, ctx.Input(0), ctx.Output);
    }

    public override void Backward(OpContext ctx)
    {
        if (!ctx.NeedsInputGrad(0)) return;
        var g = _g with { Batch = ctx.Batch };
        if (IsMax) ctx.Kernels.MaxPoolBackward(g, ctx.OutputGrad, ctx.IntState, ctx.InputGrad(0));
        else ctx.Kernels.AvgPoolBackward(g, ctx.OutputGrad, ctx.InputGrad(0));
    }
}
