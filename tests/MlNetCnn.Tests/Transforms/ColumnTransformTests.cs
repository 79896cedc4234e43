using MlNetCnn.Data;
using MlNetCnn.Tests.Workout;

namespace MlNetCnn.Tests.Transforms;

public class ColumnTransformTests
{
    private sealed class Row
    {
        public float A;

        public float B;

        [VectorType(2, 2)]
        public float[] Image = new float[4];

        public float[] Ragged = Array.Empty<float>();

        public string Name = string.Empty;

        public double D;
    }

    private static IDataView Data(MLContext ml, bool withSlotNames = true)
    {
        var rows = new[]
        {
            new Row { A = 1, B = 2, Image = new float[] { 1, 2, 3, 4 }, Ragged = new float[] { 9 }, Name = "one", D = 0.5 },
            new Row { A = -1, B = 0, Image = new float[] { 5, 6, 7, 8 }, Ragged = new float[] { 8, 7 }, Name = "two", D = 1.5 },
        };
        var def = SchemaDefinition.Create(typeof(Row), SchemaDefinition.Direction.Read);
        if (withSlotNames)
        {
            var names = new VBuffer<ReadOnlyMemory<char>>(4, new[] { "p0", "p1", string.Empty, "p3" }.Select(n => n.AsMemory()).ToArray());
            def["Image"].AddAnnotation("SlotNames", names, new VectorDataViewType(TextDataViewType.Instance, 4));
        }

        return ml.Data.LoadFromEnumerable(rows, def);
    }

    [Fact]
    public void Concatenate_joins_scalars_and_vectors_with_slot_names()
    {
        var ml = new MLContext(1);
        var output = ml.Transforms.Concatenate("Features", "A", "Image", "B").Fit(Data(ml)).Transform(Data(ml));
        var features = output.Schema["Features"];

        Assert.Equal(new VectorDataViewType(NumberDataViewType.Single, 6), features.Type);
        Assert.Equal(new[] { 1f, 1, 2, 3, 4, 2 }, DataViewValues.Column(output, "Features")[0]);
        Assert.Equal(new[] { -1f, 5, 6, 7, 8, 0 }, DataViewValues.Column(output, "Features")[1]);
        Assert.Equal(new[] { "A", "p0", "p1", string.Empty, "p3", "B" }, DataViewValues.Annotation(features, "SlotNames"));
        Assert.False(features.IsNormalized());
    }

    [Fact]
    public void Concatenate_without_any_name_source_has_no_slot_names_and_variable_inputs_give_a_variable_vector()
    {
        var ml = new MLContext(1);
        var data = Data(ml, withSlotNames: false);
        var vectors = ml.Transforms.Concatenate("V", "Image", "Image").Fit(data).Transform(data);
        var ragged = ml.Transforms.Concatenate("R", "Ragged", "A").Fit(data).Transform(data);

        Assert.False(vectors.Schema["V"].HasSlotNames());
        Assert.Equal(new VectorDataViewType(NumberDataViewType.Single), ragged.Schema["R"].Type);
        Assert.Equal(new[] { 8f, 7, -1 }, DataViewValues.Column(ragged, "R")[1]);
        Assert.False(ragged.Schema["R"].HasSlotNames());
    }

    [Fact]
    public void Concatenating_one_vector_keeps_its_type_dimensions_and_annotations()
    {
        var ml = new MLContext(1);
        var output = ml.Transforms.Concatenate("Features", "Image").Fit(Data(ml)).Transform(Data(ml));

        Assert.Equal(new VectorDataViewType(NumberDataViewType.Single, 2, 2), output.Schema["Features"].Type);
        Assert.True(output.Schema["Features"].HasSlotNames());
    }

    [Fact]
    public void Concatenate_of_normalized_columns_is_normalized()
    {
        var ml = new MLContext(1);
        var output = ml.Transforms.NormalizeMinMax("A").Append(ml.Transforms.NormalizeMinMax("B"))
            .Append(ml.Transforms.Concatenate("F", "A", "B")).Fit(Data(ml)).Transform(Data(ml));

        Assert.True(output.Schema["F"].IsNormalized());
        Assert.Equal(new[] { "A", "B" }, DataViewValues.Annotation(output.Schema["F"], "SlotNames"));
    }

