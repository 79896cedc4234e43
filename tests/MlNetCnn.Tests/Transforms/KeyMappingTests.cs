using MlNetCnn.Data;
using MlNetCnn.Tests.Workout;
using MlNetCnn.Transforms;

namespace MlNetCnn.Tests.Transforms;

public class KeyMappingTests
{
    private sealed class Row
    {
        public string Animal = string.Empty;

        public float Size;

        public bool Flag;

        public int Count;

        [VectorType(3)]
        public string[] Tags = new string[3];

        public string[] Words = Array.Empty<string>();

        public DateTime When;
    }

    private static Row R(string animal, float size, bool flag, int count, string[] tags, params string[] words)
        => new() { Animal = animal, Size = size, Flag = flag, Count = count, Tags = tags, Words = words };

    private static IDataView Data(MLContext ml) => ml.Data.LoadFromEnumerable(new[]
    {
        R("cat", 3.5f, true, 7, new[] { "a", "b", "" }, "x"),
        R("dog", -1f, false, 2, new[] { "b", "b", "c" }, "y", "x"),
        R("", float.NaN, true, 7, new[] { "", "", "" }),
        R("cat", 3.5f, true, 9, new[] { "d", "a", "a" }, "z", "z", "y"),
        R("eel", 0f, false, 2, new[] { "c", "c", "c" }, "w"),
    });

    private static string[] Strings(IDataView data, string column) => DataViewValues.Column(data, column).Select(v => (string)v!).ToArray();

    private static uint[] Keys(IDataView data, string column) => DataViewValues.Column(data, column).Select(v => (uint)v!).ToArray();

    private static object? KeyValues(IDataView data, string column) => DataViewValues.Annotation(data.Schema[column], "KeyValues");

    [Fact]
    public void Text_keys_are_one_based_in_order_of_occurrence_and_empty_text_is_missing()
    {
        var ml = new MLContext(1);
        var data = Data(ml);
        var output = ml.Transforms.Conversion.MapValueToKey("AnimalKey", "Animal").Fit(data).Transform(data);

        Assert.Equal(new uint[] { 1, 2, 0, 1, 3 }, Keys(output, "AnimalKey"));
        Assert.Equal(new KeyDataViewType(typeof(uint), 3), output.Schema["AnimalKey"].Type);
        Assert.Equal(new[] { "cat", "dog", "eel" }, KeyValues(output, "AnimalKey"));
        Assert.True(output.Schema["AnimalKey"].HasKeyValues(TextDataViewType.Instance));
    }

    [Fact]
    public void By_value_sorts_text_ordinally_numbers_numerically_and_false_before_true()
    {
        var ml = new MLContext(1);
        var data = Data(ml);
        var byValue = ValueToKeyMappingEstimator.KeyOrdinality.ByValue;
        var output = ml.Transforms.Conversion.MapValueToKey(new[]
        {
            new InputOutputColumnPair("A", "Animal"),
            new InputOutputColumnPair("S", "Size"),
            new InputOutputColumnPair("F", "Flag"),
            new InputOutputColumnPair("C", "Count"),
        }, keyOrdinality: byValue).Fit(data).Transform(data);

        Assert.Equal(new[] { "cat", "dog", "eel" }, KeyValues(output, "A"));
        Assert.Equal(new[] { -1f, 0f, 3.5f }, KeyValues(output, "S"));
        Assert.Equal(new uint[] { 3, 1, 0, 3, 2 }, Keys(output, "S"));
        Assert.Equal(new[] { false, true }, KeyValues(output, "F"));
        Assert.Equal(new uint[] { 2, 1, 2, 2, 1 }, Keys(output, "F"));
        Assert.Equal(new[] { 2, 7, 9 }, KeyValues(output, "C"));
        Assert.Equal(new uint[] { 2, 1, 2, 3, 1 }, Keys(output, "C"));
    }

