using System.Collections.Immutable;
using MlNetCnn.Data;
using MlNetCnn.Tests.Workout;
using MlNetCnn.Transforms;

namespace MlNetCnn.Tests.Transforms;

public class NormalizerTests
{
    private sealed class Row
    {
        public float X;

        public double Y;

        [VectorType(3)]
        public float[] V = new float[3];

        public float[] Ragged = Array.Empty<float>();

        public int Count;
    }

    // Column X: -2, 1, 4, NaN.  Y: 0, 0, 3, 1.  V slots: (1, 5, 7), (3, 5, -7), (2, 5, 0), (NaN, 5, 0).
    private static IDataView Data(MLContext ml) => ml.Data.LoadFromEnumerable(new[]
    {
        new Row { X = -2, Y = 0, V = new float[] { 1, 5, 7 }, Ragged = new float[] { 1 } },
        new Row { X = 1, Y = 0, V = new float[] { 3, 5, -7 }, Ragged = new float[] { 1, 2 } },
        new Row { X = 4, Y = 3, V = new float[] { 2, 5, 0 } },
        new Row { X = float.NaN, Y = 1, V = new float[] { float.NaN, 5, 0 } },
    });

    private static float[] Floats(IDataView data, string column) => DataViewValues.Column(data, column).Cast<float>().ToArray();

    [Fact]
    public void Min_max_with_fix_zero_divides_by_the_largest_magnitude()
    {
        var ml = new MLContext(1);
        var model = ml.Transforms.NormalizeMinMax("X").Fit(Data(ml));
        var x = Floats(model.Transform(Data(ml)), "X");

        Assert.Equal(new[] { -0.5f, 0.25f, 1f }, x[..3]);
        Assert.True(float.IsNaN(x[3]));
        var p = Assert.IsType<NormalizingTransformer.AffineNormalizerModelParameters<float>>(model.GetNormalizerModelParameters(0));
        Assert.Equal(0.25f, p.Scale);
        Assert.Equal(0f, p.Offset);
    }

    [Fact]
    public void Min_max_without_fix_zero_maps_min_to_zero_and_max_to_one()
    {
        var ml = new MLContext(1);
        var x = Floats(ml.Transforms.NormalizeMinMax("X", fixZero: false).Fit(Data(ml)).Transform(Data(ml)), "X");

        Assert.Equal(new[] { 0f, (1f - -2f) * (1f / 6f), 1f }, x[..3]);
    }

    [Fact]
    public void Min_max_is_per_slot_and_a_constant_slot_maps_to_zero()
    {
        var ml = new MLContext(1);
        var output = ml.Transforms.NormalizeMinMax("N", "V").Fit(Data(ml)).Transform(Data(ml));
        var rows = DataViewValues.Column(output, "N").Cast<float[]>().ToArray();

        Assert.Equal(new[] { 1f / 3, 0, 1 }, rows[0]);
        Assert.Equal(new[] { 1f, 0, -1 }, rows[1]);
        Assert.Equal(new[] { 2f / 3, 0, 0 }, rows[2]);
        Assert.True(float.IsNaN(rows[3][0]));
        Assert.True(output.Schema["N"].IsNormalized());
        Assert.Equal(new VectorDataViewType(NumberDataViewType.Single, 3), output.Schema["N"].Type);
    }

    [Fact]
    public void Maximum_example_count_limits_the_rows_used_for_statistics()
    {
        var ml = new MLContext(1);
        var x = Floats(ml.Transforms.NormalizeMinMax("X", maximumExampleCount: 2).Fit(Data(ml)).Transform(Data(ml)), "X");

        Assert.Equal(new[] { -1f, 0.5f, 2f }, x[..3]);
        Assert.Throws<ArgumentOutOfRangeException>(() => ml.Transforms.NormalizeMinMax("X", maximumExampleCount: 1));
    }

    [Fact]
    public void Mean_variance_counts_zeros_and_uses_the_population_variance()
    {
        // Y = 0, 0, 3, 1: mean 1, population variance (1 + 1 + 4 + 0) / 4 = 1.5, mean square 2.5.
        var ml = new MLContext(1);
        var data = Data(ml);
        var fix = ml.Transforms.NormalizeMeanVariance("Y").Fit(data);
        var free = ml.Transforms.NormalizeMeanVariance("Y", fixZero: false).Fit(data);

        var fixed0 = DataViewValues.Column(fix.Transform(data), "Y").Cast<double>().ToArray();
        Assert.Equal(new[] { 0, 0, 3 / Math.Sqrt(2.5), 1 / Math.Sqrt(2.5) }, fixed0, new ToleranceComparer(1e-15));
        var centered = DataViewValues.Column(free.Transform(data), "Y").Cast<double>().ToArray();
        Assert.Equal(new[] { -1 / Math.Sqrt(1.5), -1 / Math.Sqrt(1.5), 2 / Math.Sqrt(1.5), 0 }, centered, new ToleranceComparer(1e-15));
        var p = Assert.IsType<NormalizingTransformer.AffineNormalizerModelParameters<double>>(free.GetNormalizerModelParameters(0));
        Assert.Equal(1.0, p.Offset, 15);
    }

