using MlNetCnn.Data;

namespace MlNetCnn.Transforms;

/// <summary>
/// Concatenates columns of one item type into a vector column (<c>mlContext.Transforms.Concatenate</c>). Trivial:
/// there is nothing to learn.
/// </summary>
/// <remarks>
/// <para>All inputs must have the same item type (the same key type for keys). The output is a vector of the total
/// size when every input has a known size (a scalar counts as 1), else of variable size. A single vector input is
/// passed through unchanged (type, dimensions and annotations). Otherwise the output is one-dimensional.</para>
/// <para>Annotations: <c>IsNormalized</c> when every input is a normalized number column; <c>SlotNames</c> (known
/// size only) when any input is a scalar or has slot names: a scalar contributes its column name, a vector its slot
/// names, a vector without slot names empty names.</para>
/// </remarks>
public sealed class ColumnConcatenatingEstimator : IEstimator<ColumnConcatenatingTransformer>
{
    private readonly string _output;
    private readonly string[] _inputs;

    internal ColumnConcatenatingEstimator(MLContext env, string outputColumnName, params string[] inputColumnNames)
    {
        ArgumentNullException.ThrowIfNull(env);
        _output = SchemaErrors.CheckName(outputColumnName, nameof(outputColumnName));
        ArgumentNullException.ThrowIfNull(inputColumnNames);
        if (inputColumnNames.Length == 0)
        {
            throw new ArgumentException("Concatenate needs at least one input column.", nameof(inputColumnNames));
        }

        _inputs = inputColumnNames.Select(n => SchemaErrors.CheckName(n, nameof(inputColumnNames))).ToArray();
    }

    /// <summary>Returns the transformer (after checking the schema).</summary>
    /// <param name="input">The data (only its schema is used).</param>
    /// <returns>The transformer.</returns>
    public ColumnConcatenatingTransformer Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var transformer = new ColumnConcatenatingTransformer(_output, _inputs);
        transformer.GetOutputSchema(input.Schema);
        return transformer;
    }

    /// <summary>Checks the inputs and returns the output shape.</summary>
    /// <param name="inputSchema">The input shape.</param>
    /// <returns>The output shape.</returns>
    /// <exception cref="ArgumentOutOfRangeException">An input is missing or its item type differs from the first
    /// input's.</exception>
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        var cols = _inputs.Select(n => SchemaErrors.Find(inputSchema, ColumnConcatenatingTransformer.Component, n, "a column to concatenate")).ToArray();
        var first = cols[0];
        foreach (var c in cols.Skip(1))
        {
            if (c.IsKey != first.IsKey || !c.ItemType.Equals(first.ItemType))
            {
                string firstType = first.IsKey ? $"Key<{first.ItemType}>" : first.ItemType.ToString()!;
                throw SchemaErrors.WrongType(ColumnConcatenatingTransformer.Component, c.Name, $"items of type {firstType} (the type of '{first.Name}')", c.GetTypeString());
            }
        }

        var result = inputSchema.ToList();
        if (cols.Length == 1 && first.Kind != SchemaShape.VectorKind.Scalar)
        {
            result.Add(new SchemaShape.Column(_output, first.Kind, first.ItemType, first.IsKey, first.Annotations));
            return new SchemaShape(result);
        }

        bool known = cols.All(c => c.Kind != SchemaShape.VectorKind.VariableVector);
        var annotations = new List<SchemaShape.Column>();
        if (known && cols.Any(c => c.Kind == SchemaShape.VectorKind.Scalar || c.Annotations.TryFindColumn(AnnotationUtils.Kinds.SlotNames, out _)))
        {
            annotations.Add(TypeHelpers.VectorAnnotation(AnnotationUtils.Kinds.SlotNames, TextDataViewType.Instance));
        }

        if (!first.IsKey && first.ItemType is NumberDataViewType && cols.All(c => c.Annotations.TryFindColumn(AnnotationUtils.Kinds.IsNormalized, out _)))
        {
            annotations.Add(TypeHelpers.ScalarAnnotation(AnnotationUtils.Kinds.IsNormalized, BooleanDataViewType.Instance));
        }

        var kind = known ? SchemaShape.VectorKind.Vector : SchemaShape.VectorKind.VariableVector;
        result.Add(new SchemaShape.Column(_output, kind, first.ItemType, first.IsKey, new SchemaShape(annotations)));
        return new SchemaShape(result);
    }
}
