using MlNetCnn.Data;

namespace MlNetCnn.Transforms;

/// <summary>The output shape of the estimators that compute one output column from one input column each.</summary>
internal static class OutputShapes
{
    /// <summary>
    /// The output columns, in the order of <paramref name="columns"/>: finds each input column in
    /// <paramref name="inputSchema"/> (else <see cref="SchemaErrors.Missing"/>) and asks <paramref name="output"/> for
    /// the output column; null means the input has the wrong type, which gives <see cref="SchemaErrors.WrongType"/>
    /// with the input's type text (<paramref name="output"/> may also throw its own error).
    /// </summary>
    /// <param name="inputSchema">The input shape.</param>
    /// <param name="columns">The estimator's columns.</param>
    /// <param name="inputName">The input column name of a column.</param>
    /// <param name="component">The component named in errors (for example "CopyColumns").</param>
    /// <param name="expected">What the input column must be, for errors.</param>
    /// <param name="output">The output column of a column, given its input column.</param>
    /// <returns>The output columns.</returns>
    public static List<SchemaShape.Column> OneToOne<TColumn>(SchemaShape inputSchema, IEnumerable<TColumn> columns, Func<TColumn, string> inputName,
        string component, string expected, Func<TColumn, SchemaShape.Column, SchemaShape.Column?> output)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        var outputs = new List<SchemaShape.Column>();
        foreach (var c in columns)
        {
            string name = inputName(c);
            var col = SchemaErrors.Find(inputSchema, component, name, expected);
            outputs.Add(output(c, col) ?? throw SchemaErrors.WrongType(component, name, expected, col.GetTypeString()));
        }

        return outputs;
    }

    /// <summary>The input shape followed by the output columns of <see cref="OneToOne"/> (an input column of the same
    /// name as an output stays listed, as in the core transforms).</summary>
    /// <returns>The output shape.</returns>
    /// <inheritdoc cref="OneToOne"/>
    public static SchemaShape AppendOneToOne<TColumn>(SchemaShape inputSchema, IEnumerable<TColumn> columns, Func<TColumn, string> inputName,
        string component, string expected, Func<TColumn, SchemaShape.Column, SchemaShape.Column?> output)
    {
        var outputs = OneToOne(inputSchema, columns, inputName, component, expected, output);
        return new(inputSchema.Concat(outputs).ToList());
    }
}