    [Fact]
    public void Mean_variance_ignores_non_finite_values_and_zeroes_constant_slots()
    {
        var ml = new MLContext(1);
        var model = ml.Transforms.NormalizeMeanVariance("N", "V", fixZero: false).Fit(Data(ml));
        var p = Assert.IsType<NormalizingTransformer.AffineNormalizerModelParameters<ImmutableArray<float>>>(model.GetNormalizerModelParameters(0));

        // Slot 0: 1, 3, 2 (NaN ignored): mean 2, population variance 2/3. Slot 1 constant. Slot 2: 7, -7, 0, 0: mean 0.
        Assert.Equal(2f, p.Offset[0]);
        Assert.Equal(1 / (float)Math.Sqrt(2.0 / 3), p.Scale[0]);
        Assert.Equal(0f, p.Scale[1]);
        Assert.Equal(1 / (float)Math.Sqrt(24.5), p.Scale[2]);
    }

    [Fact]
    public void Cdf_maps_through_the_normal_distribution()
    {
        var ml = new MLContext(1);
        var model = ml.Transforms.NormalizeMeanVariance("Y", useCdf: true).Fit(Data(ml));
        var y = DataViewValues.Column(model.Transform(Data(ml)), "Y").Cast<double>().ToArray();
        var p = Assert.IsType<NormalizingTransformer.CdfNormalizerModelParameters<double>>(model.GetNormalizerModelParameters(0));

        Assert.Equal(1.0, p.Mean);
        Assert.Equal(Math.Sqrt(1.5), p.StandardDeviation, 15);
        Assert.Equal(0.5, y[3], 12);
        // Phi(2 / sqrt(1.5)) = Phi(1.6329931618554521) = 0.948765...
        Assert.Equal(0.9487648, y[2], 6);
        Assert.Equal(1 - y[2], Phi(-2 / Math.Sqrt(1.5)), 12);
    }

    [Fact]
    public void Normal_cdf_matches_reference_values()
    {
        Assert.Equal(0.5, Phi(0), 15);
        Assert.Equal(0.841344746068543, Phi(1), 14);
        Assert.Equal(0.0227501319481792, Phi(-2), 15);
        Assert.Equal(0.998650101968370, Phi(3), 14);
        Assert.Equal(2.86651571879194e-7, Phi(-5), 1e-20);
        Assert.Equal(1.0, Phi(40), 15);
    }

    private static double Phi(double z) => NormalCdf.Phi(z);

    [Fact]
    public void Normalizers_refuse_non_floating_and_variable_size_columns()
    {
        var ml = new MLContext(1);
        var count = Assert.Throws<ArgumentOutOfRangeException>(() => ml.Transforms.NormalizeMinMax("Count").Fit(Data(ml)));
        Assert.Contains("'Count'", count.Message);
        Assert.Contains("Single", count.Message);
        var ragged = Assert.Throws<ArgumentOutOfRangeException>(() => ml.Transforms.NormalizeMeanVariance("Ragged").GetOutputSchema(SchemaShape.Create(Data(ml).Schema)));
        Assert.Contains("'Ragged'", ragged.Message);
    }

    [Fact]
    public void Normalizers_pass_the_estimator_workout()
    {
        var ml = new MLContext(1);
        var data = Data(ml);
        var bad = new (IDataView, string, bool)[]
        {
            (ml.Transforms.DropColumns("V").Fit(data).Transform(data), "V", true),
            (ml.Transforms.CopyColumns("V", "Ragged").Fit(data).Transform(data), "V", true),
        };
        EstimatorWorkout.Run(ml, ml.Transforms.NormalizeMinMax(new[] { new InputOutputColumnPair("X"), new InputOutputColumnPair("V") }), data, invalidInputs: bad);
        EstimatorWorkout.Run(ml, ml.Transforms.NormalizeMeanVariance(new[] { new InputOutputColumnPair("Y"), new InputOutputColumnPair("N", "V") }, fixZero: false), data, invalidInputs: bad);
        EstimatorWorkout.Run(ml, ml.Transforms.NormalizeMeanVariance("V", useCdf: true), data, invalidInputs: bad);
    }

    private sealed class ToleranceComparer(double tolerance) : IEqualityComparer<double>
    {
        public bool Equals(double x, double y) => Math.Abs(x - y) <= tolerance;

        public int GetHashCode(double obj) => 0;
    }
}
