using MlNetCnn.Data;

namespace MlNetCnn;

/// <summary>
/// The view returned by <see cref="DataOperationsCatalog.ShuffleRows"/>: rows in a pseudo-random order.
/// </summary>
/// <remarks>
/// Each cursor draws its order from the <c>rand</c> passed to <see cref="GetRowCursor"/> or, when none is passed,
/// from a new generator seeded with the view's seed, so every plain pass over the view gives the same order.
/// When <c>shuffleSource</c> is set and the source can shuffle, the source is asked for a random order first. If the
/// source holds its rows in memory (a cache or an in-memory list) that order is a full uniform permutation and no pool
/// is used; otherwise rows go through a pool of <c>poolSize</c> rows from which the next row is drawn uniformly and
/// replaced by the next source row.
/// </remarks>
internal sealed class ShuffleDataView : IDataView
{
    private readonly IDataView _source;
    private readonly int _seed;
    private readonly int _poolSize;
    private readonly bool _shuffleSource;

    public ShuffleDataView(IDataView source, int seed, int poolSize, bool shuffleSource)
    {
        _source = source;
        _seed = seed;
        _poolSize = poolSize;
        _shuffleSource = shuffleSource;
    }

    public bool CanShuffle => true;

    public DataViewSchema Schema => _source.Schema;

    public long? GetRowCount() => _source.GetRowCount();

    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null)
    {
        var needed = columnsNeeded.ToArray();
        var random = rand ?? new Random(_seed);
        bool inMemory = _source is InMemoryDataView or CacheDataView;
        if (_shuffleSource && _source.CanShuffle && inMemory)
        {
            return _source.GetRowCursor(needed, new Random(random.Next()));
        }

        var input = _shuffleSource && _source.CanShuffle
            ? _source.GetRowCursor(needed, new Random(random.Next()))
            : _source.GetRowCursor(needed);
        return _poolSize <= 1 ? input : new PoolCursor(input, needed, _poolSize, random);
    }

    public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null)
        => new[] { GetRowCursor(columnsNeeded, rand) };

    private sealed class PoolCursor : DataViewRowCursor
    {
        private readonly DataViewRowCursor _input;
        private readonly Random _random;
        private readonly int _capacity;
        private readonly ColumnStore?[] _stores;
        private readonly Action<int>[] _writers;
        private readonly Delegate?[] _getters;
        private readonly ValueGetter<DataViewRowId> _inputId;
        private DataViewRowId[] _ids;
        private int _filled;
        private int _current;
        private bool _inputDone;
        private long _position = -1;

        public PoolCursor(DataViewRowCursor input, DataViewSchema.Column[] needed, int capacity, Random random)
        {
            _input = input;
            _random = random;
            _capacity = capacity;
            _inputId = input.GetIdGetter();
            _ids = new DataViewRowId[Math.Min(capacity, 1024) + 1];
            var schema = input.Schema;
            _stores = new ColumnStore?[schema.Count];
            _getters = new Delegate?[schema.Count];
            var writers = new List<Action<int>>();
            foreach (var c in needed)
            {
                if (_stores[c.Index] != null)
                {
                    continue;
                }

                var store = ColumnStore.Create(c.Type);
                _stores[c.Index] = store;
                writers.Add(store.CreateWriter(input, c));

                // Slot '_current' (just after the pool) holds the row being returned, so pool slots can be refilled
                // immediately.
                _getters[c.Index] = store.CreateGetter(() => _current);
            }

            _writers = writers.ToArray();
        }

        public override long Position => _position;

        public override long Batch => 0;

        public override DataViewSchema Schema => _input.Schema;

        public override bool MoveNext()
        {
            if (_position == -1 && _filled == 0 && !_inputDone)
            {
                while (_filled < _capacity && _input.MoveNext())
                {
                    Write(_filled++);
                }

                _inputDone = _filled < _capacity;
                _current = _filled;
                Array.Resize(ref _ids, _current + 1);
                foreach (var store in _stores)
                {
                    store?.EnsureCount(_current + 1);
                }
            }

            if (_filled == 0)
            {
                _position = -1;
                return false;
            }

            int pick = _random.Next(_filled);
            CopyRow(pick, _current);
            if (!_inputDone && _input.MoveNext())
            {
                Write(pick);
            }
            else
            {
                _inputDone = true;
                _filled--;
                if (pick != _filled)
                {
                    CopyRow(_filled, pick);
                }
            }

            _position++;
            return true;
        }

        public override ValueGetter<DataViewRowId> GetIdGetter()
            => (ref DataViewRowId id) => id = _position >= 0 ? _ids[_current] : throw new InvalidOperationException("The cursor is not on a row.");

        public override bool IsColumnActive(DataViewSchema.Column column)
        {
            Schema.CheckColumn(column, nameof(column));
            return _getters[column.Index] != null;
        }

        public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
        {
            Schema.CheckColumn(column, nameof(column));
            return RowHelpers.CastGetter<TValue>(_getters[column.Index], column);
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _input.Dispose();
            }

            base.Dispose(disposing);
        }

        private void Write(int slot)
        {
            if (slot >= _ids.Length)
            {
                Array.Resize(ref _ids, (int)Math.Min((long)_capacity + 1, 2L * _ids.Length));
            }

            _inputId(ref _ids[slot]);
            foreach (var w in _writers)
            {
                w(slot);
            }
        }

        private void CopyRow(int from, int to)
        {
            _ids[to] = _ids[from];
            foreach (var s in _stores)
            {
                s?.CopyRow(from, to);
            }
        }
    }
}
