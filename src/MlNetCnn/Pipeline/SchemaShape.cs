using System.Collections;
using MlNetCnn.Data;

namespace MlNetCnn;

/// <summary>
/// The shape of a schema, known before training: for each column its name, whether it is a scalar or a vector,
/// its item type, whether it is a key, and the shapes of its annotations. Estimators use it to check their input.
/// </summary>
public sealed class SchemaShape : IReadOnlyList<SchemaShape.Column>
{
    private readonly Column[] _columns;

    /// <summary>Creates a shape from columns.</summary>
    /// <param name="columns">The columns; a later column with the same name as an earlier one hides it.</param>
    public SchemaShape(IEnumerable<Column> columns)
    {
        ArgumentNullException.ThrowIfNull(columns);
        _columns = columns.ToArray();
        if (_columns.Any(c => !c.IsValid))
        {
            throw new ArgumentException("A schema shape cannot contain default-initialized columns.", nameof(columns));
        }
    }

    /// <summary>The kind of vector a column is.</summary>
    public enum VectorKind
    {
        /// <summary>A scalar.</summary>
        Scalar,

        /// <summary>A vector of known size.</summary>
        Vector,

        /// <summary>A vector whose size varies.</summary>
        VariableVector,
    }

    /// <summary>The number of columns.</summary>
    public int Count => _columns.Length;

    /// <summary>Returns the column at <paramref name="index"/>.</summary>
    /// <param name="index">The index.</param>
    /// <returns>The column.</returns>
    public Column this[int index] => _columns[index];

    /// <summary>Finds the last column named <paramref name="name"/>.</summary>
    /// <param name="name">The column name.</param>
    /// <param name="column">Receives the column when found.</param>
    /// <returns>Whether a column with that name exists.</returns>
    public bool TryFindColumn(string name, out Column column)
    {
        ArgumentNullException.ThrowIfNull(name);
        for (int i = _columns.Length - 1; i >= 0; i--)
        {
            if (_columns[i].Name == name)
            {
                column = _columns[i];
                return true;
            }
        }

        column = default;
        return false;
    }

    /// <inheritdoc/>
    public IEnumerator<Column> GetEnumerator() => ((IEnumerable<Column>)_columns).GetEnumerator();

    /// <inheritdoc/>
    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>Creates the shape of an actual schema (visible columns only).</summary>
    /// <param name="schema">The schema.</param>
    /// <returns>The shape.</returns>
    internal static SchemaShape Create(DataViewSchema schema)
    {
        ArgumentNullException.ThrowIfNull(schema);
        var columns = new List<Column>();
        foreach (var col in schema)
        {
            if (col.IsHidden)
            {
                continue;
            }

            var annotations = new List<Column>();
            foreach (var a in col.Annotations.Schema)
            {
                annotations.Add(FromType(a.Name, a.Type, null));
            }

            columns.Add(FromType(col.Name, col.Type, new SchemaShape(annotations)));
        }

        return new SchemaShape(columns);
    }

    /// <summary>Creates the shape column of a column type.</summary>
    internal static Column FromType(string name, DataViewType type, SchemaShape? annotations)
    {
        var kind = type is VectorDataViewType v ? (v.IsKnownSize ? VectorKind.Vector : VectorKind.VariableVector) : VectorKind.Scalar;
        var item = type.GetItemType();
        bool isKey = item is KeyDataViewType;
        if (item is KeyDataViewType key)
        {
            item = NumberDataViewType.FromRawType(key.RawType)!;
        }

        return new Column(name, kind, item, isKey, annotations);
    }

    /// <summary>
    /// The shape of one column.
    /// </summary>
    public readonly struct Column
    {
        /// <summary>The column name.</summary>
        public readonly string Name;

        /// <summary>Whether the column is a scalar, a known-size vector or a variable-size vector.</summary>
        public readonly VectorKind Kind;

        /// <summary>The item type. Never a key or vector type: for a key column this is the key's unsigned number type
        /// and <see cref="IsKey"/> is true.</summary>
        public readonly DataViewType ItemType;

        /// <summary>Whether the items are keys.</summary>
        public readonly bool IsKey;

        /// <summary>The shapes of the column's annotations.</summary>
        public readonly SchemaShape Annotations;

        internal Column(string name, VectorKind vecKind, DataViewType itemType, bool isKey, SchemaShape? annotations = null)
        {
            ArgumentException.ThrowIfNullOrEmpty(name);
            ArgumentNullException.ThrowIfNull(itemType);
            if (itemType is KeyDataViewType || itemType is VectorDataViewType)
            {
                throw new ArgumentException("The item type of a shape column cannot be a key or vector type.", nameof(itemType));
            }

            Name = name;
            Kind = vecKind;
            ItemType = itemType;
            IsKey = isKey;
            Annotations = annotations ?? new SchemaShape(Array.Empty<Column>());
        }

        /// <summary>Whether the column was created through a constructor (not default-initialized).</summary>
        internal bool IsValid => Name != null;

        /// <summary>Whether an actual column of shape <paramref name="source"/> satisfies this required shape: same
        /// kind, item type and key-ness, and every annotation required here is present there with a compatible
        /// shape.</summary>
        /// <param name="source">The shape of the actual column.</param>
        /// <returns><see langword="true"/> when compatible.</returns>
        public bool IsCompatibleWith(Column source)
        {
            if (!source.IsValid || Kind != source.Kind || IsKey != source.IsKey || !ItemType.Equals(source.ItemType))
            {
                return false;
            }

            foreach (var annotation in Annotations)
            {
                if (!source.Annotations.TryFindColumn(annotation.Name, out var other) || !annotation.IsCompatibleWith(other))
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>Returns a type description such as <c>Vector&lt;Key&lt;UInt32&gt;&gt;</c>.</summary>
        /// <returns>The type string.</returns>
        public string GetTypeString()
        {
            string result = IsKey ? $"Key<{ItemType}>" : ItemType.ToString()!;
            return Kind switch
            {
                VectorKind.Vector => $"Vector<{result}>",
                VectorKind.VariableVector => $"VarVector<{result}>",
                _ => result,
            };
        }

        /// <inheritdoc/>
        public override string ToString() => $"{Name}: {GetTypeString()}";
    }
}
