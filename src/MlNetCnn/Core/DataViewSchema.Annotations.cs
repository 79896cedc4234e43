using MlNetCnn.Data;

namespace MlNetCnn;

public sealed partial class DataViewSchema
{
    /// <summary>
    /// The annotations (metadata) of a column: a single row whose columns are the annotation kinds, for example
    /// <c>SlotNames</c> or <c>KeyValues</c>.
    /// </summary>
    public sealed class Annotations
    {
        private readonly Delegate[] _getters;

        internal Annotations(DataViewSchema schema, Delegate[] getters)
        {
            Schema = schema;
            _getters = getters;
        }

        /// <summary>Annotations with no kind at all.</summary>
        public static Annotations Empty { get; } = new(DataViewSchema.Empty, Array.Empty<Delegate>());

        /// <summary>The schema of the annotation row: one column per annotation kind.</summary>
        public DataViewSchema Schema { get; }

        /// <summary>Returns the getter of one annotation.</summary>
        /// <typeparam name="TValue">The raw type of the annotation.</typeparam>
        /// <param name="column">A column of <see cref="Schema"/>.</param>
        /// <returns>The getter.</returns>
        public ValueGetter<TValue> GetGetter<TValue>(Column column)
        {
            Schema.CheckColumn(column, nameof(column));
            if (_getters[column.Index] is not ValueGetter<TValue> getter)
            {
                throw new InvalidOperationException(
                    $"Annotation '{column.Name}' has type {column.Type} (raw type {column.Type.RawType.Name}), not {typeof(TValue).Name}.");
            }

            return getter;
        }

        /// <summary>Reads the value of annotation <paramref name="kind"/>.</summary>
        /// <typeparam name="TValue">The raw type of the annotation.</typeparam>
        /// <param name="kind">The annotation kind, for example <c>"SlotNames"</c>.</param>
        /// <param name="value">Receives the value.</param>
        /// <exception cref="ArgumentOutOfRangeException">There is no annotation of that kind.</exception>
        public void GetValue<TValue>(string kind, ref TValue value)
        {
            var column = Schema.GetColumnOrNull(kind)
                ?? throw new ArgumentOutOfRangeException(nameof(kind), $"There is no annotation of kind '{kind}'.");
            GetGetter<TValue>(column)(ref value);
        }

        /// <inheritdoc/>
        public override string ToString() => string.Join(", ", Schema.Select(c => c.Name));

        /// <summary>
        /// Builds an <see cref="Annotations"/> object.
        /// </summary>
        public sealed class Builder
        {
            private readonly List<(string Kind, DataViewType Type, Delegate Getter, Annotations? Annotations)> _items = new();

            /// <summary>Copies the annotations of <paramref name="annotations"/> whose kind passes
            /// <paramref name="selector"/>.</summary>
            /// <param name="annotations">The source.</param>
            /// <param name="selector">Returns true for each kind to copy.</param>
            public void Add(Annotations annotations, Func<string, bool> selector)
            {
                ArgumentNullException.ThrowIfNull(annotations);
                ArgumentNullException.ThrowIfNull(selector);
                foreach (var column in annotations.Schema)
                {
                    if (selector(column.Name))
                    {
                        _items.Add((column.Name, column.Type, annotations._getters[column.Index], column.Annotations));
                    }
                }
            }

            /// <summary>Adds an annotation read through a getter.</summary>
            /// <typeparam name="TValue">The raw type of <paramref name="type"/>.</typeparam>
            /// <param name="kind">The annotation kind.</param>
            /// <param name="type">The annotation type.</param>
            /// <param name="getter">Reads the value.</param>
            /// <param name="annotations">Annotations of the annotation; null means none.</param>
            public void Add<TValue>(string kind, DataViewType type, ValueGetter<TValue> getter, Annotations? annotations = null)
            {
                ArgumentException.ThrowIfNullOrEmpty(kind);
                ArgumentNullException.ThrowIfNull(type);
                ArgumentNullException.ThrowIfNull(getter);
                if (type.RawType != typeof(TValue))
                {
                    throw new ArgumentException($"Annotation '{kind}' has type {type} whose raw type is {type.RawType.Name}, not {typeof(TValue).Name}.", nameof(type));
                }

                _items.Add((kind, type, getter, annotations));
            }

            /// <summary>Adds an annotation with a fixed value (vectors are copied, so later changes to
            /// <paramref name="value"/> do not leak in).</summary>
            /// <typeparam name="TValue">The raw type of <paramref name="type"/>.</typeparam>
            /// <param name="kind">The annotation kind.</param>
            /// <param name="type">The annotation type.</param>
            /// <param name="value">The value.</param>
            /// <param name="annotations">Annotations of the annotation; null means none.</param>
            public void Add<TValue>(string kind, DataViewType type, TValue value, Annotations? annotations = null)
            {
                var stored = value;
                ValueCopier<TValue>.Copy(in value, ref stored);
                Add(kind, type, (ref TValue dst) => ValueCopier<TValue>.Copy(in stored, ref dst), annotations);
            }

            /// <summary>Adds an annotation holding a primitive value.</summary>
            /// <typeparam name="TValue">The raw type of <paramref name="type"/>.</typeparam>
            /// <param name="kind">The annotation kind.</param>
            /// <param name="type">The primitive type.</param>
            /// <param name="value">The value.</param>
            /// <param name="annotations">Annotations of the annotation; null means none.</param>
            public void AddPrimitiveValue<TValue>(string kind, PrimitiveDataViewType type, TValue value, Annotations? annotations = null)
                => Add(kind, type, value, annotations);

            /// <summary>Adds the <c>SlotNames</c> annotation: one text name per vector slot.</summary>
            /// <param name="size">The vector size.</param>
            /// <param name="getter">Reads the names.</param>
            public void AddSlotNames(int size, ValueGetter<VBuffer<ReadOnlyMemory<char>>> getter)
                => Add(AnnotationUtils.Kinds.SlotNames, new VectorDataViewType(TextDataViewType.Instance, size), getter);

            /// <summary>Adds the <c>KeyValues</c> annotation: the value of each key, in key order.</summary>
            /// <typeparam name="TValue">The raw type of <paramref name="valueType"/>.</typeparam>
            /// <param name="size">The key count.</param>
            /// <param name="valueType">The type of the values.</param>
            /// <param name="getter">Reads the values.</param>
            public void AddKeyValues<TValue>(int size, PrimitiveDataViewType valueType, ValueGetter<VBuffer<TValue>> getter)
                => Add(AnnotationUtils.Kinds.KeyValues, new VectorDataViewType(valueType, size), getter);

            /// <summary>Creates the annotations. A later kind replaces an earlier one with the same name.</summary>
            /// <returns>The annotations.</returns>
            public Annotations ToAnnotations()
            {
                var last = new Dictionary<string, int>(StringComparer.Ordinal);
                for (int i = 0; i < _items.Count; i++)
                {
                    last[_items[i].Kind] = i;
                }

                var columns = new List<DetachedColumn>();
                var getters = new List<Delegate>();
                for (int i = 0; i < _items.Count; i++)
                {
                    if (last[_items[i].Kind] == i)
                    {
                        columns.Add(new DetachedColumn(_items[i].Kind, _items[i].Type, _items[i].Annotations));
                        getters.Add(_items[i].Getter);
                    }
                }

                return columns.Count == 0 ? Empty : new Annotations(DataViewSchema.Create(columns), getters.ToArray());
            }
        }
    }
}