    [Fact]
    public void Concatenate_refuses_mixed_item_types_naming_the_column()
    {
        var ml = new MLContext(1);
        var estimator = ml.Transforms.Concatenate("F", "A", "D");

        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => estimator.Fit(Data(ml)));
        Assert.Contains("'D'", ex.Message);
        Assert.Contains("Single", ex.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => estimator.GetOutputSchema(SchemaShape.Create(Data(ml).Schema)));
    }

    [Fact]
    public void Copy_select_and_drop_columns()
    {
        var ml = new MLContext(1);
        var data = Data(ml);
        var copied = ml.Transforms.CopyColumns("Pixels", "Image").Fit(data).Transform(data);
        Assert.Equal(data.Schema["Image"].Type, copied.Schema["Pixels"].Type);
        Assert.True(copied.Schema["Pixels"].HasSlotNames());
        Assert.Equal(DataViewValues.Column(data, "Image"), DataViewValues.Column(copied, "Pixels"));

        var selected = ml.Transforms.SelectColumns("Name", "A").Fit(data).Transform(data);
        Assert.Equal(new[] { "Name", "A" }, selected.Schema.Select(c => c.Name));
        Assert.Equal(new object[] { "one", "two" }, DataViewValues.Column(selected, "Name"));

        var replaced = ml.Transforms.CopyColumns("A", "B").Fit(data).Transform(data);
        var keepHidden = ml.Transforms.SelectColumns(new[] { "A", "Name" }, keepHidden: true).Fit(replaced).Transform(replaced);
        Assert.Equal(new[] { "A", "Name", "A" }, keepHidden.Schema.Select(c => c.Name));
        Assert.True(keepHidden.Schema[0].IsHidden);
        var visibleOnly = ml.Transforms.SelectColumns("A").Fit(replaced).Transform(replaced);
        Assert.Equal(new object[] { 2f, 0f }, DataViewValues.Column(visibleOnly, "A"));

        var dropped = ml.Transforms.DropColumns("Image", "Name").Fit(replaced).Transform(replaced);
        Assert.Equal(new[] { "B", "Ragged", "D", "A" }, dropped.Schema.Select(c => c.Name));
    }

    [Fact]
    public void Concatenate_passes_the_estimator_workout()
    {
        var ml = new MLContext(1);
        var data = Data(ml);
        var bad = new (IDataView, string, bool)[]
        {
            (ml.Transforms.DropColumns("B").Fit(data).Transform(data), "B", true),
            (ml.Transforms.CopyColumns("B", "Name").Fit(data).Transform(data), "B", true),
        };
        EstimatorWorkout.Run(ml, ml.Transforms.Concatenate("Features", "A", "Image", "B"), data, invalidInputs: bad);
        EstimatorWorkout.Run(ml, ml.Transforms.Concatenate("Features", "Image"), data);
        EstimatorWorkout.Run(ml, ml.Transforms.Concatenate("Features", "Ragged", "A"), data);
    }

    [Fact]
    public void Copy_select_and_drop_pass_the_estimator_workout()
    {
        var ml = new MLContext(1);
        var data = Data(ml);
        var missing = ml.Transforms.DropColumns("Name").Fit(data).Transform(data);
        var bad = new (IDataView, string, bool)[] { (missing, "Name", true) };
        EstimatorWorkout.Run(ml, ml.Transforms.CopyColumns("Copy", "Name"), data, invalidInputs: bad);
        EstimatorWorkout.Run(ml, ml.Transforms.SelectColumns("Name", "Image"), data, invalidInputs: bad);
        EstimatorWorkout.Run(ml, ml.Transforms.SelectColumns(new[] { "Name", "A" }, keepHidden: true), data, invalidInputs: bad);
        EstimatorWorkout.Run(ml, ml.Transforms.DropColumns("Name"), data, invalidInputs: bad);
    }
}
