using System.Reflection;

namespace MlNetCnn.Data;

/// <summary>
/// Describes how the public fields and properties of a class map to data view columns: column name, column type and
/// annotations. Created from a class with <see cref="Create"/> and adjustable before use, for example to set a
/// vector size known only at run time.
/// </summary>
/// <remarks>
/// Supported member types: <see cref="float"/>, <see cref="double"/>, <see cref="sbyte"/>, <see cref="byte"/>,
/// <see cref="short"/>, <see cref="ushort"/>, <see cref="int"/>, <see cref="uint"/>, <see cref="long"/>,
/// <see cref="ulong"/>, <see cref="bool"/>, <see cref="string"/> (text), <see cref="ReadOnlyMemory{T}"/> of
/// <see cref="char"/>, <see cref="DateTime"/>, <see cref="DateTimeOffset"/>, <see cref="TimeSpan"/>,
/// <see cref="DataViewRowId"/>, arrays of those and <see cref="VBuffer{T}"/> of those (vectors; known size with
/// <see cref="VectorTypeAttribute"/>, variable otherwise). <see cref="KeyTypeAttribute"/> turns an unsigned
/// integer member (or array) into a key column. Members with <see cref="NoColumnAttribute"/> are skipped.
/// </remarks>
public sealed class SchemaDefinition : List<SchemaDefinition.Column>
{
    private SchemaDefinition()
    {
    }

    /// <summary>Which way the members are used.</summary>
    [Flags]
    public enum Direction
    {
        /// <summary>Members are read (the object is the source of a data view): they need a getter.</summary>
        Read = 1,

        /// <summary>Members are written (the object receives data view rows): they need a setter.</summary>
        Write = 2,

        /// <summary>Both: members need a getter and a setter.</summary>
        Both = Read | Write,
    }

    /// <summary>Returns the column named <paramref name="columnName"/>.</summary>
    /// <param name="columnName">The column name.</param>
    /// <returns>The column definition.</returns>
    public Column this[string columnName]
        => this.LastOrDefault(c => c.ColumnName == columnName)
        ?? throw new ArgumentOutOfRangeException(nameof(columnName), $"The schema definition has no column '{columnName}'.");

    /// <summary>Creates the definition of the public instance fields and properties of <paramref name="userType"/>.</summary>
    /// <param name="userType">The class.</param>
    /// <param name="direction">Which accessors the members need; members lacking one are skipped.</param>
    /// <returns>The definition, one column per member, in declaration order.</returns>
    /// <exception cref="InvalidOperationException">A member has a type that cannot be a column, or attributes that do
    /// not fit its type.</exception>
    public static SchemaDefinition Create(Type userType, Direction direction = Direction.Both)
    {
        ArgumentNullException.ThrowIfNull(userType);
        var def = new SchemaDefinition();
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var member in GetMembers(userType, direction))
        {
            var memberType = member is FieldInfo f ? f.FieldType : ((PropertyInfo)member).PropertyType;
            string name = member.GetCustomAttribute<ColumnNameAttribute>()?.Name ?? member.Name;
            if (!names.Add(name))
            {
                throw new InvalidOperationException($"Type {userType.Name} maps two members to column '{name}'.");
            }

            var col = new Column(member.Name, name, InferType(userType, member, memberType))
            {
                ReturnType = memberType,
            };
            def.Add(col);
        }

