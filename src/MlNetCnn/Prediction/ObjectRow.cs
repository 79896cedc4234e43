using MlNetCnn.Data;

namespace MlNetCnn;

/// <summary>A data view row whose values are the members of one settable object; each <see cref="SetObject"/>
/// advances <see cref="Position"/>, so downstream mappers can cache per row.</summary>
internal sealed class ObjectRow<TRow> : DataViewRow
    where TRow : class
{
    private readonly RowTypeMapping<TRow> _mapping;
    private readonly Delegate[] _getters;
    private TRow? _current;
    private long _position = -1;

    public ObjectRow(RowTypeMapping<TRow> mapping)
    {
        _mapping = mapping;
        _getters = mapping.Bindings.Select(b => b.CreateGetter(Current)).ToArray();
    }

    public override long Position => _position;

    public override long Batch => 0;

    public override DataViewSchema Schema => _mapping.Schema;

    /// <summary>Makes <paramref name="value"/> the current row.</summary>
    public void SetObject(TRow value)
    {
        ArgumentNullException.ThrowIfNull(value);
        _current = value;
        _position++;
    }

    public override ValueGetter<DataViewRowId> GetIdGetter()
        => (ref DataViewRowId id) => id = RowHelpers.IdFromPosition(_position);

    public override bool IsColumnActive(DataViewSchema.Column column)
    {
        Schema.CheckColumn(column, nameof(column));
        return true;
    }

    public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
    {
        Schema.CheckColumn(column, nameof(column));
        return RowHelpers.CastGetter<TValue>(_getters[column.Index], column);
    }

    private TRow Current() => _current ?? throw new InvalidOperationException("No object has been set on this row.");
}
