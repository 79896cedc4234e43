namespace MlNetCnn.Engine.Ops;

// input (N, d1, ..., dk) -> output (N, shape) with the same values in the same (row-major, NHWC) order.
// Flatten is a reshape to (N, d1*...*dk), which matches Keras's channels-last Flatten.
internal sealed class ReshapeOp : Op
{
    private readonly int[]? _shape;

    // shape: the per-sample output shape, or null to flatten.
    public ReshapeOp(string name, Node input, int[]? shape, string kind)
        : base(name, new[] { input }, Array.Empty<Parameter>())
    {
        _shape = shape;
        Kind = kind;
    }

    public override string Kind { get; }

    public override bool IsView => true;

    public override bool NeedsInputsForBackward => false;

    public override int[] InferShape()
    {
        var input = Inputs[0];
        if (_shape is null) return new[] { input.SampleSize };
        long n = 1;
        foreach (int d in _shape) n *= d;
        if (n != input.SampleSize || _shape.Any(d => d <= 0))
            throw new ShapeException(Name, $"cannot reshape {ShapeException.Format(input.SampleShape)} ({input.SampleSize} values per sample) to {ShapeException.Format(_shape)}.");
        return (int[])_shape.Clone();
    }

    // The executor always maps the output's values onto the input's buffer; gradients share a buffer when the input
    // has no other consumer. Copies happen only when they do not.
    public override void Forward(OpContext ctx)
    {
        var src = ctx.Input(0);
        var dst = ctx.Output;
        if (!src.Overlaps(dst)) src.CopyTo(dst);
    }

    public override void Backward(OpContext ctx)
    {
        if (!ctx.NeedsInputGrad(0)) return;
        var src = ctx.OutputGrad;
        var dst = ctx.InputGrad(0);
        if (!src.Overlaps(dst)) src.CopyTo(dst);
    }
}
