using System.Collections;
using MlNetCnn.Data;

namespace MlNetCnn;

/// <summary>
/// The schema of a data view: an ordered list of named, typed columns with annotations.
/// </summary>
/// <remarks>
/// Two columns may share a name. Lookups by name then return the one with the highest index; the earlier ones are
/// <see cref="Column.IsHidden">hidden</see> (they are still reachable by index). This is how a transform "replaces"
/// a column: it appends a column with the same name.
/// </remarks>
public sealed partial class DataViewSchema : IReadOnlyList<DataViewSchema.Column>
{
    private readonly Column[] _columns;
    private readonly Dictionary<string, int> _nameMap;

    private DataViewSchema(IEnumerable<DetachedColumn> columns)
    {
        var list = new List<Column>();
        _nameMap = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var c in columns)
        {
            _nameMap[c.Name] = list.Count;
            list.Add(new Column(c.Name, list.Count, false, c.Type, c.Annotations));
        }

        _columns = list.ToArray();
        for (int i = 0; i < _columns.Length; i++)
        {
            if (_nameMap[_columns[i].Name] != i)
            {
                _columns[i] = new Column(_columns[i].Name, i, true, _columns[i].Type, _columns[i].Annotations);
            }
        }
    }

    /// <summary>The number of columns, hidden ones included.</summary>
    public int Count => _columns.Length;

    /// <summary>Returns the column at <paramref name="columnIndex"/>.</summary>
    /// <param name="columnIndex">An index in [0, <see cref="Count"/>).</param>
    /// <returns>The column.</returns>
    public Column this[int columnIndex]
    {
        get
        {
            if ((uint)columnIndex >= (uint)_columns.Length)
            {
                throw new ArgumentOutOfRangeException(nameof(columnIndex), columnIndex, $"The schema has {_columns.Length} columns.");
            }

            return _columns[columnIndex];
        }
    }

    /// <summary>Returns the visible column named <paramref name="name"/>.</summary>
    /// <param name="name">The column name (case-sensitive).</param>
    /// <returns>The last column with that name.</returns>
    /// <exception cref="ArgumentOutOfRangeException">No column has that name.</exception>
    public Column this[string name]
        => GetColumnOrNull(name) ?? throw new ArgumentOutOfRangeException(nameof(name), $"Schema does not contain a column named '{name}'. Columns: {string.Join(", ", _nameMap.Keys)}.");

    /// <summary>Returns the visible column named <paramref name="name"/>, or <see langword="null"/>.</summary>
    /// <param name="name">The column name (case-sensitive).</param>
    /// <returns>The column, or null when there is none.</returns>
    public Column? GetColumnOrNull(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return _nameMap.TryGetValue(name, out int index) ? _columns[index] : null;
    }

    /// <inheritdoc/>
    public IEnumerator<Column> GetEnumerator() => ((IEnumerable<Column>)_columns).GetEnumerator();

    /// <inheritdoc/>
    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <inheritdoc/>
    public override string ToString() => $"{Count} columns";

    /// <summary>Creates a schema from detached columns (internal shortcut for <see cref="Builder"/>).</summary>
    internal static DataViewSchema Create(IEnumerable<DetachedColumn> columns) => new(columns);

    /// <summary>The empty schema.</summary>
    internal static DataViewSchema Empty { get; } = new(Array.Empty<DetachedColumn>());

    /// <summary>Throws unless <paramref name="column"/> is a column of this schema.</summary>
    internal void CheckColumn(Column column, string paramName)
    {
        if ((uint)column.Index >= (uint)_columns.Length || _columns[column.Index].Name != column.Name || !_columns[column.Index].Type.Equals(column.Type))
        {
            throw new ArgumentOutOfRangeException(paramName, $"Column '{column.Name}' (index {column.Index}) does not belong to this schema.");
        }
    }

    /// <summary>
    /// One column of a <see cref="DataViewSchema"/>.
    /// </summary>
    public readonly struct Column
    {
        internal Column(string name, int index, bool isHidden, DataViewType type, Annotations annotations)
        {
            Name = name;
            Index = index;
            IsHidden = isHidden;
            Type = type;
            Annotations = annotations ?? Annotations.Empty;
        }

        /// <summary>The column name.</summary>
        public string Name { get; }

        /// <summary>The index of the column in its schema.</summary>
        public int Index { get; }

        /// <summary>Whether a later column has the same name (then lookups by name do not return this one).</summary>
        public bool IsHidden { get; }

        /// <summary>The column type.</summary>
        public DataViewType Type { get; }

        /// <summary>The annotations (metadata) of the column.</summary>
        public Annotations Annotations { get; }

        /// <inheritdoc/>
        public override string ToString()
        {
            var kinds = Annotations.Schema.Select(c => c.Name);
            return $"{Name}: {Type}{(Annotations.Schema.Count > 0 ? " {" + string.Join(", ", kinds) + "}" : string.Empty)}";
        }
    }

    /// <summary>
    /// A column description that is not attached to a schema, used to build schemas.
    /// </summary>
    public readonly struct DetachedColumn
    {
        /// <summary>Creates a detached column.</summary>
        /// <param name="name">The column name.</param>
        /// <param name="type">The column type.</param>
        /// <param name="annotations">The annotations; null means none.</param>
        public DetachedColumn(string name, DataViewType type, Annotations? annotations = null)
        {
            ArgumentException.ThrowIfNullOrEmpty(name);
            ArgumentNullException.ThrowIfNull(type);
            Name = name;
            Type = type;
            Annotations = annotations ?? Annotations.Empty;
        }

        /// <summary>Creates a detached copy of a schema column.</summary>
        /// <param name="column">The column to copy.</param>
        public DetachedColumn(Column column)
            : this(column.Name, column.Type, column.Annotations)
        {
        }

        /// <summary>The column name.</summary>
        public string Name { get; }

        /// <summary>The column type.</summary>
        public DataViewType Type { get; }

        /// <summary>The annotations.</summary>
        public Annotations Annotations { get; }
    }

    /// <summary>
    /// Builds a <see cref="DataViewSchema"/> column by column.
    /// </summary>
    public sealed class Builder
    {
        private readonly List<DetachedColumn> _items = new();

        /// <summary>Adds a column.</summary>
        /// <param name="name">The column name.</param>
        /// <param name="type">The column type.</param>
        /// <param name="annotations">The annotations; null means none.</param>
        public void AddColumn(string name, DataViewType type, Annotations? annotations = null)
            => _items.Add(new DetachedColumn(name, type, annotations));

        /// <summary>Adds columns copied from another schema (hidden ones included, in order).</summary>
        /// <param name="source">The columns to copy.</param>
        public void AddColumns(IEnumerable<Column> source)
        {
            ArgumentNullException.ThrowIfNull(source);
            foreach (var c in source)
            {
                _items.Add(new DetachedColumn(c));
            }
        }

        /// <summary>Adds detached columns.</summary>
        /// <param name="source">The columns to add.</param>
        public void AddColumns(IEnumerable<DetachedColumn> source)
        {
            ArgumentNullException.ThrowIfNull(source);
            _items.AddRange(source);
        }

        /// <summary>Creates the schema.</summary>
        /// <returns>A new schema holding the added columns in order.</returns>
        public DataViewSchema ToSchema() => new(_items);
    }
}
