using MlNetCnn.Data;

namespace MlNetCnn.Transforms;

/// <summary>
/// One output column of a transform bound to an input schema: the input columns it reads, its schema column, and a
/// factory for its getter.
/// </summary>
/// <param name="Inputs">The input columns the value is computed from.</param>
/// <param name="Output">The output column (name, type, annotations).</param>
/// <param name="MakeGetter">Creates the <see cref="ValueGetter{TValue}"/> (of the output's raw type) reading from a
/// row of the input schema.</param>
internal sealed record BoundColumn(
    IReadOnlyList<DataViewSchema.Column> Inputs,
    DataViewSchema.DetachedColumn Output,
    Func<DataViewRow, Delegate> MakeGetter);

/// <summary>A row mapper that keeps every input column and appends the bound output columns.</summary>
internal sealed class BoundColumnsMapper : ColumnAddingMapper
{
    private readonly IReadOnlyList<BoundColumn> _columns;

    public BoundColumnsMapper(DataViewSchema inputSchema, IReadOnlyList<BoundColumn> columns)
        : base(inputSchema, columns.Select(c => c.Output).ToArray())
    {
        _columns = columns;
    }

    protected override IEnumerable<DataViewSchema.Column> GetInputDependencies(int addedIndex) => _columns[addedIndex].Inputs;

    protected override Delegate MakeGetter(DataViewRow input, int addedIndex) => _columns[addedIndex].MakeGetter(input);
}

/// <summary>Saving and loading of (output, input) column-name pairs, shared by the one-to-one transforms.</summary>
internal static class ColumnPairs
{
    /// <summary>The longest column name accepted from a model file, in UTF-8 bytes.</summary>
    public const int MaxNameBytes = 1 << 16;

    /// <summary>The most columns one transform may hold in a model file.</summary>
    public const int MaxColumns = 100_000;

    /// <summary>Checks user-given pairs: non-empty output names, the input defaulting to the output.</summary>
    public static (string Output, string Input)[] Check(IEnumerable<(string Output, string? Input)> columns, string paramName)
    {
        ArgumentNullException.ThrowIfNull(columns, paramName);
        var result = columns.Select(c => (SchemaErrors.CheckName(c.Output, paramName), string.IsNullOrEmpty(c.Input) ? c.Output : c.Input)).ToArray();
        if (result.Length == 0)
        {
            throw new ArgumentException("At least one column is required.", paramName);
        }

        return result;
    }

    /// <summary>Writes the pairs.</summary>
    public static void Write(BinaryWriter writer, IReadOnlyList<(string Output, string Input)> columns)
    {
        writer.Write(columns.Count);
        foreach (var (output, input) in columns)
        {
            writer.WriteString(output);
            writer.WriteString(input);
        }
    }

    /// <summary>Reads pairs written by <see cref="Write"/>, checking every count and name.</summary>
    /// <param name="ctx">The component's load context.</param>
    /// <param name="maxColumns">The most pairs accepted.</param>
    /// <param name="owner">Names the transform in the error for an empty list ("{owner} has no columns").</param>
    /// <param name="item">Names a pair in the error for an empty name ("{item} 3 has an empty name").</param>
    public static (string Output, string Input)[] Read(ModelLoadContext ctx, int maxColumns = MaxColumns, string owner = "the transform", string item = "column")
    {
        int count = ctx.ReadCount("column count", maxColumns, 8);
        if (count == 0)
        {
            throw ctx.Corrupt($"{owner} has no columns");
        }

        var result = new (string, string)[count];
        for (int i = 0; i < count; i++)
        {
            string output = ctx.Reader.ReadCheckedString(MaxNameBytes);
            string input = ctx.Reader.ReadCheckedString(MaxNameBytes);
            if (output.Length == 0 || input.Length == 0)
            {
                throw ctx.Corrupt($"{item} {i} has an empty name");
            }

            result[i] = (output, input);
        }

        return result;
    }

    /// <summary>Reads a list of non-empty names.</summary>
    public static string[] ReadNames(ModelLoadContext ctx, bool allowEmptyList)
    {
        int count = ctx.ReadCount("name count", MaxColumns, 4);
        if (count == 0 && !allowEmptyList)
        {
            throw ctx.Corrupt("the name list is empty");
        }

        var names = new string[count];
        for (int i = 0; i < count; i++)
        {
            names[i] = ctx.Reader.ReadCheckedString(MaxNameBytes);
            if (names[i].Length == 0)
            {
                throw ctx.Corrupt($"name {i} is empty");
            }
        }

        return names;
    }

    /// <summary>Writes a list of names.</summary>
    public static void WriteNames(BinaryWriter writer, IReadOnlyList<string> names)
    {
        writer.Write(names.Count);
        foreach (var n in names)
        {
            writer.WriteString(n);
        }
    }
}
