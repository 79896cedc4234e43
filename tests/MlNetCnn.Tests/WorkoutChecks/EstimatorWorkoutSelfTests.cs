using MlNetCnn.Data;
using MlNetCnn.Tests.Workout;
using Xunit.Sdk;

namespace MlNetCnn.Tests.WorkoutChecks;

/// <summary>The workout must fail for broken estimators, or its passes prove nothing.</summary>
public class EstimatorWorkoutSelfTests
{
    private sealed class Row
    {
        public float X;
    }

    private static IDataView Data(MLContext ml) => ml.Data.LoadFromEnumerable(new[] { new Row { X = 1 }, new Row { X = -3 } });

    /// <summary>Wraps an estimator and lies about its output shape.</summary>
    private sealed class WrongShape(IEstimator<ITransformer> inner) : IEstimator<ITransformer>
    {
        public ITransformer Fit(IDataView input) => inner.Fit(input);

        public SchemaShape GetOutputSchema(SchemaShape inputSchema)
            => new(inner.GetOutputSchema(inputSchema).Select(c => c.Name == "Y"
                ? new SchemaShape.Column("Y", SchemaShape.VectorKind.Scalar, NumberDataViewType.Double, false, c.Annotations)
                : c));
    }

    /// <summary>Fits a transformer that does not survive saving: the loaded one doubles its output.</summary>
    private sealed class NotPersisted(MLContext ml) : IEstimator<ITransformer>
    {
        public ITransformer Fit(IDataView input) => new LossySave();

        public SchemaShape GetOutputSchema(SchemaShape inputSchema)
            => ml.Transforms.CopyColumns("Y", "X").GetOutputSchema(inputSchema);
    }

    /// <summary>Computes Y = X but saves itself as Y = 2 X.</summary>
    private sealed class LossySave : ITransformer
    {
        private readonly ScaleTransformer _inner = new("Y", "X", 1, new[] { 0f });

        public bool IsRowToRowMapper => true;

        public DataViewSchema GetOutputSchema(DataViewSchema inputSchema) => _inner.GetOutputSchema(inputSchema);

        public IDataView Transform(IDataView input) => _inner.Transform(input);

        public IRowToRowMapper GetRowToRowMapper(DataViewSchema inputSchema) => _inner.GetRowToRowMapper(inputSchema);

        public void Save(ModelSaveContext ctx) => ((ICanSaveModel)new ScaleTransformer("Y", "X", 2, new[] { 0f })).Save(ctx);
    }

    /// <summary>Accepts any input, so bad input is not refused.</summary>
    private sealed class Lenient(MLContext ml) : IEstimator<ITransformer>
    {
        public ITransformer Fit(IDataView input) => ml.Transforms.CopyColumns("Y", "X").Fit(Data(ml));

        public SchemaShape GetOutputSchema(SchemaShape inputSchema) => inputSchema;
    }

    static EstimatorWorkoutSelfTests()
    {
        ScaleTransformer.Register();
    }

    [Fact]
    public void A_correct_estimator_passes()
    {
        var ml = new MLContext(1);
        EstimatorWorkout.Run(ml, ml.Transforms.CopyColumns("Y", "X"), Data(ml));
    }

    [Fact]
    public void A_lying_output_shape_fails()
    {
        var ml = new MLContext(1);
        Assert.ThrowsAny<XunitException>(() => EstimatorWorkout.Run(ml, new WrongShape(ml.Transforms.CopyColumns("Y", "X")), Data(ml)));
    }

    [Fact]
    public void A_save_load_round_trip_that_changes_the_output_fails()
    {
        var ml = new MLContext(1);
        Assert.ThrowsAny<XunitException>(() => EstimatorWorkout.Run(ml, new NotPersisted(ml), Data(ml)));
    }

    [Fact]
    public void Bad_input_that_is_accepted_fails()
    {
        var ml = new MLContext(1);
        var bad = new (IDataView, string, bool)[] { (ml.Transforms.CopyColumns("Z", "X").Fit(Data(ml)).Transform(Data(ml)), "X", false) };
        Assert.ThrowsAny<XunitException>(() => EstimatorWorkout.Run(ml, new Lenient(ml), Data(ml), invalidInputs: bad));
    }
}
