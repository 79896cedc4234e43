using MlNetCnn.Data;

namespace MlNetCnn;

/// <summary>
/// Data operations (<c>mlContext.Data</c>): loading from objects and files, converting back to objects, splitting,
/// shuffling, caching and filtering. Every operation is lazy unless stated otherwise.
/// </summary>
public sealed partial class DataOperationsCatalog : IInternalCatalog
{
    internal DataOperationsCatalog(MLContext env)
    {
        Environment = env;
    }

    internal MLContext Environment { get; }

    MLContext IInternalCatalog.Environment => Environment;

    /// <summary>Creates a data view over a sequence of objects; each public field and property becomes a column (see
    /// <see cref="SchemaDefinition"/> for the supported types and attributes).</summary>
    /// <typeparam name="TRow">The class of the objects.</typeparam>
    /// <param name="data">The objects. Enumerated again by every cursor, so it must be re-enumerable; the view can
    /// shuffle only when it is an <see cref="IList{T}"/>.</param>
    /// <param name="schemaDefinition">An optional explicit mapping of members to columns.</param>
    /// <returns>The data view.</returns>
    public IDataView LoadFromEnumerable<TRow>(IEnumerable<TRow> data, SchemaDefinition? schemaDefinition = null)
        where TRow : class
    {
        ArgumentNullException.ThrowIfNull(data);
        return new EnumerableDataView<TRow>(data, RowTypeMapping<TRow>.Create(schemaDefinition, null, SchemaDefinition.Direction.Read));
    }