        return def;
    }

    /// <summary>Returns the public instance fields and properties that can take part in <paramref name="direction"/>,
    /// in declaration order, skipping <see cref="NoColumnAttribute"/> members.</summary>
    internal static IEnumerable<MemberInfo> GetMembers(Type userType, Direction direction)
    {
        const BindingFlags flags = BindingFlags.Public | BindingFlags.Instance;
        foreach (var member in userType.GetMembers(flags).OrderBy(m => m.MetadataToken))
        {
            if (member.GetCustomAttribute<NoColumnAttribute>() != null)
            {
                continue;
            }

            if (member is FieldInfo field)
            {
                if (direction.HasFlag(Direction.Write) && (field.IsInitOnly || field.IsLiteral))
                {
                    continue;
                }

                yield return field;
            }
            else if (member is PropertyInfo prop && prop.GetIndexParameters().Length == 0)
            {
                if ((direction.HasFlag(Direction.Read) && prop.GetGetMethod() == null) || (direction.HasFlag(Direction.Write) && prop.GetSetMethod() == null))
                {
                    continue;
                }

                yield return prop;
            }
        }
    }

    /// <summary>Extra type rules registered by other product assemblies (for example <c>[ImageType]</c> members in
    /// MlNetCnn.Vision): each returns the column type of a member, or null when the rule does not apply.</summary>
    private static readonly object ResolverLock = new();
    private static Func<MemberInfo, Type, DataViewType?>[] _typeResolvers = Array.Empty<Func<MemberInfo, Type, DataViewType?>>();

    /// <summary>Registers a rule consulted before the built-in ones by <see cref="Create"/>.</summary>
    internal static void RegisterTypeResolver(Func<MemberInfo, Type, DataViewType?> resolver)
    {
        ArgumentNullException.ThrowIfNull(resolver);
        lock (ResolverLock)
        {
            _typeResolvers = _typeResolvers.Append(resolver).ToArray();
        }
    }

    /// <summary>The column type a member of <paramref name="memberType"/> maps to, given its attributes.</summary>
    internal static DataViewType InferType(Type userType, MemberInfo member, Type memberType)
    {
        foreach (var resolve in _typeResolvers)
        {
            if (resolve(member, memberType) is DataViewType custom)
            {
                return custom;
            }
        }

        var vectorAttr = member.GetCustomAttribute<VectorTypeAttribute>();
        var keyAttr = member.GetCustomAttribute<KeyTypeAttribute>();
        string where = $"{userType.Name}.{member.Name}";
        Type itemType = memberType;
        bool isVector = false;
        if (memberType.IsArray && memberType.GetArrayRank() == 1)
        {
            itemType = memberType.GetElementType()!;
            isVector = true;
        }
        else if (memberType.IsGenericType && memberType.GetGenericTypeDefinition() == typeof(VBuffer<>))
        {
            itemType = memberType.GetGenericArguments()[0];
            isVector = true;
        }

        PrimitiveDataViewType item;
        if (keyAttr != null)
        {
            if (!KeyDataViewType.IsValidDataType(itemType))
            {
                throw new InvalidOperationException($"{where}: [KeyType] needs a byte, ushort, uint or ulong member, not {itemType.Name}.");
            }

            item = new KeyDataViewType(itemType, keyAttr.KeyCount);
        }
        else
        {
            item = PrimitiveFromType(itemType)
                ?? throw new InvalidOperationException($"{where}: type {RowHelpers.FriendlyName(memberType)} cannot be a data view column.");
        }

        if (!isVector)
        {
            if (vectorAttr != null)
            {
                throw new InvalidOperationException($"{where}: [VectorType] needs an array or VBuffer member, not {memberType.Name}.");
            }

            return item;
        }

        if (itemType == typeof(string) && memberType.IsGenericType)
        {
            throw new InvalidOperationException($"{where}: use VBuffer<ReadOnlyMemory<char>> or string[] for text vectors.");
        }

        return vectorAttr == null ? new VectorDataViewType(item) : new VectorDataViewType(item, vectorAttr.Dims);
    }

    /// <summary>The primitive type of a .NET scalar type, or null.</summary>
    internal static PrimitiveDataViewType? PrimitiveFromType(Type type)
    {
        if (type == typeof(string) || type == typeof(ReadOnlyMemory<char>))
        {
            return TextDataViewType.Instance;
        }

        if (type == typeof(bool))
        {
            return BooleanDataViewType.Instance;
        }

        if (type == typeof(DateTime))
        {
            return DateTimeDataViewType.Instance;
        }

        if (type == typeof(DateTimeOffset))
        {
            return DateTimeOffsetDataViewType.Instance;
        }

        if (type == typeof(TimeSpan))
        {
            return TimeSpanDataViewType.Instance;
        }

        if (type == typeof(DataViewRowId))
        {
            return RowIdDataViewType.Instance;
        }

        return NumberDataViewType.FromRawType(type);
    }

    /// <summary>
    /// The mapping of one member to one column.
    /// </summary>
    public sealed class Column
    {
        private readonly List<(string Kind, DataViewType Type, object? Value)> _annotations = new();

        /// <summary>Creates a column definition.</summary>
        /// <param name="memberName">The field or property name.</param>
        /// <param name="columnName">The column name.</param>
        /// <param name="columnType">The column type; null lets it be inferred from the member.</param>
        public Column(string memberName, string columnName, DataViewType? columnType = null)
        {
            ArgumentException.ThrowIfNullOrEmpty(memberName);
            ArgumentException.ThrowIfNullOrEmpty(columnName);
            MemberName = memberName;
            ColumnName = columnName;
            ColumnType = columnType;
        }

        /// <summary>The field or property name.</summary>
        public string MemberName { get; set; }

        /// <summary>The column name.</summary>
        public string ColumnName { get; set; }

        /// <summary>The column type (may be changed, for example to give a vector its size).</summary>
        public DataViewType? ColumnType { get; set; }

        /// <summary>The .NET type of the member.</summary>
        public Type? ReturnType { get; internal set; }

        /// <summary>Adds an annotation with a fixed value to the column.</summary>
        /// <typeparam name="T">The raw type of <paramref name="annotationType"/>.</typeparam>
        /// <param name="kind">The annotation kind, for example <c>"KeyValues"</c>.</param>
        /// <param name="value">The value.</param>
        /// <param name="annotationType">The annotation type.</param>
        public void AddAnnotation<T>(string kind, T value, DataViewType annotationType)
        {
            ArgumentException.ThrowIfNullOrEmpty(kind);
            ArgumentNullException.ThrowIfNull(annotationType);
            if (annotationType.RawType != typeof(T))
            {
                throw new ArgumentException($"Annotation '{kind}' has type {annotationType} but the value is a {typeof(T).Name}.", nameof(annotationType));
            }

            RemoveAnnotation(kind);
            _annotations.Add((kind, annotationType, value));
        }

        /// <summary>Removes an annotation.</summary>
        /// <param name="kind">The annotation kind.</param>
        public void RemoveAnnotation(string kind) => _annotations.RemoveAll(a => a.Kind == kind);

        /// <summary>Builds the annotations of the column.</summary>
        internal DataViewSchema.Annotations BuildAnnotations()
        {
            if (_annotations.Count == 0)
            {
                return DataViewSchema.Annotations.Empty;
            }

            var builder = new DataViewSchema.Annotations.Builder();
            foreach (var (kind, type, value) in _annotations)
            {
                var add = typeof(SchemaDefinition.Column).GetMethod(nameof(AddTyped), BindingFlags.NonPublic | BindingFlags.Static)!
                    .MakeGenericMethod(type.RawType);
                add.Invoke(null, new[] { builder, kind, type, value });
            }

            return builder.ToAnnotations();
        }

        private static void AddTyped<T>(DataViewSchema.Annotations.Builder builder, string kind, DataViewType type, object? value)
            => builder.Add(kind, type, (T)value!);
    }
}
