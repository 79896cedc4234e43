using MlNetCnn.Kernels;

namespace MlNetCnn.Engine.Ops;

// input (N, H, W, C), kernel (KH, KW, C, F), bias (F) -> output (N, OH, OW, F)
internal sealed class Conv2DOp : Op
{
    private readonly int _kh, _kw, _sh, _sw;
    private readonly Padding _padding;
    private Conv2DGeometry _g;

    public Conv2DOp(string name, Node input, Parameter kernel, Parameter? bias, int strideH, int strideW, Padding padding)
        : base(name, new[] { input }, bias is null ? new[] { kernel } : new[] { kernel, bias })
    {
        _kh = kernel.Shape[0];
        _kw = kernel.Shape[1];
        _sh = strideH;
        _sw = strideW;
        _padding = padding;
    }

    public override string Kind => "Conv2D";

    public int Filters => Parameters[0].Shape[3];

    public override int[] InferShape()
    {
        var s = Inputs[0].SampleShape;
        if (s.Length != 3)
            throw new ShapeException(Name, $"Conv2D expects inputs of rank 4 (batch, height, width, channels), got {ShapeException.Format(s)}.");
        if (_sh <= 0 || _sw <= 0) throw new ShapeException(Name, $"strides must be positive, got ({_sh}, {_sw}).");
        int c = Parameters[0].Shape[2];
        if (s[2] != c)
            throw new ShapeException(Name, $"the kernel expects {c} input channels but the input {ShapeException.Format(s)} has {s[2]}.");
        int oh = ConvArithmetic.OutputSize(s[0], _kh, _sh, _padding);
        int ow = ConvArithmetic.OutputSize(s[1], _kw, _sw, _padding);
        if (oh <= 0 || ow <= 0)
            throw new ShapeException(Name, $"a {_kh}x{_kw} kernel with '{_padding.ToString().ToLowerInvariant()}' padding does not fit the input {ShapeException.Format(s)}; the output would be {ShapeException.Format(new[] { oh, ow, Filters })}.");
        _g = new Conv2DGeometry(0, s[0], s[1], s[2], _kh, _kw, Filters, _sh, _sw,
            ConvArithmetic.PaddingBefore(s[0], _kh, _sh, _padding), ConvArithmetic.PaddingBefore(s[1], _kw, _sw, _padding), oh, ow);
        return new[] { oh, ow, Filters };
    }

    public override long WorkspaceSize(int batch, IKernels kernels) => kernels.Conv2DWorkspaceSize(_g with { Batch = batch });

    public override long ForwardFlopsPerSample => 2L * _g.OutHeight * _g.OutWidth * _g.Filters * _kh * _kw * _g.InChannels;

    public override void Forward(OpContext ctx)
    {
        var g = _g with { Batch = ctx.Batch };
        ctx.Kernels.Conv2DForward(g, ctx.Input(0), ctx.Param(0), Parameters.Length > 1 ? ctx.Param(1) : default, ctx.Output, ctx.Workspace);
    }

    public override void Backward(OpContext ctx)
    {
        var g = _g with { Batch = ctx.Batch };
        ctx.Kernels.Conv2DBackwardFilter(g, ctx.Input(0), ctx.OutputGrad, ctx.ParamGrad(0), Parameters.Length > 1 ? ctx.ParamGrad(1) : default, ctx.Workspace);
        if (ctx.NeedsInputGrad(0))
            ctx.Kernels.Conv2DBackwardData(g, ctx.OutputGrad, ctx.Param(0), ctx.InputGrad(0), ctx.Workspace);
    }
}
