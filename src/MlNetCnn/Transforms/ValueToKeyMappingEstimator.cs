using MlNetCnn.Data;

namespace MlNetCnn.Transforms;

/// <summary>
/// Learns a dictionary of the distinct values of each input column and maps values to keys
/// (<c>mlContext.Transforms.Conversion.MapValueToKey</c>).
/// </summary>
/// <remarks>
/// <para>Input: a scalar or vector (known or variable size) of text, numbers or Booleans. Output: the same shape of
/// <see cref="uint"/> keys with count = the number of distinct values, and a <c>KeyValues</c> annotation holding the
/// values in key order (as text when <c>addKeyValueAnnotationsAsText</c>). Vector inputs keep their
/// <c>SlotNames</c>.</para>
/// <para>Keys are 1-based: the i-th dictionary value (0-based) gets key i + 1. Key 0 means missing: missing values
/// (empty text, NaN) are never added to the dictionary and map to 0, and so do values not seen during
/// <see cref="Fit"/>. Slots a sparse vector does not store count as the default value (empty text, 0, false).</para>
/// <para>With <see cref="KeyOrdinality.ByOccurrence"/> the values are numbered in the order first seen; with
/// <see cref="KeyOrdinality.ByValue"/> the collected values are sorted (text ordinally, numbers numerically, false
/// before true). At most <c>maximumNumberOfKeys</c> values are collected per column, the first ones met; later new
/// values map to 0. With <c>keyData</c>, the dictionary is built from that single-column data view instead of the
/// training data.</para>
/// </remarks>
public sealed class ValueToKeyMappingEstimator : IEstimator<ValueToKeyMappingTransformer>
{
    private const string Component = "MapValueToKey";
    private const string Expected = "a scalar or vector of text, numbers or Booleans";
    private readonly (string Output, string Input)[] _columns;
    private readonly int _maximumNumberOfKeys;
    private readonly KeyOrdinality _ordinality;
    private readonly bool _keyValuesAsText;
    private readonly IDataView? _keyData;

    internal ValueToKeyMappingEstimator(MLContext env, (string Output, string? Input)[] columns, int maximumNumberOfKeys,
        KeyOrdinality keyOrdinality, bool addKeyValueAnnotationsAsText, IDataView? keyData)
    {
        ArgumentNullException.ThrowIfNull(env);
        _columns = ColumnPairs.Check(columns, nameof(columns));
        if (maximumNumberOfKeys < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(maximumNumberOfKeys), maximumNumberOfKeys, "The maximum number of keys must be at least 1.");
        }

        if (!Enum.IsDefined(keyOrdinality))
        {
            throw new ArgumentOutOfRangeException(nameof(keyOrdinality), keyOrdinality, "Use KeyOrdinality.ByOccurrence or KeyOrdinality.ByValue.");
        }

