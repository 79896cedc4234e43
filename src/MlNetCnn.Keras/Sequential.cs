using MlNetCnn.Engine;
using MlNetCnn.Keras.Layers;
using MlNetCnn.Kernels;

namespace MlNetCnn.Keras;

/// <summary>
/// A linear stack of layers (Keras's <c>Sequential</c>): build it from layers, <see cref="Compile(string, LossFunction, IEnumerable{string}?, IKernels?, int?)"/>
/// it, <see cref="Fit(Tensor, Tensor, int, int, int, IReadOnlyList{Callbacks.Callback}?, float, ValueTuple{Tensor, Tensor}?, bool, CancellationToken)"/>
/// it, then <see cref="Evaluate(Tensor, Tensor, int)"/>, <see cref="Predict(Tensor, int)"/>, <see cref="Save(string)"/>.
/// </summary>
/// <remarks>
/// <para>The model is built (mapped onto an engine <see cref="Engine.Graph"/>) as soon as its input shape is known:
/// from an <see cref="InputLayer"/>, from <c>inputShape</c> on the first layer, from <see cref="Build(Shape)"/>, or from
/// the data given to the first <c>Fit</c>. Building checks every layer's shapes, so a layer whose input is too small is
/// refused right away with an error naming the layer and both shapes.</para>
/// <para>Weights are created (initialized from <see cref="Seed"/>) when first needed. The same seed, data, settings and
/// kernel thread count give the same weights and results.</para>
/// <para>A model is not thread-safe for training. <c>Predict</c> and <c>Evaluate</c> serialize on an internal lock;
/// for parallel inference create one executor per thread with <see cref="CreateExecutor(int?, IKernels?, bool)"/>.</para>
/// </remarks>
public sealed partial class Sequential
{
    private readonly List<Layer> _layers = new();
    private int[]? _inputShape;
    private string? _inputName;
    private ModelGraph? _built;
    private CompileSettings? _compile;
    private IKernels? _kernels;
    private TextWriter? _output;

    /// <summary>Creates a model from layers (an <see cref="InputLayer"/> may come first); named "sequential", "sequential_1" ...</summary>
    /// <param name="layers">The layers in order.</param>
    public Sequential(params Layer[] layers)
        : this((IEnumerable<Layer>)layers)
    {
    }

    /// <summary>Creates a model from layers with an optional name and seed.</summary>
    /// <param name="layers">The layers in order (an <see cref="InputLayer"/> may come first).</param>
    /// <param name="name">The model's name; default Keras's automatic "sequential", "sequential_1" ...</param>
    /// <param name="seed">Seeds weight initialization, shuffling and dropout; null draws a random seed when one is first needed.</param>
    public Sequential(IEnumerable<Layer> layers, string? name = null, int? seed = null)
    {
        ArgumentNullException.ThrowIfNull(layers);
        if (name is not null && string.IsNullOrWhiteSpace(name)) throw new ArgumentException("A model name must not be empty or blank.", nameof(name));
        Name = name ?? KerasNames.Next("sequential");
        Seed = seed;
        foreach (var layer in layers) Add(layer);
    }

    /// <summary>The model's name, shown by <see cref="Summary(int, IReadOnlyList{double}?)"/>.</summary>
    public string Name { get; }

    /// <summary>
    /// Seeds weight initialization, the per-epoch shuffle and dropout. Null until set or until a seed is first needed,
    /// when a random one is drawn and stored here. Changing it after the weights exist affects shuffling and dropout only.
    /// </summary>
    public int? Seed { get; set; }

    /// <summary>The layers in order, without the <see cref="InputLayer"/> (as Keras's <c>model.layers</c>).</summary>
    public IReadOnlyList<Layer> Layers => _layers.AsReadOnly();

    /// <summary>The per-sample input shape, or null while unknown.</summary>
    public IReadOnlyList<int>? InputShape => _inputShape is null ? null : Array.AsReadOnly((int[])_inputShape.Clone());

    /// <summary>The per-sample output shape (the last layer's).</summary>
    /// <exception cref="InvalidOperationException">The model is not built.</exception>
    public IReadOnlyList<int> OutputShape => Array.AsReadOnly((int[])RequireBuilt().Output.SampleShape.Clone());

    /// <summary>The number of classes: the size of the output vector.</summary>
    /// <exception cref="InvalidOperationException">The model is not built, or its output is not one vector per sample.</exception>
    public int ClassCount
    {
        get
        {
            var output = RequireBuilt().Output;
            if (output.SampleShape.Length != 1)
                throw new InvalidOperationException($"The model's output {ShapeException.Format(output.SampleShape)} is not one vector of class scores per sample.");
            return output.SampleSize;
        }
    }

    /// <summary>True once the input shape is known and the graph exists.</summary>
    public bool IsBuilt => _built is not null;

    /// <summary>True once <c>Compile</c> has been called.</summary>
    public bool IsCompiled => _compile is not null;

