namespace MlNetCnn.Engine;

/// <summary>
/// The ops that backward runs for one loss, in reverse topological order, and where fan-out gradients go: the first
/// writer of a node's gradient (the loss, then ops in backward order) writes the node's own buffer; later writers
/// write a scratch region that the executor adds in after the op.
/// </summary>
internal sealed class BackwardSchedule
{
    private readonly Dictionary<(Op, int), long> _scratch;

    private BackwardSchedule(Op[] ops, Dictionary<(Op, int), long> scratch, Parameter[] unreached)
    {
        Ops = ops;
        _scratch = scratch;
        Unreached = unreached;
    }

    public Op[] Ops { get; }

    /// <summary>Parameters no op of this schedule writes a gradient for: their gradient for this loss is 0.</summary>
    public Parameter[] Unreached { get; }

    public long ScratchOffset(Op op, int input) => _scratch.Count > 0 && _scratch.TryGetValue((op, input), out long o) ? o : -1;

    public IEnumerable<(Op Op, int Input, long Offset)> ScratchWrites => _scratch.Select(kv => (kv.Key.Item1, kv.Key.Item2, kv.Value));

    public static BackwardSchedule Build(Graph graph, Loss loss, int capacity, ref long gradFloats)
    {
        // Ancestors of the loss's logits through nodes that require gradients.
        var inSet = new HashSet<Op>();
        var stack = new Stack<Node>();
        stack.Push(loss.Logits);
        while (stack.Count > 0)
        {
            var node = stack.Pop();
            if (!node.RequiresGrad || node.Producer is null || !inSet.Add(node.Producer)) continue;
            foreach (var input in node.Producer.Inputs) stack.Push(input);
        }
        var ops = graph.Ops.Where(inSet.Contains).Reverse().ToArray();
        var written = new HashSet<Node> { loss.Logits };
        var scratch = new Dictionary<(Op, int), long>();
        foreach (var op in ops)
        {
            for (int i = 0; i < op.Inputs.Length; i++)
            {
                var input = op.Inputs[i];
                if (!input.RequiresGrad) continue;
                if (written.Add(input)) continue;
                scratch[(op, i)] = gradFloats;
                gradFloats += (long)input.SampleSize * capacity;
            }
        }
        var unreached = graph.Parameters.Where(p => p.Owner is null || !inSet.Contains(p.Owner)).ToArray();
        return new BackwardSchedule(ops, scratch, unreached);
    }
}
