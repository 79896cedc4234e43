using MlNetCnn.Data;

namespace MlNetCnn;

/// <summary>
/// The contract between a multiclass model-parameters class (for example the CNN's) and
/// <see cref="Data.MulticlassPredictionTransformer{TModel}"/>: turn feature vectors into class scores, in batches.
/// </summary>
internal interface IMulticlassScoringModel : ICanSaveModel
{
    /// <summary>The number of classes: the length of a score vector.</summary>
    int ClassCount { get; }

    /// <summary>The number of floats of one feature vector.</summary>
    int FeatureSize { get; }

    /// <summary>How many rows to score at once when transforming a whole data view.</summary>
    int PreferredBatchSize { get; }

    /// <summary>Scores <paramref name="rows"/> feature vectors stored back to back in <paramref name="features"/>
    /// into <paramref name="scores"/> (<see cref="ClassCount"/> values per row). Safe to call from several threads
    /// (calls may be serialized).</summary>
    void Score(ReadOnlySpan<float> features, Span<float> scores, int rows);
}

/// <summary>
/// A scoring model whose feature column is not a known-size vector of <see cref="IMulticlassScoringModel.FeatureSize"/>
/// Single values (for example a column of encoded image bytes): it checks the column type itself and turns each value
/// into the <see cref="IMulticlassScoringModel.FeatureSize"/> floats it scores.
/// </summary>
internal interface IFeaturizingScoringModel : IMulticlassScoringModel
{
    /// <summary>What the feature column must be, for error messages ("a vector of Byte ...").</summary>
    string ExpectedFeatureType { get; }

    /// <summary>Whether a column of type <paramref name="type"/> can be the feature column.</summary>
    bool AcceptsFeatureType(DataViewType type);

    /// <summary>Creates a reader of <paramref name="column"/> on <paramref name="row"/>; each call writes the current
    /// row's features into its argument (exactly <see cref="IMulticlassScoringModel.FeatureSize"/> floats) and throws
    /// <see cref="InvalidOperationException"/> naming the row and column when the value cannot be featurized. The
    /// reader belongs to one cursor (no locking needed).</summary>
    FeatureReader CreateFeatureReader(DataViewRow row, DataViewSchema.Column column);
}

/// <summary>Writes the features of a row's current value into <paramref name="destination"/>.</summary>
internal delegate void FeatureReader(Span<float> destination);

/// <summary>The feature column of a scoring model: its check and its reader, for plain Single vectors and for
/// <see cref="IFeaturizingScoringModel"/>s.</summary>
internal static class ScoringFeatures
{
    /// <summary>What the model's feature column must be.</summary>
    public static string Expected(IMulticlassScoringModel model)
        => model is IFeaturizingScoringModel f ? f.ExpectedFeatureType : $"a known-size vector of {model.FeatureSize} Single values";

    /// <summary>Whether <paramref name="type"/> can be the model's feature column.</summary>
    public static bool Accepts(IMulticlassScoringModel model, DataViewType type)
        => model is IFeaturizingScoringModel f
            ? f.AcceptsFeatureType(type)
            : type is VectorDataViewType { Size: var size, ItemType: var item } && size == model.FeatureSize && ReferenceEquals(item, NumberDataViewType.Single);

    /// <summary>A reader of the feature column of <paramref name="row"/>: the model's own, or a copy of the Single
    /// vector (with a length check).</summary>
    public static FeatureReader CreateReader(IMulticlassScoringModel model, DataViewRow row, DataViewSchema.Column column)
    {
        if (model is IFeaturizingScoringModel f)
        {
            return f.CreateFeatureReader(row, column);
        }

        var getter = row.GetGetter<VBuffer<float>>(column);
        VBuffer<float> buffer = default;
        int size = model.FeatureSize;
        return destination =>
        {
            getter(ref buffer);
            if (buffer.Length != size)
            {
                throw new InvalidOperationException($"Row {row.Position}: the feature vector has {buffer.Length} values; the model expects {size}.");
            }

            buffer.CopyTo(destination.Slice(0, size));
        };
    }
}
