using MlNetCnn.Kernels;

namespace MlNetCnn.Engine.Ops;

// y = f(x) element-wise (linear, relu, sigmoid, tanh), or softmax over the last axis. Element-wise functions run in
// place when the executor allows; their backward uses only y: dx = f'(y) * dy.
internal sealed class ActivationOp : Op
{
    /// <summary>Marks softmax, which is not element-wise.</summary>
    public const int SoftmaxFunction = -1;

    public ActivationOp(string name, Node input, ActivationKind kind)
        : base(name, new[] { input }, Array.Empty<Parameter>())
    {
        Function = (int)kind;
    }

    private ActivationOp(string name, Node input)
        : base(name, new[] { input }, Array.Empty<Parameter>())
    {
        Function = SoftmaxFunction;
    }

    public static ActivationOp Softmax(string name, Node input) => new(name, input);

    /// <summary>An <see cref="ActivationKind"/> value, or <see cref="SoftmaxFunction"/>.</summary>
    public int Function { get; }

    public override string Kind => Function == SoftmaxFunction ? "Softmax" : ((ActivationKind)Function).ToString();

    public override bool CanRunInPlace => Function != SoftmaxFunction;

    public override bool NeedsOutputForBackward => (ActivationKind)Function != ActivationKind.Linear;

    public override bool NeedsInputsForBackward => false;

    public override int[] InferShape() => (int[])Inputs[0].SampleShape.Clone();

    public override long ForwardFlopsPerSample => Inputs[0].SampleSize;

    public override void Forward(OpContext ctx)
    {
        var x = ctx.Input(0);
        var y = ctx.Output;
        if (Function == SoftmaxFunction)
        {
            int cols = Inputs[0].SampleShape[^1];
            ctx.Kernels.Softmax(x.Length / cols, cols, x, y);
        }
        else
        {
            ctx.Kernels.Activation((ActivationKind)Function, x.Length, x, y);
        }
    }

    public override void Backward(OpContext ctx)
    {
        if (!ctx.NeedsInputGrad(0)) return;
        var y = ctx.Output;
        if (Function == SoftmaxFunction)
        {
            int cols = Inputs[0].SampleShape[^1];
            ctx.Kernels.SoftmaxBackward(y.Length / cols, cols, y, ctx.OutputGrad, ctx.InputGrad(0));
        }
        else
        {
            ctx.Kernels.ActivationBackward((ActivationKind)Function, y.Length, y, ctx.OutputGrad, ctx.InputGrad(0));
        }
    }
}

// Inverted dropout: in training y = x * mask with mask = 1 / (1 - rate) kept with probability 1 - rate, else 0;
// in inference y = x. backward dx = dy * mask after a training forward pass, dx = dy after an inference one.
internal sealed class DropoutOp : Op
{
    public DropoutOp(string name, Node input, float rate)
        : base(name, new[] { input }, Array.Empty<Parameter>())
    {
        if (!(rate >= 0f && rate < 1f)) throw new ShapeException(name, $"the dropout rate must be in [0, 1), got {rate}.");
        Rate = rate;
    }

    public float Rate { get; }

    public override string Kind => "Dropout";

    public override bool CanRunInPlace => true;

    public override bool NeedsInputsForBackward => false;

    public override int StateSizePerSample => Inputs[0].SampleSize;

    public override int[] InferShape() => (int[])Inputs[0].SampleShape.Clone();

    public override void Forward(OpContext ctx)
    {
        var x = ctx.Input(0);
        var y = ctx.Output;
        if (!ctx.Training || Rate == 0f)
        {
            if (!x.Overlaps(y)) x.CopyTo(y);
            return;
        }
        var mask = ctx.State;
        float keep = 1f / (1f - Rate);
        var random = ctx.Random;
        for (int i = 0; i < mask.Length; i++) mask[i] = random.NextSingle() >= Rate ? keep : 0f;
        ctx.Kernels.Multiply(x.Length, x, mask, y);
    }

    public override void Backward(OpContext ctx)
    {
        if (!ctx.NeedsInputGrad(0)) return;
        var dy = ctx.OutputGrad;
        var dx = ctx.InputGrad(0);
        // ctx.Training is still the mode of the last forward pass: the mask in State is only valid after a training one.
        if (Rate == 0f || !ctx.Training)
        {
            if (!dy.Overlaps(dx)) dy.CopyTo(dx);
            return;
        }
        ctx.Kernels.Multiply(dy.Length, dy, ctx.State, dx);
    }
}
