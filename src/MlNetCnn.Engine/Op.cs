using MlNetCnn.Kernels;

namespace MlNetCnn.Engine;

/// <summary>
/// One graph operation: shape inference at construction, forward and backward at run time. Subclasses keep all
/// three next to each other in one file. Backward overwrites the gradients it writes (never accumulates); the
/// executor handles fan-out.
/// </summary>
internal abstract class Op
{
    protected Op(string name, Node[] inputs, Parameter[] parameters)
    {
        Name = name;
        Inputs = inputs;
        Parameters = parameters;
    }

    /// <summary>The layer (or op) name used in errors and reports.</summary>
    public string Name { get; }

    /// <summary>A short kind name for reports ("Conv2D", "MatMul", ...).</summary>
    public abstract string Kind { get; }

    public Node[] Inputs { get; }

    public Parameter[] Parameters { get; }

    public Node Output { get; internal set; } = null!;

    /// <summary>Output may share its input's buffer (element-wise ops and reshapes).</summary>
    public virtual bool CanRunInPlace => false;

    /// <summary>Output is always a view of input 0 (reshape): no work in either direction.</summary>
    public virtual bool IsView => false;

    /// <summary>Backward reads this op's own output value (so a consumer must not overwrite it in place).</summary>
    public virtual bool NeedsOutputForBackward => false;

    /// <summary>Backward reads the values of its inputs (so a consumer of the input must not overwrite it in place).</summary>
    public virtual bool NeedsInputsForBackward => true;

    /// <summary>The per-sample output shape; throws <see cref="ShapeException"/> naming the layer when inputs do not fit.</summary>
    public abstract int[] InferShape();

    /// <summary>Scratch floats needed at this batch size (shared by all ops; ops run one at a time).</summary>
    public virtual long WorkspaceSize(int batch, IKernels kernels) => 0;

    /// <summary>Per-sample floats of private state kept from forward to backward (e.g. a dropout mask).</summary>
    public virtual int StateSizePerSample => 0;

    /// <summary>Per-sample ints of private state kept from forward to backward (e.g. max-pooling arg-max).</summary>
    public virtual int IntStateSizePerSample => 0;

    public abstract void Forward(OpContext ctx);

    public abstract void Backward(OpContext ctx);

    /// <summary>Floating-point operations of one forward pass per sample (for reports).</summary>
    public virtual long ForwardFlopsPerSample => 0;
}

/// <summary>What an op sees while it runs: its buffers for the current batch, the kernels and the mode.</summary>
internal sealed class OpContext
{
    private readonly ExecutionPlan _plan;

    internal OpContext(ExecutionPlan plan) => _plan = plan;

    internal Op Op { get; set; } = null!;

    /// <summary>The number of samples in the current batch.</summary>
    public int Batch { get; internal set; }

    public bool Training { get; internal set; }

    public IKernels Kernels => _plan.Kernels;

    public Random Random => _plan.Random;

    public Span<float> Input(int i) => _plan.Value(Op.Inputs[i], Batch);

    public Span<int> IntInput(int i) => _plan.IntValue(Op.Inputs[i], Batch);

    public Span<float> Output => _plan.Value(Op.Output, Batch);

    public Span<float> OutputGrad => _plan.Grad(Op.Output, Batch);

    public bool NeedsInputGrad(int i) => Op.Inputs[i].RequiresGrad;

    public Span<float> InputGrad(int i) => _plan.GradForWrite(Op, i, Batch);

    public Span<float> Param(int i) => _plan.ParamValue(Op.Parameters[i]);

    public Span<float> ParamGrad(int i) => _plan.ParamGrad(Op.Parameters[i]);

    public Span<float> Workspace => _plan.Workspace;

    public Span<float> State => _plan.State(Op, Batch);

    public Span<int> IntState => _plan.IntState(Op, Batch);
}
