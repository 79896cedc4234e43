using MlNetCnn.Data;

namespace MlNetCnn.Tests;

public class PredictionEngineTests
{
    static PredictionEngineTests()
    {
        ScaleTransformer.Register();
    }

    private sealed class Input
    {
        public float X;
        public string Name = string.Empty;
    }

    private sealed class Output
    {
        public float Y;
        public float Z;
        public string Name = string.Empty;
        public float NotProduced = -1;
    }

    private sealed class StrictOutput
    {
        public float Y;
        public float Nope;
    }

    private static TransformerChain<ScaleTransformer> Model(out ScaleTransformer a, out ScaleTransformer b)
    {
        a = new ScaleTransformer("Y", "X", 2, new[] { 1f });
        b = new ScaleTransformer("Z", "Y", 10, Array.Empty<float>());
        return new TransformerChain<ScaleTransformer>(a, b);
    }

    [Fact]
    public void Predicts_and_reuses_the_mapper_and_output_object()
    {
        var ml = new MLContext(1);
        var model = Model(out var a, out var b);
        using var engine = ml.Model.CreatePredictionEngine<Input, Output>(model);
        Assert.Equal(1, a.MapperCreations);
        Assert.Equal(1, b.MapperCreations);
        Assert.Equal(new[] { "X", "Name", "Y", "Z" }, engine.OutputSchema.Select(c => c.Name));

        var first = engine.Predict(new Input { X = 3, Name = "n" });
        Assert.Equal(7f, first.Y);
        Assert.Equal(70f, first.Z);
        Assert.Equal("n", first.Name);
        Assert.Equal(-1f, first.NotProduced);

        var reused = new Output();
        var keep = reused;
        for (int i = 0; i < 100; i++)
        {
            engine.Predict(new Input { X = i }, ref reused);
            Assert.Same(keep, reused);
            Assert.Equal((2 * i) + 1, reused.Y);
            Assert.Equal(((2 * i) + 1) * 10f, reused.Z);
        }

        Assert.Equal(1, a.MapperCreations);
        Assert.Equal(1, b.MapperCreations);
    }

    [Fact]
    public void Missing_output_columns_are_an_error_when_not_ignored()
    {
        var ml = new MLContext(1);
        var model = Model(out _, out _);
        Assert.NotNull(ml.Model.CreatePredictionEngine<Input, StrictOutput>(model));
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => ml.Model.CreatePredictionEngine<Input, StrictOutput>(model, ignoreMissingColumns: false));
        Assert.Contains("Nope", e.Message);
    }

    [Fact]
    public void Steps_outside_the_scoring_scope_are_skipped()
    {
        var ml = new MLContext(1);

        // The first step reads a Label column that prediction inputs do not have.
        var labelStep = new ScaleTransformer("LabelScaled", "Label", 1, Array.Empty<float>());
        var scoreStep = new ScaleTransformer("Y", "X", 2, Array.Empty<float>());
        var model = new TransformerChain<ITransformer>(new ITransformer[] { labelStep, scoreStep }, new[] { TransformerScope.TrainTest, TransformerScope.Everything });
        using var engine = ml.Model.CreatePredictionEngine<Input, Output>(model);
        Assert.Equal(8f, engine.Predict(new Input { X = 4 }).Y);
        Assert.Equal(0, labelStep.MapperCreations);
    }

    [Fact]
    public void Works_on_a_model_loaded_from_a_file()
    {
        using var dir = new TempDir();
        var ml = new MLContext(1);
        var model = Model(out _, out _);
        var schema = ml.Data.LoadFromEnumerable(Array.Empty<Input>()).Schema;
        string path = dir.File("m.zip");
        ml.Model.Save(model, schema, path);
        var loaded = ml.Model.Load(path, out var inputSchema);
        using var engine = ml.Model.CreatePredictionEngine<Input, Output>(loaded, inputSchema);
        Assert.Equal(50f, engine.Predict(new Input { X = 2 }).Z);
    }

    [Fact]
    public void Pool_serves_many_threads_at_once()
    {
        var ml = new MLContext(1);
        var model = Model(out var a, out _);
        using var pool = new PredictionEnginePool<Input, Output>(ml, model, maximumRetained: 4);
        Assert.Same(model, pool.GetModel());
        int errors = 0;
        var threads = Enumerable.Range(0, 8).Select(t => new Thread(() =>
        {
            for (int i = 0; i < 400; i++)
            {
                float x = (t * 1000) + i;
                var o = pool.Predict(new Input { X = x });
                if (o.Z != ((2 * x) + 1) * 10 || o.Y != (2 * x) + 1)
                {
                    Interlocked.Increment(ref errors);
                }
            }
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());
        Assert.Equal(0, errors);

        // Engines were reused: far fewer mappers than predictions.
        Assert.InRange(a.MapperCreations, 1, 40);

        var engine = pool.GetPredictionEngine();
        Assert.Equal(3f, engine.Predict(new Input { X = 1 }).Y);
        pool.ReturnPredictionEngine(engine);
        pool.Dispose();
        Assert.Throws<ObjectDisposedException>(() => pool.Predict(new Input()));
    }

    [Fact]
    public void Pool_from_file_loads_the_model()
    {
        using var dir = new TempDir();
        var ml = new MLContext(1);
        string path = dir.File("m.zip");
        ml.Model.Save(Model(out _, out _), null, path);
        using var pool = PredictionEnginePool<Input, Output>.FromFile(ml, path);
        Assert.Equal(30f, pool.Predict(new Input { X = 1 }).Z);
    }
}
