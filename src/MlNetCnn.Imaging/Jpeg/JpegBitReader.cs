namespace MlNetCnn.Imaging;

/// <summary>Reads the bits of an entropy-coded JPEG segment, most significant first, removing the 0x00 stuffed
/// after each 0xFF data byte.</summary>
/// <remarks>
/// When the segment ends (a marker, or the end of the data) the reader supplies zero bits so that look-ahead is
/// always possible; consuming any of those supplied bits sets <see cref="Overrun"/>, which the scan decoder reports
/// as truncated or corrupt data. The reader never moves past a marker.
/// </remarks>
internal ref struct JpegBitReader
{
    private readonly ReadOnlySpan<byte> _data;
    private ulong _buffer;
    private int _count;
    private int _virtualBits;
    private bool _atMarker;

    public JpegBitReader(ReadOnlySpan<byte> data, int position)
    {
        _data = data;
        Position = position;
    }

    /// <summary>Offset of the next byte not yet taken into the bit buffer.</summary>
    public int Position { get; private set; }

    /// <summary>True once a bit beyond the end of the segment has been consumed.</summary>
    public bool Overrun { get; private set; }

    /// <summary>Makes at least 32 bits available.</summary>
    public void EnsureBits()
    {
        if (_count >= 32)
        {
            return;
        }

        while (_count <= 56)
        {
            if (_atMarker || Position >= _data.Length)
            {
                _count += 8;
                _virtualBits += 8;
                continue;
            }

            byte b = _data[Position];
            if (b == 0xFF)
            {
                if (Position + 1 >= _data.Length || _data[Position + 1] != 0)
                {
                    _atMarker = true;
                    continue;
                }

                Position += 2;
            }
            else
            {
                Position++;
            }

            _buffer |= (ulong)b << (56 - _count);
            _count += 8;
        }
    }

    /// <summary>The next <paramref name="n"/> bits (1..16) without consuming them; call
    /// <see cref="EnsureBits"/> first.</summary>
    public readonly int Peek(int n) => (int)(_buffer >> (64 - n));

    /// <summary>Consumes <paramref name="n"/> bits that were made available by <see cref="EnsureBits"/>.</summary>
    public void Skip(int n)
    {
        _buffer <<= n;
        _count -= n;
        if (_count < _virtualBits)
        {
            Overrun = true;
        }
    }

    /// <summary>Reads <paramref name="n"/> bits (0..16) as an unsigned number.</summary>
    public int ReadBits(int n)
    {
        if (n == 0)
        {
            return 0;
        }

        EnsureBits();
        int value = Peek(n);
        Skip(n);
        return value;
    }

    public int ReadBit() => ReadBits(1);

    /// <summary>Reads an <paramref name="n"/>-bit magnitude and sign-extends it (JPEG's RECEIVE and EXTEND).</summary>
    public int ReceiveExtend(int n)
    {
        if (n == 0)
        {
            return 0;
        }

        int value = ReadBits(n);
        return value < 1 << (n - 1) ? value - (1 << n) + 1 : value;
    }

    /// <summary>Drops buffered bits (the padding before a restart marker) and reads the marker that must follow.
    /// Returns the marker code (0xD0..0xD7 for RSTn), or -1 when no marker is there.</summary>
    public int ReadRestartMarker()
    {
        _buffer = 0;
        _count = 0;
        _virtualBits = 0;
        _atMarker = false;
        if (Position >= _data.Length || _data[Position] != 0xFF)
        {
            return -1;
        }

        while (Position < _data.Length && _data[Position] == 0xFF)
        {
            Position++;
        }

        if (Position >= _data.Length)
        {
            return -1;
        }

        return _data[Position++];
    }
}
