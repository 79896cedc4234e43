using MlNetCnn.Data;

namespace MlNetCnn.Tests.Workout;

/// <summary>
/// The generic checks every estimator must pass (ML.NET's "estimator workout"):
/// <list type="number">
/// <item>GetOutputSchema(SchemaShape) describes the schema of the transformed data (names, kinds, item types, key-ness,
/// annotation kinds), and the transformer's GetOutputSchema(schema) is exactly the transformed data's schema;</item>
/// <item>Fit and Transform work and keep the row count;</item>
/// <item>a row-to-row transformer's mapper (what prediction engines use) gives the same values as Transform;</item>
/// <item>a save/load round trip through mlContext.Model gives the same input schema and bit-identical output;</item>
/// <item>bad inputs (a missing column, a column of the wrong type) are refused by GetOutputSchema and Fit, and by the
/// fitted transformer, with a message naming the column.</item>
/// </list>
/// Shared by the transform tests and the CNN trainer tests (linked into MlNetCnn.Vision.Tests).
/// </summary>
internal static class EstimatorWorkout
{
    /// <summary>Runs the workout and returns the fitted transformer.</summary>
    /// <param name="ml">The context (used for Model.Save/Load).</param>
    /// <param name="estimator">The estimator under test.</param>
    /// <param name="trainData">The data to fit on.</param>
    /// <param name="testData">The data to transform (default: <paramref name="trainData"/>).</param>
    /// <param name="invalidInputs">Data the estimator must refuse, each with the column name its error must
    /// contain; <c>Transformer</c> false skips the fitted-transformer check (for columns only training reads, such as
    /// a label).</param>
    /// <param name="mapperTolerance">Relative tolerance between the mapper's and Transform's floating-point values
    /// (0 = bit-identical). Batched and one-row inference may round differently.</param>
    public static ITransformer Run<TTransformer>(MLContext ml, IEstimator<TTransformer> estimator, IDataView trainData,
        IDataView? testData = null, IEnumerable<(IDataView Data, string Column, bool Transformer)>? invalidInputs = null,
        double mapperTolerance = 0)
        where TTransformer : ITransformer
    {
        testData ??= trainData;

        // 1. Schema propagation.
        var shape = estimator.GetOutputSchema(SchemaShape.Create(trainData.Schema));
        ITransformer transformer = estimator.Fit(trainData);
        var transformed = transformer.Transform(testData);
        AssertShapeDescribes(shape, transformed.Schema);
        AssertSameSchema(transformer.GetOutputSchema(testData.Schema), transformed.Schema, "GetOutputSchema(schema) vs Transform");

        // 2. Transform keeps the rows.
        var values = DataViewValues.ReadAll(transformed);
        Assert.Equal(CountRows(testData), values.Count);

        // 3. The row-to-row mapper agrees with Transform.
        if (transformer.IsRowToRowMapper)
        {
            var mapper = transformer.GetRowToRowMapper(testData.Schema);
            AssertSameSchema(mapper.OutputSchema, transformed.Schema, "row-to-row mapper vs Transform");
            AssertSameValues(values, DataViewValues.ReadThroughMapper(mapper, testData), transformed.Schema, mapperTolerance, "row-to-row mapper vs Transform");
        }
        else
        {
            Assert.ThrowsAny<InvalidOperationException>(() => transformer.GetRowToRowMapper(testData.Schema));
        }

        // 4. Save and load.
        using (var stream = new MemoryStream())
        {
            ml.Model.Save(transformer, trainData.Schema, stream);
            stream.Position = 0;
            var loaded = ml.Model.Load(stream, out var savedSchema);
            AssertSameSchema(savedSchema, trainData.Schema, "saved input schema", compareAnnotationValues: false);
            var reloaded = loaded.Transform(testData);
            AssertSameSchema(reloaded.Schema, transformed.Schema, "loaded model vs original");
            AssertSameValues(values, DataViewValues.ReadAll(reloaded), transformed.Schema, 0, "loaded model vs original");
            (loaded as IDisposable)?.Dispose();
        }

        // 5. Bad input is refused with the column's name.
        foreach (var (bad, column, checkTransformer) in invalidInputs ?? Array.Empty<(IDataView, string, bool)>())
        {
            AssertNamesColumn(() => estimator.GetOutputSchema(SchemaShape.Create(bad.Schema)), column, "GetOutputSchema(SchemaShape)");
            AssertNamesColumn(() => estimator.Fit(bad), column, "Fit");
            if (checkTransformer)
            {
                AssertNamesColumn(() => transformer.GetOutputSchema(bad.Schema), column, "transformer.GetOutputSchema");
                AssertNamesColumn(() => transformer.Transform(bad), column, "transformer.Transform");
            }
        }

        return transformer;
    }