        _maximumNumberOfKeys = maximumNumberOfKeys;
        _ordinality = keyOrdinality;
        _keyValuesAsText = addKeyValueAnnotationsAsText;
        _keyData = keyData;
        if (keyData != null)
        {
            _ = KeyDataColumn(keyData);
        }
    }

    /// <summary>How the keys are ordered.</summary>
    public enum KeyOrdinality : byte
    {
        /// <summary>In the order the values are first met in the data.</summary>
        ByOccurrence = 0,

        /// <summary>Sorted by value: ordinal for text, numeric for numbers, false before true.</summary>
        ByValue = 1,
    }

    /// <summary>Builds the dictionaries (one pass over <paramref name="input"/>, or over the key data).</summary>
    /// <param name="input">The training data.</param>
    /// <returns>The transformer.</returns>
    /// <exception cref="ArgumentOutOfRangeException">An input column is missing or has an unsupported type.</exception>
    /// <exception cref="InvalidOperationException">A column has no value at all to map.</exception>
    public ValueToKeyMappingTransformer Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var inputs = _columns.Select(c => CheckColumn(input.Schema, c.Input)).ToArray();
        var collectors = inputs.Select(c => TermCollector.Create(c.Type.GetItemType(), _maximumNumberOfKeys)).ToArray();
        if (_keyData != null)
        {
            var keyColumn = KeyDataColumn(_keyData);
            for (int i = 0; i < inputs.Length; i++)
            {
                if (!keyColumn.Type.Equals(inputs[i].Type.GetItemType()))
                {
                    throw SchemaErrors.WrongType(Component, _columns[i].Input, $"items of the key data's type {keyColumn.Type}", inputs[i].Type.ToString());
                }
            }

            Collect(_keyData, Enumerable.Repeat(keyColumn, inputs.Length).ToArray(), collectors);
        }
        else
        {
            Collect(input, inputs, collectors);
        }

        var maps = new TermMap[_columns.Length];
        for (int i = 0; i < maps.Length; i++)
        {
            if (collectors[i].Count == 0)
            {
                throw new InvalidOperationException($"{Component}: column '{_columns[i].Input}' has no non-missing value to build keys from.");
            }

            maps[i] = collectors[i].Finish(_ordinality == KeyOrdinality.ByValue);
        }

        return new ValueToKeyMappingTransformer(_columns, maps, _keyValuesAsText);
    }

    /// <summary>Checks the input shape and returns the output shape: each output column is a key column (scalar or
    /// vector as the input) with a <c>KeyValues</c> annotation.</summary>
    /// <param name="inputSchema">The shape of the training data's schema.</param>
    /// <returns>The output shape.</returns>
    /// <exception cref="ArgumentOutOfRangeException">An input column is missing or has an unsupported type.</exception>
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
        => OutputShapes.AppendOneToOne(inputSchema, _columns, c => c.Input, Component, Expected, (c, col) =>
        {
            if (!TypeHelpers.IsTermItemType(col))
            {
                return null;
            }

            var annotations = TypeHelpers.CopyAnnotations(col.Annotations, AnnotationUtils.Kinds.SlotNames);
            var keyValueType = _keyValuesAsText ? TextDataViewType.Instance : col.ItemType;
            annotations.Add(TypeHelpers.VectorAnnotation(AnnotationUtils.Kinds.KeyValues, keyValueType));
            return new SchemaShape.Column(c.Output, col.Kind, NumberDataViewType.UInt32, true, new SchemaShape(annotations));
        });

    private static DataViewSchema.Column CheckColumn(DataViewSchema schema, string name)
    {
        var col = SchemaErrors.Find(schema, Component, name, Expected);
        if (!TypeHelpers.IsTermItemType(col.Type.GetItemType()))
        {
            throw SchemaErrors.WrongType(Component, name, Expected, col.Type.ToString());
        }

        return col;
    }

    private static DataViewSchema.Column KeyDataColumn(IDataView keyData)
    {
        var visible = keyData.Schema.Where(c => !c.IsHidden).ToArray();
        if (visible.Length != 1 || !TypeHelpers.IsTermItemType(visible[0].Type))
        {
            throw new ArgumentException($"{Component}: the key data must have exactly one column, a scalar of text, numbers or Booleans; it has {string.Join(", ", visible.Select(c => c.ToString()))}.", "keyData");
        }

        return visible[0];
    }

    private static void Collect(IDataView data, DataViewSchema.Column[] columns, TermCollector[] collectors)
    {
        using var cursor = data.GetRowCursor(columns.Distinct());
        var adders = columns.Select((c, i) => collectors[i].MakeAdder(cursor, c)).ToArray();
        while (cursor.MoveNext())
        {
            bool allFull = true;
            for (int i = 0; i < adders.Length; i++)
            {
                if (!collectors[i].IsFull)
                {
                    adders[i]();
                    allFull &= collectors[i].IsFull;
                }
            }

            if (allFull)
            {
                break;
            }
        }
    }
}
