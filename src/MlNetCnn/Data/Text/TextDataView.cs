using MlNetCnn.Runtime;

namespace MlNetCnn.Data;

/// <summary>The lazy data view of a <see cref="TextLoader"/> over some files.</summary>
internal sealed partial class TextDataView : IDataView
{
    private const int DetailedWarnings = 10;
    private readonly TextLoader _loader;
    private readonly IMultiStreamSource _source;

    public TextDataView(TextLoader loader, IMultiStreamSource source)
    {
        _loader = loader;
        _source = source;
    }

    public bool CanShuffle => false;

    public DataViewSchema Schema => _loader.Schema;

    public long? GetRowCount() => null;

    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null)
        => new Cursor(this, RowHelpers.GetActiveMask(Schema, columnsNeeded));

    public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null)
        => new[] { GetRowCursor(columnsNeeded, rand) };

    private sealed partial class Cursor : DataViewRowCursor
    {
        private readonly TextDataView _parent;
        private readonly LineSplitter _splitter;
        private readonly Delegate?[] _getters;
        private readonly long _maxRows;
        private TextReader? _reader;
        private int _fileIndex = -1;
        private long _lineNumber;
        private string _line = string.Empty;
        private long _position = -1;
        private bool _done;
        private long _warnings;

        public Cursor(TextDataView parent, bool[] active)
        {
            _parent = parent;
            _splitter = new LineSplitter(parent._loader.LoaderOptions);
            _maxRows = parent._loader.LoaderOptions.MaxRows ?? long.MaxValue;
            _getters = new Delegate?[active.Length];
            for (int i = 0; i < active.Length; i++)
            {
                if (active[i])
                {
                    _getters[i] = MakeGetter(parent._loader.Columns[i]);
                }
            }
        }

        public override long Position => _position;

        public override long Batch => 0;

        public override DataViewSchema Schema => _parent.Schema;

        private string CurrentPath => _parent._source.GetPathOrNull(_fileIndex) ?? $"stream {_fileIndex}";

        public override bool MoveNext()
        {
            if (_done)
            {
                return false;
            }

            if (_position + 1 >= _maxRows)
            {
                return Finish();
            }

            while (true)
            {
                if (_reader == null && !OpenNextFile())
                {
                    return Finish();
                }

                string? line = _reader!.ReadLine();
                if (line == null)
                {
                    _reader.Dispose();
                    _reader = null;
                    continue;
                }

                _lineNumber++;
                if (_lineNumber == 1 && _parent._loader.LoaderOptions.HasHeader)
                {
                    continue;
                }

                if (string.IsNullOrWhiteSpace(line))
                {
                    continue;
                }

                _line = line;
                try
                {
                    _splitter.Split(line);
                }
                catch (FormatException e)
                {
                    throw new FormatException($"{CurrentPath}: line {_lineNumber}: {e.Message}.", e);
                }

                _position++;
                return true;
            }
        }

        public override ValueGetter<DataViewRowId> GetIdGetter()
            => (ref DataViewRowId id) => id = RowHelpers.IdFromPosition(CheckOnRow());

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
                _reader?.Dispose();
                _reader = null;
            }

            base.Dispose(disposing);
        }

        private bool OpenNextFile()
        {
            if (_fileIndex + 1 >= _parent._source.Count)
            {
                return false;
            }

            _fileIndex++;
            _lineNumber = 0;
            try
            {
                _reader = _parent._source.OpenTextReader(_fileIndex);
            }
            catch (FileNotFoundException e)
            {
                throw new FileNotFoundException($"The data file '{CurrentPath}' does not exist.", CurrentPath, e);
            }

            return true;
        }

        private bool Finish()
        {
            _done = true;
            _position = -1;
            _reader?.Dispose();
            _reader = null;
            if (_warnings > DetailedWarnings)
            {
                _parent._loader.Environment.WriteLog(ChannelMessageKind.Warning, nameof(TextLoader), $"{_warnings} cells could not be parsed as numbers and were read as NaN ({_warnings - DetailedWarnings} not listed).");
            }

            return false;
        }

        private long CheckOnRow()
            => _position >= 0 ? _position : throw new InvalidOperationException("The cursor is not on a row: call MoveNext first (and check it returned true).");

        private void Warn(int field, TextLoader.ColumnSpec spec, ReadOnlySpan<char> cell)
        {
            _warnings++;
            if (_warnings <= DetailedWarnings)
            {
                _parent._loader.Environment.WriteLog(
                    ChannelMessageKind.Warning,
                    nameof(TextLoader),
                    $"{CurrentPath}: line {_lineNumber}, column {field} ('{spec.Name}'): '{cell.ToString()}' is not a number; read as missing.");
            }
        }

        private FormatException BadCell(int field, TextLoader.ColumnSpec spec, ReadOnlySpan<char> cell)
            => new($"{CurrentPath}: line {_lineNumber}, column {field} ('{spec.Name}'): cannot parse '{cell.ToString()}' as {spec.ItemType}.");
    }
}
