using System.Buffers;

namespace MlNetCnn.Data;

/// <summary>Splits one text line into fields without allocating (except for quoted fields that contain escaped
/// quotes). Field i is <see cref="GetField"/>(line, i).</summary>
internal sealed class LineSplitter
{
    private readonly SearchValues<char> _separators;
    private readonly char _singleSeparator;
    private readonly bool _single;
    private readonly bool _quoting;
    private readonly bool _trim;
    private readonly bool _trimTabs;
    private int[] _starts = new int[64];
    private int[] _lengths = new int[64];
    private string?[] _unescaped = new string?[64];
    private bool _anyUnescaped;

    public LineSplitter(TextLoader.Options options)
    {
        _separators = SearchValues.Create(options.Separators);
        _single = options.Separators.Length == 1;
        _singleSeparator = options.Separators[0];
        _quoting = options.AllowQuoting;
        _trim = options.TrimWhitespace;
        _trimTabs = !options.Separators.Contains('\t');
    }

    /// <summary>The number of fields of the last split line.</summary>
    public int Count { get; private set; }

    /// <summary>The 0-based character offset where field i starts (for error messages).</summary>
    public int Start(int i) => _starts[i];

    /// <summary>Splits <paramref name="line"/>. Throws <see cref="FormatException"/> (without location; the caller
    /// adds it) when a quoted field is not closed.</summary>
    public void Split(string line)
    {
        if (_anyUnescaped)
        {
            Array.Clear(_unescaped, 0, Count);
            _anyUnescaped = false;
        }

        Count = 0;
        int end = line.Length;
        if (_trim)
        {
            while (end > 0 && IsTrimmable(line[end - 1]))
            {
                end--;
            }
        }

        var span = line.AsSpan(0, end);
        int pos = 0;
        while (true)
        {
            if (_quoting && TryQuoted(line, span, ref pos))
            {
                if (pos >= span.Length)
                {
                    return;
                }

                pos++;
                continue;
            }

            var rest = span[pos..];
            int sep = _single ? rest.IndexOf(_singleSeparator) : rest.IndexOfAny(_separators);
            int len = sep < 0 ? rest.Length : sep;
            Add(span, pos, len, _trim);
            if (sep < 0)
            {
                return;
            }

            pos += sep + 1;
        }
    }

    /// <summary>Returns field <paramref name="i"/> of <paramref name="line"/> (empty when the row is short).</summary>
    public ReadOnlySpan<char> GetField(string line, int i)
    {
        if (i >= Count)
        {
            return ReadOnlySpan<char>.Empty;
        }

        return _unescaped[i] is string u ? u.AsSpan() : line.AsSpan(_starts[i], _lengths[i]);
    }

    /// <summary>Returns field <paramref name="i"/> as memory (slicing the line; no copy unless unescaped).</summary>
    public ReadOnlyMemory<char> GetFieldMemory(string line, int i)
    {
        if (i >= Count)
        {
            return ReadOnlyMemory<char>.Empty;
        }

        return _unescaped[i] is string u ? u.AsMemory() : line.AsMemory(_starts[i], _lengths[i]);
    }

    private bool TryQuoted(string line, ReadOnlySpan<char> span, ref int pos)
    {
        int p = pos;
        while (p < span.Length && IsTrimmable(span[p]))
        {
            p++;
        }

        if (p >= span.Length || span[p] != '"')
        {
            return false;
        }

        int contentStart = p + 1;
        int q = contentStart;
        bool escaped = false;
        while (true)
        {
            int close = span[q..].IndexOf('"');
            if (close < 0)
            {
                throw new FormatException($"a quoted field starting at character {p + 1} is not closed");
            }

            q += close;
            if (q + 1 < span.Length && span[q + 1] == '"')
            {
                escaped = true;
                q += 2;
                continue;
            }

            break;
        }

        int index = Add(span, contentStart, q - contentStart, trim: false);
        if (escaped)
        {
            _unescaped[index] = line.Substring(contentStart, q - contentStart).Replace("\"\"", "\"", StringComparison.Ordinal);
            _anyUnescaped = true;
        }

        // Skip to the next separator; only whitespace may follow the closing quote.
        int after = q + 1;
        while (after < span.Length && !IsSeparator(span[after]))
        {
            if (!char.IsWhiteSpace(span[after]))
            {
                throw new FormatException($"unexpected '{span[after]}' after the closing quote at character {q + 1}");
            }

            after++;
        }

        pos = after;
        return true;
    }

    private bool IsSeparator(char c) => _single ? c == _singleSeparator : _separators.Contains(c);

    private bool IsTrimmable(char c) => c == ' ' || (c == '\t' && _trimTabs);

    private int Add(ReadOnlySpan<char> span, int start, int length, bool trim)
    {
        if (trim)
        {
            while (length > 0 && IsTrimmable(span[start]))
            {
                start++;
                length--;
            }

            while (length > 0 && IsTrimmable(span[start + length - 1]))
            {
                length--;
            }
        }

        if (Count == _starts.Length)
        {
            Array.Resize(ref _starts, Count * 2);
            Array.Resize(ref _lengths, Count * 2);
            Array.Resize(ref _unescaped, Count * 2);
        }

        _starts[Count] = start;
        _lengths[Count] = length;
        return Count++;
    }
}
