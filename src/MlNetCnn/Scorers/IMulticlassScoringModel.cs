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
