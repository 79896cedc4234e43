using MlNetCnn.Data;

namespace MlNetCnn.Tests;

public class SplitTests
{
    private sealed class Row
    {
        public float X;
        public string Group = string.Empty;
    }

    private static IDataView Data(MLContext ml, int n)
        => ml.Data.LoadFromEnumerable(Enumerable.Range(0, n).Select(i => new Row { X = i, Group = "g" + (i % 37) }).ToList());

    [Fact]
    public void TrainTestSplit_is_deterministic_disjoint_and_complete()
    {
        var ml = new MLContext(1);
        var data = Data(ml, 2000);
        var a = ml.Data.TrainTestSplit(data, testFraction: 0.2, seed: 42);
        var b = ml.Data.TrainTestSplit(data, testFraction: 0.2, seed: 42);
        var c = ml.Data.TrainTestSplit(data, testFraction: 0.2, seed: 43);

        var train = a.TrainSet.Column<float>("X");
        var test = a.TestSet.Column<float>("X");
        Assert.Equal(train, b.TrainSet.Column<float>("X"));
        Assert.Equal(test, b.TestSet.Column<float>("X"));
        Assert.NotEqual(test, c.TestSet.Column<float>("X"));
        Assert.Empty(train.Intersect(test));
        Assert.Equal(2000, train.Count + test.Count);
        Assert.InRange(test.Count, 330, 470);

        // A shuffled pass over the same split sees the same rows.
        var shuffledTest = new List<float>();
        var x = a.TestSet.Schema["X"];
        using (var cursor = a.TestSet.GetRowCursor(new[] { x }, new Random(9)))
        {
            var g = cursor.GetGetter<float>(x);
            float v = 0;
            while (cursor.MoveNext())
            {
                g(ref v);
                shuffledTest.Add(v);
            }
        }

        Assert.Equal(test.OrderBy(f => f), shuffledTest.OrderBy(f => f));
    }

    [Fact]
    public void Rows_with_the_same_sampling_key_stay_together()
    {
        var ml = new MLContext(1);
        var data = Data(ml, 1000);
        var split = ml.Data.TrainTestSplit(data, 0.3, samplingKeyColumnName: "Group", seed: 5);
        var trainGroups = split.TrainSet.Column<ReadOnlyMemory<char>>("Group").Select(m => m.ToString()).ToHashSet();
        var testGroups = split.TestSet.Column<ReadOnlyMemory<char>>("Group").Select(m => m.ToString()).ToHashSet();
        Assert.Empty(trainGroups.Intersect(testGroups));
        Assert.Equal(37, trainGroups.Count + testGroups.Count);
        Assert.NotEmpty(testGroups);
        Assert.Throws<ArgumentOutOfRangeException>(() => ml.Data.TrainTestSplit(data, 0.3, samplingKeyColumnName: "Nope"));
        Assert.Throws<ArgumentOutOfRangeException>(() => ml.Data.TrainTestSplit(data, 1.5));
    }

    [Fact]
    public void Unseeded_split_draws_from_the_context_seed()
    {
        var a = new MLContext(7);
        var b = new MLContext(7);
        var ta = a.Data.TrainTestSplit(Data(a, 300)).TestSet.Column<float>("X");
        var tb = b.Data.TrainTestSplit(Data(b, 300)).TestSet.Column<float>("X");
        Assert.Equal(ta, tb);
    }

    [Fact]
    public void CrossValidation_folds_partition_the_rows()
    {
        var ml = new MLContext(1);
        var data = Data(ml, 500);
        var folds = ml.Data.CrossValidationSplit(data, numberOfFolds: 4, seed: 3);
        Assert.Equal(4, folds.Count);
        var all = new List<float>();
        foreach (var fold in folds)
        {
            var test = fold.TestSet.Column<float>("X");
            var train = fold.TrainSet.Column<float>("X");
            Assert.Equal(500, test.Count + train.Count);
            Assert.Empty(test.Intersect(train));
            all.AddRange(test);
        }

        Assert.Equal(Enumerable.Range(0, 500).Select(i => (float)i), all.OrderBy(f => f));
    }
}
