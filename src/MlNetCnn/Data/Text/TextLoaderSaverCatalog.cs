using MlNetCnn.Data;

namespace MlNetCnn;

/// <summary>
/// Text file loading on <see cref="DataOperationsCatalog"/> (<c>mlContext.Data.LoadFromTextFile</c>).
/// </summary>
public static class TextLoaderSaverCatalog
{
    /// <summary>Creates a text loader whose columns are the members of <typeparamref name="TInput"/>, each marked with
    /// <see cref="LoadColumnAttribute"/>.</summary>
    /// <typeparam name="TInput">The class describing the columns.</typeparam>
    /// <param name="catalog">The data catalog.</param>
    /// <param name="separatorChar">The field separator.</param>
    /// <param name="hasHeader">Whether the first line of each file is a header.</param>
    /// <param name="dataSample">An optional file whose header gives the slot names of vector columns.</param>
    /// <param name="allowQuoting">Whether fields may be wrapped in double quotes.</param>
    /// <param name="trimWhitespace">Whether to remove whitespace around fields and at the end of lines.</param>
    /// <param name="allowSparse">Must be false: the sparse format is not supported.</param>
    /// <returns>The loader.</returns>
    public static TextLoader CreateTextLoader<TInput>(
        this DataOperationsCatalog catalog,
        char separatorChar = '\t',
        bool hasHeader = false,
        IMultiStreamSource? dataSample = null,
        bool allowQuoting = false,
        bool trimWhitespace = false,
        bool allowSparse = false)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        var options = new TextLoader.Options
        {
            Separators = new[] { separatorChar },
            HasHeader = hasHeader,
            AllowQuoting = allowQuoting,
            TrimWhitespace = trimWhitespace,
            AllowSparse = allowSparse,
        };
        return new TextLoader(catalog.Environment, options, TextLoader.ColumnsFromType(typeof(TInput)), dataSample);
    }

    /// <summary>Creates a text loader from explicit column descriptions.</summary>
    /// <param name="catalog">The data catalog.</param>
    /// <param name="options">The loader options; <see cref="TextLoader.Options.Columns"/> is required.</param>
    /// <param name="dataSample">An optional file whose header gives the slot names of vector columns.</param>
    /// <returns>The loader.</returns>
    public static TextLoader CreateTextLoader(this DataOperationsCatalog catalog, TextLoader.Options options, IMultiStreamSource? dataSample = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(options);
        var columns = options.Columns ?? throw new ArgumentException("The options must list the columns to load.", nameof(options));
        return new TextLoader(catalog.Environment, options, TextLoader.ColumnsFromOptions(columns), dataSample);
    }

    /// <summary>Loads a delimited text file (or files, with wildcards in the file name) into a lazy data view whose
    /// columns are the members of <typeparamref name="TInput"/>, each marked with
    /// <see cref="LoadColumnAttribute"/>. See <see cref="TextLoader"/> for parsing rules and the treatment of missing
    /// and bad values.</summary>
    /// <typeparam name="TInput">The class describing the columns.</typeparam>
    /// <param name="catalog">The data catalog.</param>
    /// <param name="path">The file path.</param>
    /// <param name="separatorChar">The field separator.</param>
    /// <param name="hasHeader">Whether the first line of each file is a header.</param>
    /// <param name="allowQuoting">Whether fields may be wrapped in double quotes.</param>
    /// <param name="trimWhitespace">Whether to remove whitespace around fields and at the end of lines.</param>
    /// <param name="allowSparse">Must be false: the sparse format is not supported.</param>
    /// <returns>The data view.</returns>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    public static IDataView LoadFromTextFile<TInput>(
        this DataOperationsCatalog catalog,
        string path,
        char separatorChar = '\t',
        bool hasHeader = false,
        bool allowQuoting = false,
        bool trimWhitespace = false,
        bool allowSparse = false)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var source = new MultiFileSource(path);
        return catalog.CreateTextLoader<TInput>(separatorChar, hasHeader, source, allowQuoting, trimWhitespace, allowSparse).Load(source);
    }

    /// <summary>Loads a delimited text file with explicit column descriptions.</summary>
    /// <param name="catalog">The data catalog.</param>
    /// <param name="path">The file path.</param>
    /// <param name="columns">The columns to load.</param>
    /// <param name="separatorChar">The field separator.</param>
    /// <param name="hasHeader">Whether the first line of each file is a header.</param>
    /// <param name="allowQuoting">Whether fields may be wrapped in double quotes.</param>
    /// <param name="trimWhitespace">Whether to remove whitespace around fields and at the end of lines.</param>
    /// <param name="allowSparse">Must be false: the sparse format is not supported.</param>
    /// <returns>The data view.</returns>
    public static IDataView LoadFromTextFile(
        this DataOperationsCatalog catalog,
        string path,
        TextLoader.Column[] columns,
        char separatorChar = '\t',
        bool hasHeader = false,
        bool allowQuoting = false,
        bool trimWhitespace = false,
        bool allowSparse = false)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var options = new TextLoader.Options
        {
            Columns = columns,
            Separators = new[] { separatorChar },
            HasHeader = hasHeader,
            AllowQuoting = allowQuoting,
            TrimWhitespace = trimWhitespace,
            AllowSparse = allowSparse,
        };
        var source = new MultiFileSource(path);
        return catalog.CreateTextLoader(options, source).Load(source);
    }

    /// <summary>Loads a delimited text file with a full set of options.</summary>
    /// <param name="catalog">The data catalog.</param>
    /// <param name="path">The file path.</param>
    /// <param name="options">The loader options; <see cref="TextLoader.Options.Columns"/> is required.</param>
    /// <returns>The data view.</returns>
    public static IDataView LoadFromTextFile(this DataOperationsCatalog catalog, string path, TextLoader.Options options)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var source = new MultiFileSource(path);
        return catalog.CreateTextLoader(options, source).Load(source);
    }
}
