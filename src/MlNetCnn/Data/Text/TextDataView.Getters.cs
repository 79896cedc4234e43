namespace MlNetCnn.Data;

internal sealed partial class TextDataView
{
    private sealed partial class Cursor
    {
        private delegate T CellReader<T>(int field);

        private Delegate MakeGetter(TextLoader.ColumnSpec spec)
        {
            var raw = spec.ItemType.RawType;
            if (spec.ItemType is KeyDataViewType key)
            {
                return raw == typeof(uint) ? Make(spec, KeyReader<uint>(spec, key, v => (uint)v))
                    : raw == typeof(ulong) ? Make(spec, KeyReader<ulong>(spec, key, v => v))
                    : raw == typeof(ushort) ? Make(spec, KeyReader<ushort>(spec, key, v => (ushort)v))
                    : Make(spec, KeyReader<byte>(spec, key, v => (byte)v));
            }

            if (raw == typeof(float))
            {
                return Make<float>(spec, f =>
                {
                    var cell = _splitter.GetField(_line, f);
                    if (NumberParsing.IsMissing(cell))
                    {
                        return float.NaN;
                    }

                    if (!NumberParsing.TryParseSingle(cell, out float v))
                    {
                        Warn(f, spec, cell);
                        return float.NaN;
                    }

                    return v;
                });
            }

            if (raw == typeof(double))
            {
                return Make<double>(spec, f =>
                {
                    var cell = _splitter.GetField(_line, f);
                    if (NumberParsing.IsMissing(cell))
                    {
                        return double.NaN;
                    }

                    if (!NumberParsing.TryParseDouble(cell, out double v))
                    {
                        Warn(f, spec, cell);
                        return double.NaN;
                    }

                    return v;
                });
            }

            if (raw == typeof(ReadOnlyMemory<char>))
            {
                return Make(spec, f => _splitter.GetFieldMemory(_line, f));
            }

            if (raw == typeof(bool))
            {
                return Make(spec, f =>
                {
                    var cell = _splitter.GetField(_line, f);
                    if (NumberParsing.IsMissing(cell))
                    {
                        return false;
                    }

                    return NumberParsing.TryParseBoolean(cell, out bool v) ? v : throw BadCell(f, spec, cell);
                });
            }

            return raw switch
            {
                Type t when t == typeof(int) => Make(spec, SignedReader(spec, int.MinValue, int.MaxValue, v => (int)v)),
                Type t when t == typeof(long) => Make(spec, SignedReader(spec, long.MinValue, long.MaxValue, v => v)),
                Type t when t == typeof(short) => Make(spec, SignedReader(spec, short.MinValue, short.MaxValue, v => (short)v)),
                Type t when t == typeof(sbyte) => Make(spec, SignedReader(spec, sbyte.MinValue, sbyte.MaxValue, v => (sbyte)v)),
                Type t when t == typeof(uint) => Make(spec, UnsignedReader(spec, uint.MaxValue, v => (uint)v)),
                Type t when t == typeof(ulong) => Make(spec, UnsignedReader(spec, ulong.MaxValue, v => v)),
                Type t when t == typeof(ushort) => Make(spec, UnsignedReader(spec, ushort.MaxValue, v => (ushort)v)),
                Type t when t == typeof(byte) => Make(spec, UnsignedReader(spec, byte.MaxValue, v => (byte)v)),
                _ => throw new NotSupportedException($"Column '{spec.Name}': the text loader cannot read {spec.ItemType} values."),
            };
        }

        private CellReader<T> SignedReader<T>(TextLoader.ColumnSpec spec, long min, long max, Func<long, T> convert)
            => f =>
            {
                var cell = _splitter.GetField(_line, f);
                if (NumberParsing.IsMissing(cell))
                {
                    return default!;
                }

                return NumberParsing.TryParseInt64(cell, min, max, out long v) ? convert(v) : throw BadCell(f, spec, cell);
            };

        private CellReader<T> UnsignedReader<T>(TextLoader.ColumnSpec spec, ulong max, Func<ulong, T> convert)
            => f =>
            {
                var cell = _splitter.GetField(_line, f);
                if (NumberParsing.IsMissing(cell))
                {
                    return default!;
                }

                return NumberParsing.TryParseUInt64(cell, max, out ulong v) ? convert(v) : throw BadCell(f, spec, cell);
            };

        private CellReader<T> KeyReader<T>(TextLoader.ColumnSpec spec, KeyDataViewType key, Func<ulong, T> convert)
            => f =>
            {
                var cell = _splitter.GetField(_line, f);
                if (NumberParsing.IsMissing(cell))
                {
                    return default!;
                }

                if (!NumberParsing.TryParseUInt64(cell, ulong.MaxValue, out ulong v))
                {
                    throw BadCell(f, spec, cell);
                }

                if (v >= key.Count)
                {
                    Warn(f, spec, cell);
                    return default!;
                }

                return convert(v + 1);
            };

        private Delegate Make<T>(TextLoader.ColumnSpec spec, CellReader<T> read)
        {
            if (spec.Type is not VectorDataViewType vec)
            {
                int field = spec.Ranges[0].Min;
                return (ValueGetter<T>)((ref T value) =>
                {
                    CheckOnRow();
                    value = read(field);
                });
            }

            var ranges = spec.Ranges;
            if (vec.IsKnownSize)
            {
                int size = vec.Size;
                return (ValueGetter<VBuffer<T>>)((ref VBuffer<T> value) =>
                {
                    CheckOnRow();
                    var editor = VBufferEditor.Create(ref value, size);
                    var values = editor.Values;
                    int k = 0;
                    foreach (var (min, max) in ranges)
                    {
                        for (int f = min; f <= max!.Value; f++)
                        {
                            values[k++] = read(f);
                        }
                    }

                    value = editor.Commit();
                });
            }

            return (ValueGetter<VBuffer<T>>)((ref VBuffer<T> value) =>
            {
                CheckOnRow();
                int count = 0;
                foreach (var (min, max) in ranges)
                {
                    int last = max ?? (_splitter.Count - 1);
                    count += Math.Max(0, last - min + 1);
                }

                var editor = VBufferEditor.Create(ref value, count);
                int k = 0;
                foreach (var (min, max) in ranges)
                {
                    int last = max ?? (_splitter.Count - 1);
                    for (int f = min; f <= last; f++)
                    {
                        editor.Values[k++] = read(f);
                    }
                }

                value = editor.Commit();
            });
        }
    }
}
