using MlNetCnn.Data;

namespace MlNetCnn;

/// <summary>
/// The lazy output of a multiclass prediction transformer over a whole data view. When <c>Score</c> or
/// <c>PredictedLabel</c> is read, the cursor reads ahead a batch of input rows (copying the values of the other
/// active columns), scores the batch in one call, then serves the rows one by one. Otherwise it is a plain
/// row-by-row pass-through.
/// </summary>
internal sealed class BatchScoringDataView : IDataView
{
    private readonly IDataView _source;
    private readonly MulticlassScoringMapper _mapper;
    private readonly IMulticlassScoringModel _model;

    public BatchScoringDataView(IDataView source, MulticlassScoringMapper mapper, IMulticlassScoringModel model)
    {
        _source = source;
        _mapper = mapper;
        _model = model;
    }

    public bool CanShuffle => _source.CanShuffle;

    public DataViewSchema Schema => _mapper.OutputSchema;

    public long? GetRowCount() => _source.GetRowCount();

    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null)
    {
        ArgumentNullException.ThrowIfNull(columnsNeeded);
        var needed = columnsNeeded.ToArray();
        var active = RowHelpers.GetActiveMask(Schema, needed);
        if (!active[_mapper.ScoreIndex] && !active[_mapper.PredictedLabelIndex])
        {
            return new RowToRowMappedDataView(_source, _mapper).GetRowCursor(needed, rand);
        }

        var inputs = _mapper.GetDependencies(needed).ToArray();
        return new Cursor(this, _source.GetRowCursor(inputs, rand), active);
    }

    public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null)
        => new[] { GetRowCursor(columnsNeeded, rand) };

    private sealed class Cursor : DataViewRowCursor
    {
        private readonly BatchScoringDataView _parent;
        private readonly DataViewRowCursor _input;
        private readonly bool[] _active;
        private readonly RowBuffer?[] _buffers;
        private readonly RowBuffer<DataViewRowId> _ids;
        private readonly FeatureReader _features;
        private readonly int _batch;
        private readonly int _featureSize;
        private readonly int _classes;
        private readonly float[] _featureData;
        private readonly float[] _scores;
        private int _filled;
        private int _index = -1;
        private long _position = -1;

        public Cursor(BatchScoringDataView parent, DataViewRowCursor input, bool[] active)
        {
            _parent = parent;
            _input = input;
            _active = active;
            var model = parent._model;
            _batch = Math.Max(1, model.PreferredBatchSize);
            _featureSize = model.FeatureSize;
            _classes = model.ClassCount;
            _featureData = new float[_batch * _featureSize];
            _scores = new float[_batch * _classes];
            _features = ScoringFeatures.CreateReader(model, input, parent._mapper.Feature);
            var inputSchema = parent._mapper.InputSchema;
            _buffers = new RowBuffer?[inputSchema.Count];
            for (int i = 0; i < inputSchema.Count; i++)
            {
                if (active[i])
                {
                    _buffers[i] = RowBuffer.Create(input, inputSchema[i], _batch);
                }
            }

            _ids = new RowBuffer<DataViewRowId>(input.GetIdGetter(), _batch);
        }

        public override long Position => _position;

        public override long Batch => 0;

        public override DataViewSchema Schema => _parent.Schema;

        public override bool MoveNext()
        {
            if (_index + 1 < _filled)
            {
                _index++;
                _position++;
                return true;
            }

            _filled = 0;
            while (_filled < _batch && _input.MoveNext())
            {
                foreach (var b in _buffers)
                {
                    b?.Store(_filled);
                }

                _ids.Store(_filled);
                _features(_featureData.AsSpan(_filled * _featureSize, _featureSize));
                _filled++;
            }

            if (_filled == 0)
            {
                _index = -1;
                _position = -1;
                return false;
            }

            _parent._model.Score(_featureData.AsSpan(0, _filled * _featureSize), _scores.AsSpan(0, _filled * _classes), _filled);
            _index = 0;
            _position++;
            return true;
        }

        public override ValueGetter<DataViewRowId> GetIdGetter() => (ValueGetter<DataViewRowId>)_ids.MakeGetter(() => _index);

        public override bool IsColumnActive(DataViewSchema.Column column)
        {
            Schema.CheckColumn(column, nameof(column));
            return _active[column.Index];
        }

        public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
        {
            Schema.CheckColumn(column, nameof(column));
            if (!_active[column.Index])
            {
                return RowHelpers.CastGetter<TValue>(null, column);
            }

            var mapper = _parent._mapper;
            Delegate getter;
            if (column.Index == mapper.ScoreIndex)
            {
                getter = (ValueGetter<VBuffer<float>>)((ref VBuffer<float> dst) =>
                {
                    var editor = VBufferEditor.Create(ref dst, _classes);
                    CurrentScores().CopyTo(editor.Values);
                    dst = editor.Commit();
                });
            }
            else if (column.Index == mapper.PredictedLabelIndex)
            {
                getter = (ValueGetter<uint>)((ref uint dst) => dst = MulticlassScoringMapper.PredictedKey(CurrentScores()));
            }
            else
            {
                getter = _buffers[column.Index]!.MakeGetter(() => _index);
            }

            return RowHelpers.CastGetter<TValue>(getter, column);
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _input.Dispose();
            }

            base.Dispose(disposing);
        }

        private ReadOnlySpan<float> CurrentScores()
        {
            if (_index < 0)
            {
                throw new InvalidOperationException("The cursor is not on a row: call MoveNext first.");
            }

            return _scores.AsSpan(_index * _classes, _classes);
        }
    }
}

/// <summary>Holds the values of one column for a batch of rows read ahead.</summary>
internal abstract class RowBuffer
{
    /// <summary>Copies the current value of the source into slot <paramref name="slot"/>.</summary>
    public abstract void Store(int slot);

    /// <summary>Creates a getter returning the value of slot <paramref name="index"/>().</summary>
    public abstract Delegate MakeGetter(Func<int> index);

    /// <summary>Creates the buffer of a column of <paramref name="row"/>.</summary>
    public static RowBuffer Create(DataViewRow row, DataViewSchema.Column column, int capacity)
        => (RowBuffer)typeof(RowBuffer).GetMethod(nameof(CreateTyped), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!
            .MakeGenericMethod(column.Type.RawType)
            .Invoke(null, new object[] { row, column, capacity })!;

    private static RowBuffer CreateTyped<T>(DataViewRow row, DataViewSchema.Column column, int capacity)
        => new RowBuffer<T>(row.GetGetter<T>(column), capacity);
}

/// <summary>The typed <see cref="RowBuffer"/>: values are deep-copied in and out.</summary>
internal sealed class RowBuffer<T>(ValueGetter<T> source, int capacity) : RowBuffer
{
    private readonly T[] _values = new T[capacity];
    private T _scratch = default!;

    public override void Store(int slot)
    {
        source(ref _scratch);
        ValueCopier<T>.Copy(in _scratch, ref _values[slot]);
    }

    public override Delegate MakeGetter(Func<int> index)
        => (ValueGetter<T>)((ref T dst) =>
        {
            int i = index();
            if (i < 0)
            {
                throw new InvalidOperationException("The cursor is not on a row: call MoveNext first.");
            }

            ValueCopier<T>.Copy(in _values[i], ref dst);
        });
}
