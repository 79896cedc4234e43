using MlNetCnn.Transforms;

namespace MlNetCnn;

/// <summary>
/// The column operations of <c>mlContext.Transforms</c>: copy, concatenate, select and drop.
/// </summary>
public static class TransformExtensionsCatalog
{
    /// <summary>Copies a column under a new name (same type and annotations).</summary>
    /// <param name="catalog">The transforms catalog.</param>
    /// <param name="outputColumnName">The name of the copy.</param>
    /// <param name="inputColumnName">The column to copy.</param>
    /// <returns>The estimator.</returns>
    public static ColumnCopyingEstimator CopyColumns(this TransformsCatalog catalog, string outputColumnName, string inputColumnName)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentException.ThrowIfNullOrEmpty(inputColumnName);
        return new ColumnCopyingEstimator(catalog.GetEnvironment(), (outputColumnName, inputColumnName));
    }

    /// <summary>Copies several columns.</summary>
    /// <param name="catalog">The transforms catalog.</param>
    /// <param name="columns">The (copy, source) column pairs.</param>
    /// <returns>The estimator.</returns>
    public static ColumnCopyingEstimator CopyColumns(this TransformsCatalog catalog, InputOutputColumnPair[] columns)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new ColumnCopyingEstimator(catalog.GetEnvironment(), InputOutputColumnPair.ToTuples(columns, nameof(columns)));
    }

    /// <summary>Concatenates columns of one item type into a vector column; see
    /// <see cref="ColumnConcatenatingEstimator"/> for the output type and the slot names.</summary>
    /// <param name="catalog">The transforms catalog.</param>
    /// <param name="outputColumnName">The vector column to produce.</param>
    /// <param name="inputColumnNames">The columns to concatenate, in order.</param>
    /// <returns>The estimator.</returns>
    public static ColumnConcatenatingEstimator Concatenate(this TransformsCatalog catalog, string outputColumnName, params string[] inputColumnNames)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new ColumnConcatenatingEstimator(catalog.GetEnvironment(), outputColumnName, inputColumnNames);
    }

    /// <summary>Removes the named columns (and the hidden columns) from the data.</summary>
    /// <param name="catalog">The transforms catalog.</param>
    /// <param name="columnNames">The columns to drop; each must exist.</param>
    /// <returns>The estimator.</returns>
    public static ColumnSelectingEstimator DropColumns(this TransformsCatalog catalog, params string[] columnNames)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(columnNames);
        return new ColumnSelectingEstimator(catalog.GetEnvironment(), null, columnNames);
    }

    /// <summary>Keeps only the named columns, in the order given.</summary>
    /// <param name="catalog">The transforms catalog.</param>
    /// <param name="columnNames">The columns to keep; each must exist.</param>
    /// <returns>The estimator.</returns>
    public static ColumnSelectingEstimator SelectColumns(this TransformsCatalog catalog, params string[] columnNames)
        => SelectColumns(catalog, columnNames, false);

    /// <summary>Keeps only the named columns.</summary>
    /// <param name="catalog">The transforms catalog.</param>
    /// <param name="columnNames">The columns to keep; each must exist.</param>
    /// <param name="keepHidden">When true, hidden columns with those names are kept too, and the columns keep the
    /// input order; when false, only the visible columns are kept, in the order given.</param>
    /// <returns>The estimator.</returns>
    public static ColumnSelectingEstimator SelectColumns(this TransformsCatalog catalog, string[] columnNames, bool keepHidden)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(columnNames);
        return new ColumnSelectingEstimator(catalog.GetEnvironment(), columnNames, null, keepHidden);
    }
}
