namespace MlNetCnn;

/// <summary>
/// An output column name and the input column it is computed from, for the catalog methods that transform several
/// columns at once.
/// </summary>
public sealed class InputOutputColumnPair
{
    /// <summary>Creates a pair.</summary>
    /// <param name="outputColumnName">The name of the column to produce.</param>
    /// <param name="inputColumnName">The name of the column to read; null means <paramref name="outputColumnName"/>
    /// (the column is replaced).</param>
    public InputOutputColumnPair(string outputColumnName, string? inputColumnName = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(outputColumnName);
        OutputColumnName = outputColumnName;
        InputColumnName = string.IsNullOrEmpty(inputColumnName) ? outputColumnName : inputColumnName;
    }

    /// <summary>The name of the column to produce.</summary>
    public string OutputColumnName { get; }

    /// <summary>The name of the column to read.</summary>
    public string InputColumnName { get; }

    /// <summary>Converts pairs to (output, input) tuples.</summary>
    internal static (string Output, string? Input)[] ToTuples(InputOutputColumnPair[] columns, string paramName)
    {
        ArgumentNullException.ThrowIfNull(columns, paramName);
        return columns.Select(c => c is null
            ? throw new ArgumentException("A column pair is null.", paramName)
            : (c.OutputColumnName, (string?)c.InputColumnName)).ToArray();
    }
}
