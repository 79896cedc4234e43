using MlNetCnn.Data;
using MlNetCnn.Transforms;

namespace MlNetCnn;

/// <summary>
/// Computes <see cref="MulticlassClassificationMetrics"/> in one pass over scored data (see the metrics class for
/// the definitions).
/// </summary>
internal sealed class MulticlassEvaluator
{
    private const string Component = "MulticlassClassification.Evaluate";

    /// <summary>The smallest probability charged by the log loss: ML.NET's single-precision 1e-15.</summary>
    private const float Epsilon = 1e-15f;

    private readonly int _classes;
    private readonly int _topK;
    private readonly double[][] _confusion;
    private readonly double[] _classCount;
    private readonly double[] _classLogLoss;
    private readonly double[] _topKHits;
    private double _count;
    private double _correct;
    private double _logLoss;

    private MulticlassEvaluator(int classes, int topK)
    {
        _classes = classes;
        _topK = topK;
        _confusion = Enumerable.Range(0, classes).Select(_ => new double[classes]).ToArray();
        _classCount = new double[classes];
        _classLogLoss = new double[classes];
        _topKHits = new double[topK];
    }

    public static MulticlassClassificationMetrics Evaluate(IDataView data, string labelColumnName, string scoreColumnName, string predictedLabelColumnName, int topKPredictionCount)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentException.ThrowIfNullOrEmpty(labelColumnName);
        ArgumentException.ThrowIfNullOrEmpty(scoreColumnName);
        ArgumentException.ThrowIfNullOrEmpty(predictedLabelColumnName);
        ArgumentOutOfRangeException.ThrowIfNegative(topKPredictionCount);
        var schema = data.Schema;
        const string labelExpected = "a key, Single or Double label column";
        var label = SchemaErrors.Find(schema, Component, labelColumnName, labelExpected);
        if (label.Type is not (KeyDataViewType or NumberDataViewType) || (label.Type is NumberDataViewType && !TypeHelpers.IsFloatingItem(label.Type)))
        {
            throw SchemaErrors.WrongType(Component, labelColumnName, labelExpected, label.Type.ToString());
        }

        const string scoreExpected = "a known-size vector of Single (one score per class)";
        var score = SchemaErrors.Find(schema, Component, scoreColumnName, scoreExpected);
        if (score.Type is not VectorDataViewType { IsKnownSize: true } scoreType || !ReferenceEquals(scoreType.ItemType, NumberDataViewType.Single))
        {
            throw SchemaErrors.WrongType(Component, scoreColumnName, scoreExpected, score.Type.ToString());
        }

        SchemaErrors.Find(schema, Component, predictedLabelColumnName, "the predicted label column");
        var evaluator = new MulticlassEvaluator(scoreType.Size, topKPredictionCount);
        using (var cursor = data.GetRowCursor(new[] { label, score }))
        {
            var readLabel = LabelReader(cursor, label);
            var readScore = cursor.GetGetter<VBuffer<float>>(score);
            VBuffer<float> scores = default;
            var dense = new float[scoreType.Size];
            while (cursor.MoveNext())
            {
                double l = readLabel();
                if (double.IsNaN(l) || l < 0 || l != Math.Floor(l))
                {
                    continue;
                }

                readScore(ref scores);
                scores.CopyTo(dense);
                if (dense.Any(v => !float.IsFinite(v)))
                {
                    continue;
                }

                evaluator.Add(l >= int.MaxValue ? int.MaxValue : (int)l, dense);
            }
        }

        return evaluator.Finish(ClassNames(score, label, scoreType.Size));
    }

    /// <summary>Reads the label as a 0-based class index (NaN when missing): key k gives k - 1.</summary>
    private static Func<double> LabelReader(DataViewRow row, DataViewSchema.Column label)
    {
        if (label.Type is KeyDataViewType)
        {
            var key = KeyReader.Scalar(row, label);
            return () =>
            {
                ulong k = key();
                return k == 0 ? double.NaN : k - 1;
            };
        }

        if (ReferenceEquals(label.Type, NumberDataViewType.Single))
        {
            var getter = row.GetGetter<float>(label);
            float v = 0;
            return () =>
            {
                getter(ref v);
                return v;
            };
        }

        var dgetter = row.GetGetter<double>(label);
        double d = 0;
        return () =>
        {
            dgetter(ref d);
            return d;
        };
    }

    private static string[] ClassNames(DataViewSchema.Column score, DataViewSchema.Column label, int classes)
    {
        if (score.HasSlotNames())
        {
            VBuffer<ReadOnlyMemory<char>> names = default;
            score.GetSlotNames(ref names);
            var result = names.DenseValues().Select(n => n.ToString()).ToArray();
            if (result.All(n => n.Length > 0))
            {
                return result;
            }
        }

        if (label.HasKeyValues() && label.Type.GetKeyCount() == (ulong)classes)
        {
            var kv = AnnotationUtils.GetKeyValuesColumn(label)!.Value;
            return TermMap.Dispatch(((VectorDataViewType)kv.Type).ItemType, new KeyValuesAsText(label.Annotations, kv));
        }

        return Enumerable.Range(0, classes).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();
    }

    private void Add(int label, float[] scores)
    {
        int assigned = 0;
        for (int j = 1; j < scores.Length; j++)
        {
            if (scores[j] > scores[assigned])
            {
                assigned = j;
            }
        }

        _count++;
        if (label >= _classes)
        {
            _logLoss += -Math.Log(Epsilon);
            return;
        }

        float p = Math.Min(1f, Math.Max(Epsilon, scores[label]));
        double loss = -Math.Log(p);
        _logLoss += loss;
        _classLogLoss[label] += loss;
        _classCount[label]++;
        _confusion[label][assigned]++;
        if (assigned == label)
        {
            _correct++;
        }

        // Rank of the true class: classes with a larger score, plus those with an equal score and a lower index.
        int rank = 0;
        float s = scores[label];
        for (int j = 0; j < scores.Length && rank < _topK; j++)
        {
            if (scores[j] > s || (scores[j] == s && j < label))
            {
                rank++;
            }
        }

        for (int k = rank; k < _topK; k++)
        {
            _topKHits[k]++;
        }
    }

    private MulticlassClassificationMetrics Finish(string[] classNames)
    {
        double n = _count;
        double micro = n > 0 ? _correct / n : 0;
        double macroSum = 0;
        int present = 0;
        double entropy = 0;
        var perClass = new double[_classes];
        for (int c = 0; c < _classes; c++)
        {
            if (_classCount[c] > 0)
            {
                present++;
                macroSum += _confusion[c][c] / _classCount[c];
                entropy += _classCount[c] * Math.Log(_classCount[c] / n);
                perClass[c] = _classLogLoss[c] / _classCount[c];
            }
        }

        entropy /= -n;
        double logLoss = n > 0 ? _logLoss / n : 0;
        double macro = present > 0 ? macroSum / present : 0;
        double reduction = (entropy - logLoss) / entropy;
        var topK = _topKHits.Select(h => n > 0 ? h / n : 0).ToArray();
        return new MulticlassClassificationMetrics(micro, macro, logLoss, reduction, _topK, topK, perClass, new ConfusionMatrix(_confusion, classNames));
    }

    private sealed class KeyValuesAsText(DataViewSchema.Annotations annotations, DataViewSchema.Column kv) : TermMap.ITypedFunc<string[]>
    {
        public string[] Invoke<T>()
            where T : notnull
        {
            VBuffer<T> values = default;
            annotations.GetGetter<VBuffer<T>>(kv)(ref values);
            return values.DenseValues().Select(TypeHelpers.ToText).ToArray();
        }
    }
}
