namespace MlNetCnn.Imaging;

/// <summary>A JPEG Huffman table (DHT): canonical codes of 1 to 16 bits, decoded with a 9-bit lookup table and
/// a per-length fallback.</summary>
internal sealed class JpegHuffmanTable
{
    private const int LookupBits = 9;

    /// <summary>For each 9-bit prefix: (code length &lt;&lt; 8) | symbol, or 0 when the code is longer.</summary>
    private readonly ushort[] _lookup = new ushort[1 << LookupBits];

    /// <summary>Largest code of each length (index 1..16), -1 when there is none.</summary>
    private readonly int[] _maxCode = new int[17];

    /// <summary>Symbol index minus first code, per length.</summary>
    private readonly int[] _valueOffset = new int[17];

    private readonly byte[] _symbols;

    private JpegHuffmanTable(byte[] symbols) => _symbols = symbols;

    /// <summary>Builds a table from the 16 code-length counts and the symbols of a DHT segment. Returns null (with a
    /// reason) when the counts are impossible: more than 256 symbols, or more codes of a length than fit (the
    /// all-ones code is reserved, as libjpeg enforces).</summary>
    public static JpegHuffmanTable? Build(ReadOnlySpan<byte> counts, ReadOnlySpan<byte> symbols, out string? problem)
    {
        var table = new JpegHuffmanTable(symbols.ToArray());
        int code = 0;
        int index = 0;
        for (int length = 1; length <= 16; length++)
        {
            int count = counts[length - 1];
            table._valueOffset[length] = index - code;
            for (int i = 0; i < count; i++, code++, index++)
            {
                if (code >= (1 << length) - 1)
                {
                    problem = $"more codes of length {length} than fit";
                    return null;
                }

                if (length <= LookupBits)
                {
                    int shift = LookupBits - length;
                    ushort entry = (ushort)(length << 8 | symbols[index]);
                    for (int fill = 0; fill < 1 << shift; fill++)
                    {
                        table._lookup[(code << shift) | fill] = entry;
                    }
                }
            }

            table._maxCode[length] = count > 0 ? code - 1 : -1;
            code <<= 1;
        }

        problem = null;
        return table;
    }

    /// <summary>Decodes one symbol, or returns -1 for a bit pattern that is not a code of this table.</summary>
    public int Decode(ref JpegBitReader reader)
    {
        reader.EnsureBits();
        int entry = _lookup[reader.Peek(LookupBits)];
        if (entry != 0)
        {
            reader.Skip(entry >> 8);
            return entry & 0xFF;
        }

        int bits = reader.Peek(16);
        for (int length = LookupBits + 1; length <= 16; length++)
        {
            int code = bits >> (16 - length);
            if (code <= _maxCode[length])
            {
                reader.Skip(length);
                return _symbols[_valueOffset[length] + code];
            }
        }

        return -1;
    }
}
