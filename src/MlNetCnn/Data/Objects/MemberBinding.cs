using System.Linq.Expressions;
using System.Reflection;
using MlNetCnn.Data;

namespace MlNetCnn;

/// <summary>Binds one field or property of <typeparamref name="TRow"/> to one column: reads it into a column value,
/// or writes a column value into it.</summary>
internal abstract class MemberBinding<TRow>
    where TRow : class
{
    protected MemberBinding(MemberInfo member, DataViewType columnType)
    {
        Member = member;
        ColumnType = columnType;
    }

    public MemberInfo Member { get; }

    public DataViewType ColumnType { get; }

    /// <summary>Creates the binding of <paramref name="member"/> to a column of <paramref name="columnType"/>.</summary>
    /// <exception cref="InvalidOperationException">The member's type cannot hold values of the column type.</exception>
    public static MemberBinding<TRow> Create(MemberInfo member, DataViewType columnType)
    {
        var fieldType = member is FieldInfo f ? f.FieldType : ((PropertyInfo)member).PropertyType;
        var converter = ValueConverters.TryCreate(fieldType, columnType.RawType)
            ?? throw new InvalidOperationException(
                $"Member {typeof(TRow).Name}.{member.Name} of type {RowHelpers.FriendlyName(fieldType)} cannot hold column values of type {columnType} (raw type {RowHelpers.FriendlyName(columnType.RawType)}).");
        var type = typeof(MemberBinding<,,>).MakeGenericType(typeof(TRow), fieldType, columnType.RawType);
        return (MemberBinding<TRow>)Activator.CreateInstance(type, member, columnType, converter)!;
    }

    /// <summary>Returns a <see cref="ValueGetter{TValue}"/> reading the member of the object
    /// <paramref name="current"/> returns.</summary>
    public abstract Delegate CreateGetter(Func<TRow> current);

    /// <summary>Returns an action that copies the current value of <paramref name="column"/> in
    /// <paramref name="row"/> into the member of an object.</summary>
    public abstract Action<TRow> CreateSetter(DataViewRow row, DataViewSchema.Column column);
}

/// <summary>The typed implementation of <see cref="MemberBinding{TRow}"/>, with compiled accessors.</summary>
internal sealed class MemberBinding<TRow, TField, TRaw> : MemberBinding<TRow>
    where TRow : class
{
    private readonly ValueConverter<TField, TRaw> _converter;
    private readonly Func<TRow, TField>? _get;
    private readonly Action<TRow, TField>? _set;

    public MemberBinding(MemberInfo member, DataViewType columnType, ValueConverter<TField, TRaw> converter)
        : base(member, columnType)
    {
        _converter = converter;
        var obj = Expression.Parameter(typeof(TRow), "obj");
        var value = Expression.Parameter(typeof(TField), "value");
        var access = Expression.MakeMemberAccess(obj, member);
        bool canRead = member is FieldInfo || ((PropertyInfo)member).GetGetMethod() != null;
        bool canWrite = member is FieldInfo fi ? !fi.IsInitOnly : ((PropertyInfo)member).GetSetMethod() != null;
        if (canRead)
        {
            _get = Expression.Lambda<Func<TRow, TField>>(access, obj).Compile();
        }

        if (canWrite)
        {
            _set = Expression.Lambda<Action<TRow, TField>>(Expression.Assign(access, value), obj, value).Compile();
        }
    }

    public override Delegate CreateGetter(Func<TRow> current)
    {
        var get = _get ?? throw new InvalidOperationException($"Member {typeof(TRow).Name}.{Member.Name} cannot be read.");
        var toRaw = _converter.ToRaw;
        if (ColumnType is VectorDataViewType { IsKnownSize: true } vec && typeof(TRaw) != typeof(TField))
        {
            int size = vec.Size;
            return (ValueGetter<TRaw>)((ref TRaw dst) =>
            {
                var v = get(current());
                int length = ((Array?)(object?)v)?.Length ?? 0;
                if (length != size)
                {
                    throw new InvalidOperationException($"Member {typeof(TRow).Name}.{Member.Name} holds {length} values but its column type {ColumnType} needs exactly {size}.");
                }

                toRaw(v, ref dst);
            });
        }

        return (ValueGetter<TRaw>)((ref TRaw dst) => toRaw(get(current()), ref dst));
    }

    public override Action<TRow> CreateSetter(DataViewRow row, DataViewSchema.Column column)
    {
        var set = _set ?? throw new InvalidOperationException($"Member {typeof(TRow).Name}.{Member.Name} cannot be written.");
        var get = _get;
        var getter = row.GetGetter<TRaw>(column);
        var fromRaw = _converter.FromRaw;
        TRaw buffer = default!;
        return obj =>
        {
            getter(ref buffer);
            TField value = get != null ? get(obj) : default!;
            if (ValueCopier<TField>.IsVector)
            {
                // Never hand the caller a buffer that the next row overwrites.
                value = default!;
            }

            fromRaw(in buffer, ref value);
            set(obj, value);
        };
    }
}
