using MlNetCnn.Data;

namespace MlNetCnn.Tests;

/// <summary>A trivial saveable transformer for tests: Output = Input * Factor + Bias[0] (a float column).</summary>
internal sealed class ScaleTransformer : RowToRowTransformerBase
{
    internal const string LoaderSignature = "TestScaleTransformer";

    public ScaleTransformer(string output, string input, float factor, float[] bias)
    {
        OutputColumn = output;
        InputColumn = input;
        Factor = factor;
        Bias = bias;
    }

    public string OutputColumn { get; }

    public string InputColumn { get; }

    public float Factor { get; }

    public float[] Bias { get; }

    /// <summary>How many times the mapper computed a value (to check engines do not recompute).</summary>
    public int Computations;

    /// <summary>How many row mappers were created.</summary>
    public int MapperCreations;

    public static void Register() => ComponentRegistry.Register(LoaderSignature, Load);

    private static VersionInfo GetVersionInfo() => new("TESTSCAL", 0x00010002, 0x00010001, 0x00010001, LoaderSignature);

    private protected override void SaveModel(ModelSaveContext ctx)
    {
        ctx.SetVersionInfo(GetVersionInfo());
        ctx.Writer.WriteString(OutputColumn);
        ctx.Writer.WriteString(InputColumn);
        ctx.Writer.Write(Factor);
        ctx.SaveBinaryStream("Bias", w => w.WriteFloatArray(Bias));
    }

    internal static ScaleTransformer Load(ModelLoadContext ctx)
    {
        ctx.CheckAtModel(GetVersionInfo());
        string output = ctx.Reader.ReadCheckedString(1024);
        string input = ctx.Reader.ReadCheckedString(1024);
        float factor = ctx.Reader.ReadSingle();
        float[] bias = Array.Empty<float>();
        ctx.LoadBinaryStream("Bias", r => bias = r.ReadFloatArray(1 << 20));
        return new ScaleTransformer(output, input, factor, bias);
    }

    private protected override IRowToRowMapper MakeRowMapper(DataViewSchema inputSchema)
    {
        Interlocked.Increment(ref MapperCreations);
        var input = inputSchema.GetColumnOrNull(InputColumn)
            ?? throw new ArgumentOutOfRangeException(nameof(inputSchema), $"Input column '{InputColumn}' not found.");
        if (input.Type != NumberDataViewType.Single)
        {
            throw new InvalidOperationException($"Column '{InputColumn}' must be Single, not {input.Type}.");
        }

        return new Mapper(this, inputSchema, input);
    }

    private sealed class Mapper : ColumnAddingMapper
    {
        private readonly ScaleTransformer _parent;
        private readonly DataViewSchema.Column _input;

        public Mapper(ScaleTransformer parent, DataViewSchema schema, DataViewSchema.Column input)
            : base(schema, new[] { new DataViewSchema.DetachedColumn(parent.OutputColumn, NumberDataViewType.Single) })
        {
            _parent = parent;
            _input = input;
        }

        protected override IEnumerable<DataViewSchema.Column> GetInputDependencies(int addedIndex) => new[] { _input };

        protected override Delegate MakeGetter(DataViewRow input, int addedIndex)
        {
            var getter = input.GetGetter<float>(_input);
            float bias = _parent.Bias.Length > 0 ? _parent.Bias[0] : 0;
            float x = 0;
            return (ValueGetter<float>)((ref float value) =>
            {
                Interlocked.Increment(ref _parent.Computations);
                getter(ref x);
                value = (x * _parent.Factor) + bias;
            });
        }
    }
}

/// <summary>An estimator that "learns" the factor as the mean of the input column.</summary>
internal sealed class ScaleEstimator : IEstimator<ScaleTransformer>
{
    private readonly string _output;
    private readonly string _input;

    public ScaleEstimator(string output, string input)
    {
        _output = output;
        _input = input;
    }

    public ScaleTransformer Fit(IDataView input)
    {
        var values = input.Column<float>(_input);
        return new ScaleTransformer(_output, _input, values.Average(), new[] { 0f });
    }

    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        if (!inputSchema.TryFindColumn(_input, out var col) || col.Kind != SchemaShape.VectorKind.Scalar || !col.ItemType.Equals(NumberDataViewType.Single))
        {
            throw new ArgumentOutOfRangeException(nameof(inputSchema), $"Input column '{_input}' must be a Single scalar.");
        }

        return new SchemaShape(inputSchema.Append(SchemaShape.FromType(_output, NumberDataViewType.Single, null)));
    }
}
