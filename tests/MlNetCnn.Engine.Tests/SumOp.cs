namespace MlNetCnn.Engine.Tests;

/// <summary>
/// A test-only two-input op, y = a + b (same shapes). The engine's public ops all have one input, so without it a
/// node's gradient never has two writers within one loss; with it, fan-out accumulation (first writer overwrites,
/// later writers go through scratch and are added) can be checked against finite differences.
/// </summary>
internal sealed class SumOp : Op
{
    public SumOp(string name, Node a, Node b)
        : base(name, new[] { a, b }, Array.Empty<Parameter>())
    {
    }

    public override string Kind => "TestSum";

    public override bool NeedsInputsForBackward => false;

    public override int[] InferShape()
    {
        if (!Inputs[0].SampleShape.SequenceEqual(Inputs[1].SampleShape))
            throw new ShapeException(Name, $"cannot add {ShapeException.Format(Inputs[0].SampleShape)} and {ShapeException.Format(Inputs[1].SampleShape)}.");
        return (int[])Inputs[0].SampleShape.Clone();
    }

    public override void Forward(OpContext ctx)
    {
        var a = ctx.Input(0);
        var b = ctx.Input(1);
        var y = ctx.Output;
        for (int i = 0; i < y.Length; i++) y[i] = a[i] + b[i];
    }

    public override void Backward(OpContext ctx)
    {
        for (int i = 0; i < 2; i++)
            if (ctx.NeedsInputGrad(i)) ctx.OutputGrad.CopyTo(ctx.InputGrad(i));
    }

    public static Node Add(Graph graph, string name, Node a, Node b) => graph.AddOp(new SumOp(name, a, b));
}