    /// <summary>Checks that every visible column of <paramref name="schema"/> is described by
    /// <paramref name="shape"/> and vice versa.</summary>
    public static void AssertShapeDescribes(SchemaShape shape, DataViewSchema schema)
    {
        var actual = SchemaShape.Create(schema);
        Assert.Equal(shape.Select(c => c.Name).Distinct().OrderBy(n => n, StringComparer.Ordinal), actual.Select(c => c.Name).OrderBy(n => n, StringComparer.Ordinal));
        foreach (var col in actual)
        {
            Assert.True(shape.TryFindColumn(col.Name, out var expected), $"The shape has no column '{col.Name}'.");
            Assert.True(expected.Kind == col.Kind && expected.IsKey == col.IsKey && expected.ItemType.Equals(col.ItemType),
                $"Column '{col.Name}': the shape says {expected.GetTypeString()}, the data has {col.GetTypeString()}.");
            var expectedKinds = expected.Annotations.Select(a => a.Name).OrderBy(n => n, StringComparer.Ordinal).ToArray();
            var actualKinds = col.Annotations.Select(a => a.Name).OrderBy(n => n, StringComparer.Ordinal).ToArray();
            Assert.True(expectedKinds.SequenceEqual(actualKinds),
                $"Column '{col.Name}': the shape has annotations [{string.Join(", ", expectedKinds)}], the data [{string.Join(", ", actualKinds)}].");
            foreach (var a in expected.Annotations)
            {
                Assert.True(a.IsCompatibleWith(col.Annotations.First(x => x.Name == a.Name)), $"Column '{col.Name}': annotation '{a.Name}' differs.");
            }
        }
    }

    /// <summary>Checks two schemas have the same columns, types and annotations (kinds, types and, unless told
    /// otherwise, values).</summary>
    public static void AssertSameSchema(DataViewSchema expected, DataViewSchema actual, string what, bool compareAnnotationValues = true)
    {
        Assert.True(expected.Count == actual.Count, $"{what}: {expected.Count} columns vs {actual.Count}.");
        for (int i = 0; i < expected.Count; i++)
        {
            var e = expected[i];
            var a = actual[i];
            Assert.True(e.Name == a.Name && e.Type.Equals(a.Type) && e.IsHidden == a.IsHidden, $"{what}: column {i} is {e} vs {a}.");
            var kinds = e.Annotations.Schema.Select(c => (c.Name, c.Type)).ToArray();
            Assert.True(kinds.SequenceEqual(a.Annotations.Schema.Select(c => (c.Name, c.Type))), $"{what}: annotations of '{e.Name}' differ: {e} vs {a}.");
            if (compareAnnotationValues)
            {
                foreach (var (kind, _) in kinds)
                {
                    var ev = DataViewValues.Annotation(e, kind);
                    var av = DataViewValues.Annotation(a, kind);
                    Assert.True(DataViewValues.ValueEquals(ev, av), $"{what}: annotation {kind} of '{e.Name}' is {DataViewValues.Show(ev)} vs {DataViewValues.Show(av)}.");
                }
            }
        }
    }

    /// <summary>Checks two materialized data views are equal cell by cell.</summary>
    public static void AssertSameValues(List<object?[]> expected, List<object?[]> actual, DataViewSchema schema, double tolerance, string what)
    {
        Assert.True(expected.Count == actual.Count, $"{what}: {expected.Count} rows vs {actual.Count}.");
        for (int r = 0; r < expected.Count; r++)
        {
            for (int c = 0; c < expected[r].Length; c++)
            {
                Assert.True(DataViewValues.ValueEquals(expected[r][c], actual[r][c], tolerance),
                    $"{what}: row {r}, column '{schema[c].Name}': {DataViewValues.Show(expected[r][c])} vs {DataViewValues.Show(actual[r][c])}.");
            }
        }
    }

    /// <summary>Checks that <paramref name="action"/> throws (now, or when its result is read) an exception whose
    /// message names <paramref name="column"/>.</summary>
    public static void AssertNamesColumn(Func<object> action, string column, string what)
    {
        var ex = Assert.ThrowsAny<Exception>(() =>
        {
            var result = action();
            if (result is IDataView view)
            {
                DataViewValues.ReadAll(view);
            }
        });
        Assert.True(ex.Message.Contains($"'{column}'", StringComparison.Ordinal), $"{what}: the error does not name column '{column}': {ex.GetType().Name}: {ex.Message}");
    }

    private static long CountRows(IDataView data)
    {
        using var cursor = data.GetRowCursor(Array.Empty<DataViewSchema.Column>());
        long n = 0;
        while (cursor.MoveNext())
        {
            n++;
        }

        return n;
    }
}
