using MlNetCnn.Transforms;

namespace MlNetCnn;

/// <summary>
/// The key/value conversions of <c>mlContext.Transforms.Conversion</c>.
/// </summary>
public static class ConversionsExtensionsCatalog
{
    /// <summary>Maps the values of a column to 1-based keys learned from the data (0 = missing or unseen). The key
    /// column gets a <c>KeyValues</c> annotation with the values in key order. See
    /// <see cref="ValueToKeyMappingEstimator"/> for the exact rules.</summary>
    /// <param name="catalog">The conversion catalog.</param>
    /// <param name="outputColumnName">The key column to produce.</param>
    /// <param name="inputColumnName">The column of text, numbers or Booleans (scalar or vector) to map; null means
    /// <paramref name="outputColumnName"/>.</param>
    /// <param name="maximumNumberOfKeys">The most distinct values kept per column (the first ones met).</param>
    /// <param name="keyOrdinality">Key order: order of first occurrence (default) or sorted by value.</param>
    /// <param name="addKeyValueAnnotationsAsText">Store the <c>KeyValues</c> as text even for numbers and
    /// Booleans.</param>
    /// <param name="keyData">A single-column data view whose values form the dictionary instead of the training
    /// data.</param>
    /// <returns>The estimator.</returns>
    public static ValueToKeyMappingEstimator MapValueToKey(this TransformsCatalog.ConversionTransforms catalog,
        string outputColumnName, string? inputColumnName = null, int maximumNumberOfKeys = 1000000,
        ValueToKeyMappingEstimator.KeyOrdinality keyOrdinality = ValueToKeyMappingEstimator.KeyOrdinality.ByOccurrence,
        bool addKeyValueAnnotationsAsText = false, IDataView? keyData = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new ValueToKeyMappingEstimator(Env(catalog), new[] { (outputColumnName, inputColumnName) }, maximumNumberOfKeys,
            keyOrdinality, addKeyValueAnnotationsAsText, keyData);
    }

    /// <summary>Maps several columns to keys, each with its own dictionary; see the single-column overload.</summary>
    /// <param name="catalog">The conversion catalog.</param>
    /// <param name="columns">The (output, input) column pairs.</param>
    /// <param name="maximumNumberOfKeys">The most distinct values kept per column.</param>
    /// <param name="keyOrdinality">Key order.</param>
    /// <param name="addKeyValueAnnotationsAsText">Store the <c>KeyValues</c> as text.</param>
    /// <param name="keyData">An optional single-column data view holding the dictionary.</param>
    /// <returns>The estimator.</returns>
    public static ValueToKeyMappingEstimator MapValueToKey(this TransformsCatalog.ConversionTransforms catalog,
        InputOutputColumnPair[] columns, int maximumNumberOfKeys = 1000000,
        ValueToKeyMappingEstimator.KeyOrdinality keyOrdinality = ValueToKeyMappingEstimator.KeyOrdinality.ByOccurrence,
        bool addKeyValueAnnotationsAsText = false, IDataView? keyData = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new ValueToKeyMappingEstimator(Env(catalog), InputOutputColumnPair.ToTuples(columns, nameof(columns)), maximumNumberOfKeys,
            keyOrdinality, addKeyValueAnnotationsAsText, keyData);
    }

    /// <summary>Maps keys back to the values of their <c>KeyValues</c> annotation (key 0 gives the missing value:
    /// NaN for floating-point values, empty text or the default otherwise). Typically the last step of a
    /// classification pipeline: <c>MapKeyToValue("PredictedLabel")</c>.</summary>
    /// <param name="catalog">The conversion catalog.</param>
    /// <param name="outputColumnName">The column to produce.</param>
    /// <param name="inputColumnName">The key column; null means <paramref name="outputColumnName"/>.</param>
    /// <returns>The estimator.</returns>
    public static KeyToValueMappingEstimator MapKeyToValue(this TransformsCatalog.ConversionTransforms catalog,
        string outputColumnName, string? inputColumnName = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new KeyToValueMappingEstimator(Env(catalog), new[] { (outputColumnName, inputColumnName) });
    }

    /// <summary>Maps several key columns back to their values.</summary>
    /// <param name="catalog">The conversion catalog.</param>
    /// <param name="columns">The (output, input) column pairs.</param>
    /// <returns>The estimator.</returns>
    public static KeyToValueMappingEstimator MapKeyToValue(this TransformsCatalog.ConversionTransforms catalog, InputOutputColumnPair[] columns)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new KeyToValueMappingEstimator(Env(catalog), InputOutputColumnPair.ToTuples(columns, nameof(columns)));
    }

    private static MLContext Env(IInternalCatalog catalog) => catalog.GetEnvironment();
}