    [Fact]
    public void Numbers_keep_their_type_in_key_values_unless_asked_for_text()
    {
        var ml = new MLContext(1);
        var data = Data(ml);
        var typed = ml.Transforms.Conversion.MapValueToKey("S", "Size").Fit(data).Transform(data);
        var text = ml.Transforms.Conversion.MapValueToKey("S", "Size", addKeyValueAnnotationsAsText: true).Fit(data).Transform(data);

        Assert.Equal(new[] { 3.5f, -1f, 0f }, KeyValues(typed, "S"));
        Assert.True(typed.Schema["S"].HasKeyValues(NumberDataViewType.Single));
        Assert.Equal(new[] { "3.5", "-1", "0" }, KeyValues(text, "S"));
        Assert.True(text.Schema["S"].HasKeyValues(TextDataViewType.Instance));
        Assert.Equal(Keys(typed, "S"), Keys(text, "S"));
        Assert.Equal(new uint[] { 1, 2, 0, 1, 3 }, Keys(typed, "S"));
    }

    [Fact]
    public void Maximum_number_of_keys_keeps_the_first_values_and_later_ones_map_to_zero()
    {
        var ml = new MLContext(1);
        var data = Data(ml);
        var output = ml.Transforms.Conversion.MapValueToKey("A", "Animal", maximumNumberOfKeys: 2).Fit(data).Transform(data);

        Assert.Equal(new uint[] { 1, 2, 0, 1, 0 }, Keys(output, "A"));
        Assert.Equal(new[] { "cat", "dog" }, KeyValues(output, "A"));
    }

    [Fact]
    public void Values_unseen_in_training_map_to_zero()
    {
        var ml = new MLContext(1);
        var model = ml.Transforms.Conversion.MapValueToKey("A", "Animal").Fit(Data(ml));
        var other = ml.Data.LoadFromEnumerable(new[] { R("eel", 0, false, 0, new string[3]), R("owl", 0, false, 0, new string[3]), R("cat", 0, false, 0, new string[3]) });

        Assert.Equal(new uint[] { 3, 0, 1 }, Keys(model.Transform(other), "A"));
    }

    [Fact]
    public void Vectors_of_known_and_variable_size_map_slot_by_slot()
    {
        var ml = new MLContext(1);
        var data = Data(ml);
        var output = ml.Transforms.Conversion.MapValueToKey(new[] { new InputOutputColumnPair("Tags"), new InputOutputColumnPair("Words") })
            .Fit(data).Transform(data);

        Assert.Equal(new VectorDataViewType(new KeyDataViewType(typeof(uint), 4), 3), output.Schema["Tags"].Type);
        Assert.Equal(new[] { "a", "b", "c", "d" }, KeyValues(output, "Tags"));
        var tags = DataViewValues.Column(output, "Tags").Cast<uint[]>().ToArray();
        Assert.Equal(new uint[] { 1, 2, 0 }, tags[0]);
        Assert.Equal(new uint[] { 0, 0, 0 }, tags[2]);
        Assert.Equal(new uint[] { 4, 1, 1 }, tags[3]);

        Assert.Equal(new VectorDataViewType(new KeyDataViewType(typeof(uint), 4)), output.Schema["Words"].Type);
        var words = DataViewValues.Column(output, "Words").Cast<uint[]>().ToArray();
        Assert.Equal(new uint[] { 2, 1 }, words[1]);
        Assert.Empty(words[2]);
        Assert.Equal(new uint[] { 3, 3, 2 }, words[3]);
    }

