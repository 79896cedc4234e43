using MlNetCnn.Data;

namespace MlNetCnn.Transforms;

/// <summary>
/// Learns per-slot normalization parameters (<c>mlContext.Transforms.NormalizeMinMax</c> and
/// <c>NormalizeMeanVariance</c>).
/// </summary>
/// <remarks>
/// <para>Input: a Single or Double column, scalar or known-size vector. Output: the same type (dimensions kept),
/// with the input's <c>SlotNames</c> and an <c>IsNormalized</c> annotation set to true. Every slot is normalized on
/// its own; slots a sparse vector does not store count as 0. Training reads at most <c>maximumExampleCount</c>
/// rows.</para>
/// <para>Min-max, statistics in the column's precision, NaN ignored: with fixZero (the default),
/// x -> x / max(|min|, |max|), so 0 stays 0 and values land in [-1, 1]; without, x -> (x - min) / (max - min), values
/// in [0, 1].</para>
/// <para>Mean-variance, statistics in double over the finite values (NaN and infinities ignored), population
/// variance: with fixZero, x -> x / sqrt(variance + mean^2); without, x -> (x - mean) / stddev; with useCdf,
/// x -> Phi((x - mean) / stddev), the standard normal CDF.</para>
/// <para>A slot with no spread (max &lt;= min, or zero variance: constant, only missing values, or no rows) gets
/// scale 0, so its finite values map to 0 (NaN stays NaN).</para>
/// </remarks>
public sealed class NormalizingEstimator : IEstimator<NormalizingTransformer>
{
    internal const string Component = "Normalize";
    internal const string Expected = "Single, Double, or a known-size vector of Single or Double";
    private readonly ColumnOptions[] _columns;

    internal NormalizingEstimator(MLContext env, params ColumnOptions[] columns)
    {
        ArgumentNullException.ThrowIfNull(env);
        ArgumentNullException.ThrowIfNull(columns);
        if (columns.Length == 0)
        {
            throw new ArgumentException("At least one column is required.", nameof(columns));
        }

        _columns = columns;
    }

    /// <summary>The normalization kinds.</summary>
    internal enum Mode
    {
        /// <summary>Min-max.</summary>
        MinMax,

        /// <summary>Mean-variance.</summary>
        MeanVariance,
    }

    /// <summary>Computes the statistics (one pass over at most maximumExampleCount rows).</summary>
    /// <param name="input">The training data.</param>
    /// <returns>The transformer.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A column is missing or not Single/Double.</exception>
    public NormalizingTransformer Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var inputs = _columns.Select(c => CheckColumn(input.Schema, c.Input)).ToArray();
        var trainers = _columns.Select((c, i) => NormalizerTrainer.Create(c, inputs[i].Type)).ToArray();
        using (var cursor = input.GetRowCursor(inputs.Distinct()))
        {
            var adders = inputs.Select((c, i) => trainers[i].MakeAdder(cursor, c)).ToArray();
            var limits = _columns.Select(c => c.MaximumExampleCount).ToArray();
            long rows = 0;
            long maxRows = limits.Max();
            while (rows < maxRows && cursor.MoveNext())
            {
                for (int i = 0; i < adders.Length; i++)
                {
                    if (rows < limits[i])
                    {
                        adders[i]();
                    }
                }

                rows++;
            }
        }

        var functions = trainers.Select(t => t.Finish()).ToArray();
        return new NormalizingTransformer(_columns.Select(c => (c.Output, c.Input)).ToArray(), functions, inputs.Select(c => c.Type is VectorDataViewType).ToArray());
    }

    /// <summary>Checks the inputs and returns the output shape.</summary>
    /// <param name="inputSchema">The input shape.</param>
    /// <returns>The output shape: each output has the input's shape, its <c>SlotNames</c>, and
    /// <c>IsNormalized</c>.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A column is missing or not Single/Double.</exception>
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
        => OutputShapes.AppendOneToOne(inputSchema, _columns, c => c.Input, Component, Expected, (c, col) =>
        {
            if (!TypeHelpers.IsNormalizable(col))
            {
                return null;
            }

            var annotations = TypeHelpers.CopyAnnotations(col.Annotations, AnnotationUtils.Kinds.SlotNames);
            annotations.Add(TypeHelpers.ScalarAnnotation(AnnotationUtils.Kinds.IsNormalized, BooleanDataViewType.Instance));
            return new SchemaShape.Column(c.Output, col.Kind, col.ItemType, false, new SchemaShape(annotations));
        });

    internal static DataViewSchema.Column CheckColumn(DataViewSchema schema, string name)
    {
        var col = SchemaErrors.Find(schema, Component, name, Expected);
        if (!TypeHelpers.IsNormalizable(col.Type))
        {
            throw SchemaErrors.WrongType(Component, name, Expected, col.Type.ToString());
        }

        return col;
    }

    /// <summary>The settings of one column.</summary>
    internal sealed record ColumnOptions(string Output, string Input, Mode Mode, long MaximumExampleCount, bool FixZero, bool UseCdf)
    {
        /// <summary>Checks the arguments of a catalog call.</summary>
        public static ColumnOptions[] Create((string Output, string? Input)[] columns, Mode mode, long maximumExampleCount, bool fixZero, bool useCdf)
        {
            if (maximumExampleCount <= 1)
            {
                throw new ArgumentOutOfRangeException(nameof(maximumExampleCount), maximumExampleCount, "The maximum example count must be greater than 1.");
            }

            return ColumnPairs.Check(columns, nameof(columns))
                .Select(c => new ColumnOptions(c.Output, c.Input, mode, maximumExampleCount, fixZero, useCdf))
                .ToArray();
        }
    }
}
