using MlNetCnn.Data;

namespace MlNetCnn.Tests;

public class ChainTests
{
    private sealed class Row
    {
        public float X;
        public string Tag = string.Empty;
    }

    private static IDataView Data(MLContext ml)
        => ml.Data.LoadFromEnumerable(new[] { new Row { X = 1, Tag = "a" }, new Row { X = 2, Tag = "b" }, new Row { X = 3, Tag = "c" } });

    [Fact]
    public void Estimator_chain_fits_each_step_on_the_previous_output()
    {
        var ml = new MLContext(1);
        var pipeline = new ScaleEstimator("Y", "X").Append(new ScaleEstimator("Z", "Y"));
        Assert.IsType<EstimatorChain<ScaleTransformer>>(pipeline);
        var model = pipeline.Fit(Data(ml));

        // Y = X * mean(X) = X * 2; Z = Y * mean(Y) = Y * 4.
        Assert.Equal(2f, model.First().As<ScaleTransformer>().Factor);
        Assert.Equal(4f, model.LastTransformer.Factor);
        var output = model.Transform(Data(ml));
        Assert.Equal(new[] { 8f, 16f, 24f }, output.Column<float>("Z"));
        Assert.Equal(new[] { "X", "Tag", "Y", "Z" }, model.GetOutputSchema(Data(ml).Schema).Select(c => c.Name));
        Assert.True(model.IsRowToRowMapper);
    }

    [Fact]
    public void Output_schema_is_checked_before_fitting()
    {
        var ml = new MLContext(1);
        var pipeline = new ScaleEstimator("Y", "Tag").Append(new ScaleEstimator("Z", "Y"));
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => pipeline.Fit(Data(ml)));
        Assert.Contains("Tag", e.Message);
    }

    [Fact]
    public void Same_name_output_hides_the_input_column()
    {
        var ml = new MLContext(1);
        var t = new ScaleTransformer("X", "X", 10, Array.Empty<float>());
        var output = t.Transform(Data(ml));
        Assert.Equal(3, output.Schema.Count);
        Assert.True(output.Schema[0].IsHidden);
        Assert.Equal(new[] { 10f, 20f, 30f }, output.Column<float>("X"));

        // The hidden column is still readable by index.
        var hidden = output.Schema[0];
        using var cursor = output.GetRowCursor(new[] { hidden });
        var g = cursor.GetGetter<float>(hidden);
        Assert.True(cursor.MoveNext());
        float v = 0;
        g(ref v);
        Assert.Equal(1f, v);
    }

    [Fact]
    public void Transformer_chain_scopes_and_append()
    {
        var ml = new MLContext(1);
        var a = new ScaleTransformer("A", "X", 2, Array.Empty<float>());
        var b = new ScaleTransformer("B", "X", 3, Array.Empty<float>());
        var chain = a.Append(b);
        Assert.IsType<TransformerChain<ScaleTransformer>>(chain);
        Assert.Same(b, chain.LastTransformer);
        var scoped = new TransformerChain<ITransformer>(new ITransformer[] { a, b }, new[] { TransformerScope.TrainTest, TransformerScope.Everything });
        var scoring = scoped.GetModelFor(TransformerScope.Scoring);
        Assert.Single(scoring);
        Assert.Same(b, scoring.LastTransformer);
        Assert.Equal(2, scoped.GetModelFor(TransformerScope.Training).Count());
        var appended = scoped.Append(new ScaleTransformer("C", "A", 1, Array.Empty<float>()), TransformerScope.Scoring);
        Assert.Equal(3, appended.Count());
        Assert.Equal(new[] { 2f, 4f, 6f }, appended.Transform(Data(ml)).Column<float>("C"));
    }

    [Fact]
    public void Chain_row_mapper_computes_only_what_is_needed()
    {
        var ml = new MLContext(1);
        var a = new ScaleTransformer("A", "X", 2, Array.Empty<float>());
        var b = new ScaleTransformer("B", "X", 3, Array.Empty<float>());
        var chain = new TransformerChain<ScaleTransformer>(a, b);
        var data = Data(ml);
        var mapper = chain.GetRowToRowMapper(data.Schema);
        Assert.Equal(new[] { "X", "Tag", "A", "B" }, mapper.OutputSchema.Select(c => c.Name));
        var bCol = mapper.OutputSchema["B"];
        var deps = mapper.GetDependencies(new[] { bCol }).ToArray();
        Assert.Equal(new[] { "X" }, deps.Select(c => c.Name));

        using var cursor = data.GetRowCursor(deps);
        using var row = mapper.GetRow(cursor, new[] { bCol });
        Assert.False(row.IsColumnActive(mapper.OutputSchema["A"]));
        var getter = row.GetGetter<float>(bCol);
        var values = new List<float>();
        float v = 0;
        while (cursor.MoveNext())
        {
            getter(ref v);
            values.Add(v);
        }

        Assert.Equal(new[] { 3f, 6f, 9f }, values);
        Assert.Equal(0, a.Computations);
    }

    [Fact]
    public void Chain_with_a_non_row_mapper_refuses_GetRowToRowMapper()
    {
        var chain = new TransformerChain<ITransformer>(new ScaleTransformer("A", "X", 2, Array.Empty<float>()), new NotRowMapper());
        Assert.False(chain.IsRowToRowMapper);
        var e = Assert.Throws<InvalidOperationException>(() => chain.GetRowToRowMapper(Data(new MLContext(1)).Schema));
        Assert.Contains("NotRowMapper", e.Message);
    }

    [Fact]
    public void Cache_checkpoint_keeps_results_identical()
    {
        var ml = new MLContext(1);
        var pipeline = new ScaleEstimator("Y", "X").AppendCacheCheckpoint(ml).Append(new ScaleEstimator("Z", "Y"));
        var model = pipeline.Fit(Data(ml));
        Assert.Equal(new[] { 8f, 16f, 24f }, model.Transform(Data(ml)).Column<float>("Z"));
    }

    internal sealed class NotRowMapper : ITransformer
    {
        public bool IsRowToRowMapper => false;

        public DataViewSchema GetOutputSchema(DataViewSchema inputSchema) => inputSchema;

        public IRowToRowMapper GetRowToRowMapper(DataViewSchema inputSchema) => throw new InvalidOperationException("not a row mapper");

        public void Save(ModelSaveContext ctx) => throw new InvalidOperationException("This transformer cannot be saved.");

        public IDataView Transform(IDataView input) => input;
    }
}

internal static class TransformerTestExtensions
{
    public static T As<T>(this ITransformer t)
        where T : class => (T)t;
}