    /// <summary>Creates a data view over a sequence of objects, taking column types and annotations from
    /// <paramref name="schema"/> (matched by column name).</summary>
    /// <typeparam name="TRow">The class of the objects.</typeparam>
    /// <param name="data">The objects.</param>
    /// <param name="schema">The schema whose types and annotations the columns get.</param>
    /// <returns>The data view.</returns>
    public IDataView LoadFromEnumerable<TRow>(IEnumerable<TRow> data, DataViewSchema schema)
        where TRow : class
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(schema);
        return new EnumerableDataView<TRow>(data, RowTypeMapping<TRow>.Create(null, schema, SchemaDefinition.Direction.Read));
    }

    /// <summary>Reads the rows of a data view as objects (lazily, one per enumeration step).</summary>
    /// <typeparam name="TRow">The class to fill; members are matched to columns by column name.</typeparam>
    /// <param name="data">The data view.</param>
    /// <param name="reuseRowObject">When true, the same object (and its arrays, when their length fits) is refilled
    /// for every row; copy what you keep.</param>
    /// <param name="ignoreMissingColumns">When true, members without a matching column are left alone; otherwise a
    /// missing column is an error.</param>
    /// <param name="schemaDefinition">An optional explicit mapping of members to columns.</param>
    /// <returns>The objects.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A member's column is missing and
    /// <paramref name="ignoreMissingColumns"/> is false.</exception>
    /// <exception cref="InvalidOperationException">A member cannot hold its column's type.</exception>
    public IEnumerable<TRow> CreateEnumerable<TRow>(IDataView data, bool reuseRowObject, bool ignoreMissingColumns = false, SchemaDefinition? schemaDefinition = null)
        where TRow : class, new()
    {
        ArgumentNullException.ThrowIfNull(data);
        var filler = new ObjectFiller<TRow>(data.Schema, ignoreMissingColumns, schemaDefinition);
        return Enumerate(data, filler, reuseRowObject);
    }

    /// <summary>Splits the rows into a train set and a test set.</summary>
    /// <param name="data">The data to split.</param>
    /// <param name="testFraction">The expected fraction of rows in the test set, in (0, 1).</param>
    /// <param name="samplingKeyColumnName">An optional column whose equal values always go to the same side (for
    /// example a group id); a scalar number, key, text or Boolean column.</param>
    /// <param name="seed">The seed; null draws one from the <see cref="MLContext"/>.</param>
    /// <returns>The two sets (lazy filtered views of <paramref name="data"/> with its schema).</returns>
    /// <remarks>
    /// Each row gets a number u in [0, 1) from a 64-bit hash of the seed and either the sampling-key value or, without
    /// a key, the row's id (stable across passes). Rows with u &lt; <paramref name="testFraction"/> form the test set,
    /// the others the train set. The split is therefore deterministic for a seed, exact in expectation and
    /// independent of the row order a cursor uses.
    /// </remarks>
    public TrainTestData TrainTestSplit(IDataView data, double testFraction = 0.1, string? samplingKeyColumnName = null, int? seed = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (!(testFraction > 0 && testFraction < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(testFraction), testFraction, "The test fraction must be strictly between 0 and 1.");
        }

        var key = new SplitKey(data, samplingKeyColumnName, seed ?? Environment.NextSeed());
        return new TrainTestData(key.Filter(testFraction, 1, keep: true), key.Filter(0, testFraction, keep: true));
    }

    /// <summary>Splits the rows into <paramref name="numberOfFolds"/> folds; fold k is the test set of the k-th
    /// pair and the other folds its train set.</summary>
    /// <param name="data">The data to split.</param>
    /// <param name="numberOfFolds">The number of folds, at least 2.</param>
    /// <param name="samplingKeyColumnName">An optional column whose equal values always go to the same fold.</param>
    /// <param name="seed">The seed; null draws one from the <see cref="MLContext"/>.</param>
    /// <returns>One train/test pair per fold. Row assignment follows <see cref="TrainTestSplit"/>: fold k holds the
    /// rows with u in [k / n, (k + 1) / n).</returns>
    public IReadOnlyList<TrainTestData> CrossValidationSplit(IDataView data, int numberOfFolds = 5, string? samplingKeyColumnName = null, int? seed = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (numberOfFolds < 2)
        {
            throw new ArgumentOutOfRangeException(nameof(numberOfFolds), numberOfFolds, "At least 2 folds are needed.");
        }

        var key = new SplitKey(data, samplingKeyColumnName, seed ?? Environment.NextSeed());
        var result = new List<TrainTestData>();
        for (int k = 0; k < numberOfFolds; k++)
        {
            double lo = (double)k / numberOfFolds;
            double hi = k == numberOfFolds - 1 ? 1 : (double)(k + 1) / numberOfFolds;
            result.Add(new TrainTestData(key.Filter(lo, hi, keep: false), key.Filter(lo, hi, keep: true)));
        }

        return result;
    }

    /// <summary>Returns the rows in a pseudo-random order.</summary>
    /// <param name="input">The data.</param>
    /// <param name="seed">The seed; null draws one from the <see cref="MLContext"/> now.</param>
    /// <param name="shufflePoolSize">The size of the pool rows are drawn from when the source is streamed (1 or less
    /// turns pool shuffling off).</param>
    /// <param name="shuffleSource">Whether to also ask the source for a random order when it can shuffle.</param>
    /// <returns>The shuffled view.</returns>
    /// <remarks>
    /// Every cursor opened without a <see cref="Random"/> uses a generator seeded with the view's seed, so repeated
    /// passes give the same order; a cursor opened with a <see cref="Random"/> (as trainers do for each epoch) draws
    /// its order from it. Data held in memory (a <see cref="Cache"/> or an <see cref="IList{T}"/> loaded with
    /// <see cref="LoadFromEnumerable{TRow}(IEnumerable{TRow}, SchemaDefinition)"/>) is fully permuted; streamed data
    /// (text files) is shuffled within a pool of <paramref name="shufflePoolSize"/> rows.
    /// </remarks>
    public IDataView ShuffleRows(IDataView input, int? seed = null, int shufflePoolSize = 1000, bool shuffleSource = true)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentOutOfRangeException.ThrowIfNegative(shufflePoolSize);
        return new ShuffleDataView(input, seed ?? Environment.NextSeed(), shufflePoolSize, shuffleSource);
    }

    /// <summary>Caches the data in memory. The cache is filled on the first cursor: one pass over the source reads
    /// every column; later passes read memory and can be shuffled.</summary>
    /// <param name="input">The data.</param>
    /// <param name="columnsToPrefetch">Accepted for compatibility; every column is cached on first use.</param>
    /// <returns>The cached view.</returns>
    public IDataView Cache(IDataView input, params string[] columnsToPrefetch)
    {
        ArgumentNullException.ThrowIfNull(input);
        foreach (var name in columnsToPrefetch ?? Array.Empty<string>())
        {
            _ = input.Schema[name];
        }

        return new CacheDataView(input);
    }

    /// <summary>Returns the first <paramref name="count"/> rows.</summary>
    /// <param name="input">The data.</param>
    /// <param name="count">The maximum number of rows.</param>
    /// <returns>The view.</returns>
    public IDataView TakeRows(IDataView input, long count)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        return new SkipTakeDataView(input, 0, count);
    }

    /// <summary>Skips the first <paramref name="count"/> rows.</summary>
    /// <param name="input">The data.</param>
    /// <param name="count">The number of rows to skip.</param>
    /// <returns>The view.</returns>
    public IDataView SkipRows(IDataView input, long count)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        return new SkipTakeDataView(input, count, long.MaxValue);
    }

    /// <summary>Keeps the rows whose value in a numeric column lies in [<paramref name="lowerBound"/>,
    /// <paramref name="upperBound"/>). Missing values (NaN, or key 0) are dropped.</summary>
    /// <param name="input">The data.</param>
    /// <param name="columnName">A scalar <see cref="float"/>, <see cref="double"/> or key column.</param>
    /// <param name="lowerBound">The inclusive lower bound.</param>
    /// <param name="upperBound">The exclusive upper bound.</param>
    /// <returns>The filtered view.</returns>
    public IDataView FilterRowsByColumn(IDataView input, string columnName, double lowerBound = double.NegativeInfinity, double upperBound = double.PositiveInfinity)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (!(lowerBound < upperBound))
        {
            throw new ArgumentOutOfRangeException(nameof(upperBound), "The upper bound must be greater than the lower bound.");
        }

        var column = input.Schema[columnName];
        Func<DataViewRow, Func<double>> reader = column.Type switch
        {
            NumberDataViewType t when t == NumberDataViewType.Single => row => { var g = row.GetGetter<float>(column); float v = 0; return () => { g(ref v); return v; }; },
            NumberDataViewType t when t == NumberDataViewType.Double => row => { var g = row.GetGetter<double>(column); double v = 0; return () => { g(ref v); return v; }; },
            KeyDataViewType { RawType: var r } when r == typeof(uint) => row => { var g = row.GetGetter<uint>(column); uint v = 0; return () => { g(ref v); return v == 0 ? double.NaN : v; }; },
            _ => throw new ArgumentOutOfRangeException(nameof(columnName), $"Column '{columnName}' has type {column.Type}; FilterRowsByColumn needs a scalar Single, Double or UInt32 key column."),
        };
        return new FilterDataView(input, new[] { column }, row =>
        {
            var read = reader(row);
            return () =>
            {
                double v = read();
                return v >= lowerBound && v < upperBound;
            };
        });
    }

    private static IEnumerable<TRow> Enumerate<TRow>(IDataView data, ObjectFiller<TRow> filler, bool reuseRowObject)
        where TRow : class, new()
    {
        using var cursor = data.GetRowCursor(filler.Columns);
        var fill = filler.CreateFiller(cursor);
        TRow? shared = reuseRowObject ? new TRow() : null;
        while (cursor.MoveNext())
        {
            var obj = shared ?? new TRow();
            fill(obj);
            yield return obj;
        }
    }

    /// <summary>
    /// A train set and a test set.
    /// </summary>
    public sealed class TrainTestData
    {
        internal TrainTestData(IDataView trainSet, IDataView testSet)
        {
            TrainSet = trainSet;
            TestSet = testSet;
        }

        /// <summary>The training set.</summary>
        public readonly IDataView TrainSet;

        /// <summary>The test set.</summary>
        public readonly IDataView TestSet;
    }
}