    [Fact]
    public void Key_data_gives_the_dictionary_instead_of_the_training_data()
    {
        var ml = new MLContext(1);
        var data = Data(ml);
        var keyData = ml.Data.LoadFromEnumerable(new[] { new TermRow { Term = "eel" }, new TermRow { Term = "cat" } });
        var output = ml.Transforms.Conversion.MapValueToKey("A", "Animal", keyData: keyData).Fit(data).Transform(data);

        Assert.Equal(new[] { "eel", "cat" }, KeyValues(output, "A"));
        Assert.Equal(new uint[] { 2, 0, 0, 2, 1 }, Keys(output, "A"));
        var wrong = ml.Transforms.Conversion.MapValueToKey("S", "Size", keyData: keyData);
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => wrong.Fit(data));
        Assert.Contains("'Size'", ex.Message);
    }

    private sealed class TermRow
    {
        public string Term = string.Empty;
    }

    [Fact]
    public void Map_key_to_value_recovers_the_values_and_missing_keys_give_the_missing_value()
    {
        var ml = new MLContext(1);
        var data = Data(ml);
        var pipeline = ml.Transforms.Conversion.MapValueToKey(new[] { new InputOutputColumnPair("A", "Animal"), new InputOutputColumnPair("S", "Size"), new InputOutputColumnPair("T", "Tags") })
            .Append(ml.Transforms.Conversion.MapKeyToValue(new[] { new InputOutputColumnPair("A2", "A"), new InputOutputColumnPair("S2", "S"), new InputOutputColumnPair("T2", "T") }));
        var output = pipeline.Fit(data).Transform(data);

        Assert.Equal(new[] { "cat", "dog", string.Empty, "cat", "eel" }, Strings(output, "A2"));
        var sizes = DataViewValues.Column(output, "S2").Cast<float>().ToArray();
        Assert.Equal(new[] { 3.5f, -1f }, sizes[..2]);
        Assert.True(float.IsNaN(sizes[2]));
        Assert.Equal(TextDataViewType.Instance, output.Schema["A2"].Type);
        Assert.Equal(new VectorDataViewType(TextDataViewType.Instance, 3), output.Schema["T2"].Type);
        Assert.Equal(new[] { "a", "b", string.Empty }, DataViewValues.Column(output, "T2")[0]);
    }

    [Fact]
    public void Map_key_to_value_needs_key_values()
    {
        var ml = new MLContext(1);
        var data = ml.Data.LoadFromEnumerable(new[] { new KeyRow { Label = 1 } });
        var estimator = ml.Transforms.Conversion.MapKeyToValue("Label");

        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => estimator.Fit(data));
        Assert.Contains("'Label'", ex.Message);
        Assert.Contains("KeyValues", ex.Message);
        var notKey = Assert.Throws<ArgumentOutOfRangeException>(() => ml.Transforms.Conversion.MapKeyToValue("X", "Animal").Fit(Data(ml)));
        Assert.Contains("'Animal'", notKey.Message);
    }

    private sealed class KeyRow
    {
        [KeyType(3)]
        public uint Label;
    }

    [Fact]
    public void Value_to_key_passes_the_estimator_workout()
    {
        var ml = new MLContext(1);
        var data = Data(ml);
        var estimator = ml.Transforms.Conversion.MapValueToKey(new[]
        {
            new InputOutputColumnPair("Animal"), new InputOutputColumnPair("SizeKey", "Size"), new InputOutputColumnPair("Tags"),
            new InputOutputColumnPair("Words"), new InputOutputColumnPair("Flag"),
        });
        var bad = new (IDataView, string, bool)[]
        {
            (ml.Transforms.DropColumns("Size").Fit(data).Transform(data), "Size", true),
            (ml.Transforms.CopyColumns("Words", "When").Fit(data).Transform(data), "Words", true),
        };

        EstimatorWorkout.Run(ml, estimator, data, invalidInputs: bad);
    }

    [Fact]
    public void Key_to_value_passes_the_estimator_workout()
    {
        var ml = new MLContext(1);
        var keyed = ml.Transforms.Conversion.MapValueToKey(new[] { new InputOutputColumnPair("Animal"), new InputOutputColumnPair("Tags") }).Fit(Data(ml)).Transform(Data(ml));
        var estimator = ml.Transforms.Conversion.MapKeyToValue(new[] { new InputOutputColumnPair("Back", "Animal"), new InputOutputColumnPair("Tags") });
        var bad = new (IDataView, string, bool)[] { (Data(ml), "Animal", true) };

        EstimatorWorkout.Run(ml, estimator, keyed, invalidInputs: bad);
    }
}
