using MlNetCnn.Kernels;

namespace MlNetCnn.Engine.Ops;

// x (N, ..., K) times kernel (K, U) -> y (N, ..., U); the leading dims are flattened into rows R.
// forward  y = x W                (Gemm R x U x K)
// backward dW = x^T dy            (Gemm K x U x R)
//          dx = dy W^T            (Gemm R x K x U)
internal sealed class MatMulOp : Op
{
    public MatMulOp(string name, Node input, Parameter kernel)
        : base(name, new[] { input }, new[] { kernel })
    {
    }

    public override string Kind => "MatMul";

    private int InUnits => Parameters[0].Shape[0];

    private int Units => Parameters[0].Shape[1];

    private int RowsPerSample => Inputs[0].SampleSize / InUnits;

    public override int[] InferShape()
    {
        var s = Inputs[0].SampleShape;
        if (s[^1] != InUnits)
            throw new ShapeException(Name, $"the kernel expects {InUnits} input features on the last axis but the input {ShapeException.Format(s)} has {s[^1]}.");
        var shape = (int[])s.Clone();
        shape[^1] = Units;
        return shape;
    }

    public override long ForwardFlopsPerSample => 2L * RowsPerSample * InUnits * Units;

    public override void Forward(OpContext ctx)
    {
        int rows = ctx.Batch * RowsPerSample;
        ctx.Kernels.Gemm(false, false, rows, Units, InUnits, 1f, ctx.Input(0), InUnits, ctx.Param(0), Units, 0f, ctx.Output, Units);
    }

    public override void Backward(OpContext ctx)
    {
        int rows = ctx.Batch * RowsPerSample;
        ctx.Kernels.Gemm(true, false, InUnits, Units, rows, 1f, ctx.Input(0), InUnits, ctx.OutputGrad, Units, 0f, ctx.ParamGrad(0), Units);
        if (ctx.NeedsInputGrad(0))
            ctx.Kernels.Gemm(false, true, rows, InUnits, Units, 1f, ctx.OutputGrad, Units, ctx.Param(0), Units, 0f, ctx.InputGrad(0), InUnits);
    }
}

// x (N, ..., U) + bias (U) -> y; in place when the executor allows. backward: dx = dy, dbias = column sums of dy.
internal sealed class BiasAddOp : Op
{
    public BiasAddOp(string name, Node input, Parameter bias)
        : base(name, new[] { input }, new[] { bias })
    {
    }

    public override string Kind => "BiasAdd";

    public override bool CanRunInPlace => true;

    public override bool NeedsInputsForBackward => false;

    private int Units => Parameters[0].Length;

    public override int[] InferShape()
    {
        var s = Inputs[0].SampleShape;
        if (s[^1] != Units)
            throw new ShapeException(Name, $"the bias has {Units} values but the input {ShapeException.Format(s)} has {s[^1]} on the last axis.");
        return (int[])s.Clone();
    }

    public override long ForwardFlopsPerSample => Inputs[0].SampleSize;

    public override void Forward(OpContext ctx)
    {
        var x = ctx.Input(0);
        var y = ctx.Output;
        if (!x.Overlaps(y)) x.CopyTo(y);
        ctx.Kernels.BiasAdd(y.Length / Units, Units, ctx.Param(0), y);
    }

    public override void Backward(OpContext ctx)
    {
        var dy = ctx.OutputGrad;
        ctx.Kernels.BiasGrad(dy.Length / Units, Units, dy, ctx.ParamGrad(0));
        if (!ctx.NeedsInputGrad(0)) return;
        var dx = ctx.InputGrad(0);
        if (!dy.Overlaps(dx)) dy.CopyTo(dx);
    }
}