    /// <summary>The optimizer set by <c>Compile</c>, or null.</summary>
    public Optimizer? Optimizer => _compile?.Optimizer;

    /// <summary>The loss set by <c>Compile</c>, or null.</summary>
    public LossFunction? Loss => _compile?.Loss;

    /// <summary>The metric names given to <c>Compile</c> (the keys used in logs and history).</summary>
    public IReadOnlyList<string> Metrics => _compile?.Metrics ?? Array.Empty<string>();

    /// <summary>Set it from a callback to stop <c>Fit</c> after the current batch (Keras's <c>model.stop_training</c>).</summary>
    public bool StopTraining { get; set; }

    /// <summary>Where <c>Fit</c> with verbose &gt; 0 and the callbacks print; default <see cref="Console.Out"/>.</summary>
    public TextWriter Output
    {
        get => _output ?? Console.Out;
        set => _output = value ?? throw new ArgumentNullException(nameof(value));
    }

    /// <summary>
    /// The kernels this model runs with; default <see cref="Backend.Kernels"/>. Setting it drops the cached executors
    /// (and the optimizer's step count is kept).
    /// </summary>
    public IKernels Kernels
    {
        get => _kernels ?? Backend.Kernels;
        set
        {
            _kernels = value ?? throw new ArgumentNullException(nameof(value));
            ResetExecutors();
        }
    }

    /// <summary>The engine graph (built if the input shape is known).</summary>
    /// <exception cref="InvalidOperationException">The input shape is unknown.</exception>
    public Graph Graph => RequireBuilt().Graph;

    /// <summary>The graph's input node (one sample of <see cref="InputShape"/>).</summary>
    public Node InputNode => RequireBuilt().Input;

    /// <summary>The graph's output node (the last layer's output: probabilities after a softmax).</summary>
    public Node OutputNode => RequireBuilt().Output;

    /// <summary>The graph's target node after <c>Compile</c>: integer labels (sparse loss) or one-hot rows; else null.</summary>
    public Node? TargetNode => _built?.Target;

    /// <summary>The graph's loss after <c>Compile</c>, else null.</summary>
    public Engine.Loss? GraphLoss => _built?.Loss;

    /// <summary>
    /// Adds a layer at the end. If the input shape is known the model is rebuilt at once, so a layer that does not
    /// fit is refused here (and not added). Existing weights are kept.
    /// </summary>
    /// <exception cref="ArgumentException">The layer belongs to another model, its name is taken, or an InputLayer is not first.</exception>
    /// <exception cref="ShapeException">The layer does not fit its input; the message names the layer and the shapes.</exception>
    public void Add(Layer layer)
    {
        ArgumentNullException.ThrowIfNull(layer);
        if (layer.Model is not null)
            throw new ArgumentException($"Layer '{layer.Name}' already belongs to model '{layer.Model.Name}'; sharing layers between models is not supported.", nameof(layer));
        if (layer is InputLayer input)
        {
            if (_layers.Count > 0 || _inputShape is not null)
                throw new ArgumentException($"Layer '{layer.Name}': an InputLayer must be the first layer of a Sequential model.", nameof(layer));
            _inputShape = input.InputShape.Raw;
            _inputName = input.Name;
            layer.Model = this;
            return;
        }

        if (_layers.Any(l => l.Name == layer.Name) || layer.Name == _inputName)
            throw new ArgumentException($"All layers added to a Sequential model should have unique names. Name \"{layer.Name}\" is already the name of a layer in model '{Name}'.", nameof(layer));

        var oldShape = _inputShape;
        var oldInputName = _inputName;
        if (_layers.Count == 0 && layer.InputShapeArgument is { } given && _inputShape is null)
        {
            _inputShape = given.Raw;
            _inputName = layer.Name + "_input";
        }
        _layers.Add(layer);
        layer.Model = this;
        if (_inputShape is null) return;
        try
        {
            Rebuild();
        }
        catch
        {
            _layers.RemoveAt(_layers.Count - 1);
            layer.Model = null;
            _inputShape = oldShape;
            _inputName = oldInputName;
            throw;
        }
    }

    /// <summary>
    /// Builds the model for samples of <paramref name="inputShape"/> (without the batch dimension, unlike Keras's
    /// <c>build((None, 28, 28, 1))</c>). Does nothing if it is already built for that shape.
    /// </summary>
    /// <exception cref="InvalidOperationException">The model already has a different input shape.</exception>
    /// <exception cref="ShapeException">A layer does not fit its input; the message names the layer and the shapes.</exception>
    public void Build(Shape inputShape)
    {
        var dims = inputShape.Raw;
        if (_inputShape is not null)
        {
            if (!_inputShape.AsSpan().SequenceEqual(dims))
                throw new InvalidOperationException($"Model '{Name}' is built for inputs {Shape.FormatBatch(_inputShape)}; it cannot be rebuilt for {Shape.FormatBatch(dims)}.");
            if (_built is not null) return;
        }
        _inputShape = dims;
        _inputName ??= _layers.Count > 0 ? _layers[0].Name + "_input" : "input";
        try
        {
            Rebuild();
        }
        catch
        {
            _inputShape = null;
            throw;
        }
    }

