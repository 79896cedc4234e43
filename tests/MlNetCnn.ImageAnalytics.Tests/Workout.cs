using MlNetCnn.Data;
using MlNetCnn.Transforms.Image;

namespace MlNetCnn.ImageAnalytics.Tests;

/// <summary>
/// The estimator workout (after ML.NET's TestEstimatorCore): the shape from <c>GetOutputSchema</c> matches the schema
/// of the transformed data, fit and transform work, bad input is refused by the estimator, by Fit and by the
/// transformer, and a save/load round trip through <c>mlContext.Model</c> gives identical output.
/// </summary>
internal static class Workout
{
    public static ITransformer Run<TTransformer>(MLContext ml, IEstimator<TTransformer> estimator, IDataView data, IDataView? invalidInput = null)
        where TTransformer : ITransformer
    {
        // Schema propagation: the estimator's shape equals the shape of what the transformer produces.
        var shape = estimator.GetOutputSchema(ImageColumns.ShapeOf(data.Schema));
        var transformer = estimator.Fit(data);
        var output = transformer.Transform(data);
        AssertShapesEqual(shape, ImageColumns.ShapeOf(output.Schema));
        var schema = transformer.GetOutputSchema(data.Schema);
        Assert.Equal(schema.Select(c => (c.Name, c.Type, c.IsHidden)), output.Schema.Select(c => (c.Name, c.Type, c.IsHidden)));
        Assert.True(transformer.IsRowToRowMapper);
        Assert.Equal(schema.Select(c => (c.Name, c.Type)), transformer.GetRowToRowMapper(data.Schema).OutputSchema.Select(c => (c.Name, c.Type)));

        // Every value can be read, twice with the same result (the view is lazy and repeatable).
        var first = DataReader.ReadAll(output);
        Assert.Equal(data.GetRowCount() ?? first.Count, first.Count);
        DataReader.AssertSameData(output, transformer.Transform(data));

        if (invalidInput != null)
        {
            Assert.Throws<ArgumentOutOfRangeException>(() => estimator.GetOutputSchema(ImageColumns.ShapeOf(invalidInput.Schema)));
            Assert.Throws<ArgumentOutOfRangeException>(() => estimator.Fit(invalidInput));
            Assert.Throws<ArgumentOutOfRangeException>(() => transformer.Transform(invalidInput));
            Assert.Throws<ArgumentOutOfRangeException>(() => transformer.GetOutputSchema(invalidInput.Schema));
        }

        // Save and load through the model file format; the loaded transformer gives the same data.
        using var stream = new MemoryStream();
        ml.Model.Save(transformer, data.Schema, stream);
        stream.Position = 0;
        var loaded = ml.Model.Load(stream, out var savedSchema);
        Assert.Equal(data.Schema.Select(c => (c.Name, c.Type)), savedSchema.Select(c => (c.Name, c.Type)));
        DataReader.AssertSameData(output, loaded.Transform(data));
        return transformer;
    }

    private static void AssertShapesEqual(SchemaShape expected, SchemaShape actual)
    {
        Assert.Equal(expected.Select(c => c.Name), actual.Select(c => c.Name));
        foreach (var (e, a) in expected.Zip(actual))
        {
            Assert.True(e.Kind == a.Kind && e.IsKey == a.IsKey && e.ItemType.Equals(a.ItemType),
                $"column '{e.Name}': the estimator promised {e.GetTypeString()} ({e.ItemType}), the data has {a.GetTypeString()} ({a.ItemType})");
        }
    }
}
