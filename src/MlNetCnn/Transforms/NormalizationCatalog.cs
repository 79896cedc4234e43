using MlNetCnn.Transforms;

namespace MlNetCnn;

/// <summary>
/// The normalizers of <c>mlContext.Transforms</c>; see <see cref="NormalizingEstimator"/> for the exact formulas.
/// </summary>
public static class NormalizationCatalog
{
    /// <summary>Scales each slot by its minimum and maximum: with <paramref name="fixZero"/>, x -> x / max(|min|,
    /// |max|) (0 stays 0, values in [-1, 1]); without, x -> (x - min) / (max - min) (values in [0, 1]). A constant
    /// slot maps to 0.</summary>
    /// <param name="catalog">The transforms catalog.</param>
    /// <param name="outputColumnName">The column to produce (same type as the input).</param>
    /// <param name="inputColumnName">A Single or Double column, scalar or known-size vector; null means
    /// <paramref name="outputColumnName"/>.</param>
    /// <param name="maximumExampleCount">The most rows read to compute the statistics (greater than 1).</param>
    /// <param name="fixZero">Whether 0 must map to 0.</param>
    /// <returns>The estimator.</returns>
    public static NormalizingEstimator NormalizeMinMax(this TransformsCatalog catalog, string outputColumnName, string? inputColumnName = null,
        long maximumExampleCount = 1000000000, bool fixZero = true)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new NormalizingEstimator(catalog.GetEnvironment(), NormalizingEstimator.ColumnOptions.Create(
            new[] { (outputColumnName, inputColumnName) }, NormalizingEstimator.Mode.MinMax, maximumExampleCount, fixZero, false));
    }

    /// <summary>Min-max normalizes several columns; see the single-column overload.</summary>
    /// <param name="catalog">The transforms catalog.</param>
    /// <param name="columns">The (output, input) column pairs.</param>
    /// <param name="maximumExampleCount">The most rows read to compute the statistics.</param>
    /// <param name="fixZero">Whether 0 must map to 0.</param>
    /// <returns>The estimator.</returns>
    public static NormalizingEstimator NormalizeMinMax(this TransformsCatalog catalog, InputOutputColumnPair[] columns,
        long maximumExampleCount = 1000000000, bool fixZero = true)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new NormalizingEstimator(catalog.GetEnvironment(), NormalizingEstimator.ColumnOptions.Create(
            InputOutputColumnPair.ToTuples(columns, nameof(columns)), NormalizingEstimator.Mode.MinMax, maximumExampleCount, fixZero, false));
    }

    /// <summary>Scales each slot by its mean and population variance: with <paramref name="fixZero"/>,
    /// x -> x / sqrt(variance + mean^2); without, x -> (x - mean) / stddev; with <paramref name="useCdf"/>,
    /// x -> Phi((x - mean) / stddev). A constant slot maps to 0.</summary>
    /// <param name="catalog">The transforms catalog.</param>
    /// <param name="outputColumnName">The column to produce (same type as the input).</param>
    /// <param name="inputColumnName">A Single or Double column, scalar or known-size vector; null means
    /// <paramref name="outputColumnName"/>.</param>
    /// <param name="maximumExampleCount">The most rows read to compute the statistics (greater than 1).</param>
    /// <param name="fixZero">Whether 0 must map to 0 (ignored with <paramref name="useCdf"/>).</param>
    /// <param name="useCdf">Whether to output the normal CDF of the standardized value.</param>
    /// <returns>The estimator.</returns>
    public static NormalizingEstimator NormalizeMeanVariance(this TransformsCatalog catalog, string outputColumnName, string? inputColumnName = null,
        long maximumExampleCount = 1000000000, bool fixZero = true, bool useCdf = false)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new NormalizingEstimator(catalog.GetEnvironment(), NormalizingEstimator.ColumnOptions.Create(
            new[] { (outputColumnName, inputColumnName) }, NormalizingEstimator.Mode.MeanVariance, maximumExampleCount, fixZero, useCdf));
    }

    /// <summary>Mean-variance normalizes several columns; see the single-column overload.</summary>
    /// <param name="catalog">The transforms catalog.</param>
    /// <param name="columns">The (output, input) column pairs.</param>
    /// <param name="maximumExampleCount">The most rows read to compute the statistics.</param>
    /// <param name="fixZero">Whether 0 must map to 0.</param>
    /// <param name="useCdf">Whether to output the normal CDF of the standardized value.</param>
    /// <returns>The estimator.</returns>
    public static NormalizingEstimator NormalizeMeanVariance(this TransformsCatalog catalog, InputOutputColumnPair[] columns,
        long maximumExampleCount = 1000000000, bool fixZero = true, bool useCdf = false)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new NormalizingEstimator(catalog.GetEnvironment(), NormalizingEstimator.ColumnOptions.Create(
            InputOutputColumnPair.ToTuples(columns, nameof(columns)), NormalizingEstimator.Mode.MeanVariance, maximumExampleCount, fixZero, useCdf));
    }
}