    /// <summary>The total number of weights (Keras's <c>count_params()</c>).</summary>
    /// <exception cref="InvalidOperationException">The model is not built.</exception>
    public long CountParams() => RequireBuilt().Graph.Parameters.Sum(p => (long)p.Length);

    /// <summary>Copies of all weights, layer by layer in Keras order (see <see cref="Layer.GetWeights"/>).</summary>
    /// <exception cref="InvalidOperationException">The model is not built.</exception>
    public IReadOnlyList<Tensor> GetWeights() => CopyWeights(RequireBuilt().Graph.Parameters);

    /// <summary>Replaces all weights; the list must match <see cref="GetWeights"/> in count and shapes.</summary>
    /// <exception cref="ArgumentException">The count or a shape differs; the message names the weight.</exception>
    public void SetWeights(IReadOnlyList<Tensor> weights)
    {
        ArgumentNullException.ThrowIfNull(weights);
        var parameters = RequireBuilt().Graph.Parameters;
        if (weights.Count != parameters.Count)
            throw new ArgumentException($"Model '{Name}' has {parameters.Count} weight tensors but {weights.Count} were given.", nameof(weights));
        AssignWeights(parameters.ToArray(), weights);
    }

    /// <summary>Sets the automatic-name counters of the current naming scope back to zero (see <see cref="KerasNames"/>).</summary>
    public static void ResetNameCounters() => KerasNames.Reset();

    /// <summary>
    /// Creates an executor for this model's graph (initializing the weights if needed). It shares the weights with the
    /// model; use one per thread. The seed (default <see cref="Seed"/>) drives its dropout masks.
    /// </summary>
    /// <param name="seed">Seeds dropout masks.</param>
    /// <param name="kernels">The kernels to run with (default <see cref="Kernels"/>); give each thread its own
    /// <see cref="MlNetCnn.Kernels.FastKernels"/>.</param>
    /// <param name="inferenceOnly">Plan no gradient memory (for prediction).</param>
    public GraphExecutor CreateExecutor(int? seed = null, IKernels? kernels = null, bool inferenceOnly = false)
    {
        var built = RequireBuilt();
        EnsureWeights();
        return new GraphExecutor(built.Graph, kernels ?? Kernels, seed ?? EffectiveSeed(), inferenceOnly);
    }

    internal LayerBinding? TryGetBinding(Layer layer) =>
        _built is not null && _built.Bindings.TryGetValue(layer, out var binding) ? binding : null;

    internal IReadOnlyList<Tensor> CopyWeights(IReadOnlyList<Parameter> parameters)
    {
        var graph = RequireBuilt().Graph;
        EnsureWeights();
        var result = new Tensor[parameters.Count];
        for (int i = 0; i < parameters.Count; i++)
            result[i] = new Tensor(parameters[i].Shape, graph.Values(parameters[i]).ToArray());
        return result;
    }

    internal void AssignWeights(IReadOnlyList<Parameter> parameters, IReadOnlyList<Tensor> weights)
    {
        var graph = RequireBuilt().Graph;
        for (int i = 0; i < parameters.Count; i++)
        {
            var w = weights[i] ?? throw new ArgumentException($"Weight {i} ('{parameters[i].Name}') is null.", nameof(weights));
            if (!w.Shape.AsSpan().SequenceEqual(parameters[i].Shape))
                throw new ArgumentException($"Weight {i} ('{parameters[i].Name}') has shape {Shape.Format(parameters[i].Shape)} but the given tensor has shape {Shape.Format(w.Shape)}.", nameof(weights));
        }
        EnsureWeights();
        for (int i = 0; i < parameters.Count; i++) weights[i].Data.AsSpan().CopyTo(graph.Values(parameters[i]));
    }

    internal ModelGraph RequireBuilt() => _built
        ?? throw new InvalidOperationException($"Model '{Name}' has not yet been built: its input shape is unknown. Give inputShape to the first layer, start with an InputLayer, or call Build(inputShape) or Fit.");

    internal CompileSettings? CompileSettings => _compile;

    internal string InputName => _inputName ?? "input";

    /// <summary>Creates the weights (from the seed) if they do not exist yet.</summary>
    internal void EnsureWeights()
    {
        var graph = RequireBuilt().Graph;
        if (!graph.IsSealed) graph.Seal(EffectiveSeed());
    }

    internal int EffectiveSeed() => Seed ??= Random.Shared.Next();

    /// <summary>Builds a new graph for the current layers and compile settings, keeping existing weights.</summary>
    private void Rebuild()
    {
        var built = ModelGraph.Build(InputName, _inputShape!, _layers, _compile);
        var old = _built;
        if (old is not null && old.Graph.IsSealed)
        {
            built.Graph.Seal(EffectiveSeed());
            built.CopyWeightsFrom(old);
        }
        _built = built;
        ResetExecutors();
    }
}
