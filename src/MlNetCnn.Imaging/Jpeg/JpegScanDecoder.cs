namespace MlNetCnn.Imaging;

/// <summary>The parameters of one scan (SOS): its components, their tables, spectral selection and successive
/// approximation.</summary>
internal sealed class JpegScan
{
    public required JpegComponent[] Components { get; init; }

    public required JpegHuffmanTable?[] DcTables { get; init; }

    public required JpegHuffmanTable?[] AcTables { get; init; }

    /// <summary>First coefficient (zig-zag index) coded in the scan.</summary>
    public int Ss { get; init; }

    /// <summary>Last coefficient (zig-zag index) coded in the scan.</summary>
    public int Se { get; init; }

    /// <summary>Bit position of the previous scan of these coefficients (0 for a first scan).</summary>
    public int Ah { get; init; }

    /// <summary>Bit position (point transform) of this scan.</summary>
    public int Al { get; init; }

    /// <summary>1-based scan number, for messages.</summary>
    public int Number { get; init; }
}

/// <summary>Decodes the entropy-coded segment of one scan into the components' coefficient arrays: baseline
/// sequential blocks, or the four kinds of progressive scan (DC first, DC refinement, AC first, AC refinement).
/// Handles MCU order, restart intervals and end-of-band runs.</summary>
internal sealed partial class JpegScanDecoder
{
    /// <summary>Natural (row-major) index of each zig-zag position.</summary>
    public static readonly byte[] ZigZag =
    [
        0, 1, 8, 16, 9, 2, 3, 10, 17, 24, 32, 25, 18, 11, 4, 5,
        12, 19, 26, 33, 40, 48, 41, 34, 27, 20, 13, 6, 7, 14, 21, 28,
        35, 42, 49, 56, 57, 50, 43, 36, 29, 22, 15, 23, 30, 37, 44, 51,
        58, 59, 52, 45, 38, 31, 39, 46, 53, 60, 61, 54, 47, 55, 62, 63,
    ];

    private readonly JpegFrame _frame;
    private readonly JpegScan _scan;
    private readonly DecodeContext _context;
    private int _endOfBandRun;

    private JpegScanDecoder(JpegFrame frame, JpegScan scan, DecodeContext context)
    {
        _frame = frame;
        _scan = scan;
        _context = context;
    }

    /// <summary>Decodes the scan whose entropy-coded data starts at <paramref name="position"/>; returns the offset
    /// where the data was left (at or before the marker that ends the scan).</summary>
    public static int Decode(
        ReadOnlySpan<byte> data, int position, JpegFrame frame, JpegScan scan, int restartInterval,
        DecodeContext context)
    {
        var decoder = new JpegScanDecoder(frame, scan, context);
        var reader = new JpegBitReader(data, position);
        decoder.DecodeAll(ref reader, restartInterval);
        return reader.Position;
    }

    private void DecodeAll(ref JpegBitReader reader, int restartInterval)
    {
        JpegComponent[] components = _scan.Components;
        bool single = components.Length == 1;
        JpegComponent first = components[0];
        long mcuCount = single
            ? (long)first.BlocksPerLine * first.BlocksPerColumn
            : (long)_frame.McusPerLine * _frame.McusPerColumn;
        ResetPredictors();
        int expectedRestart = 0;
        for (long mcu = 0; mcu < mcuCount; mcu++)
        {
            if (restartInterval > 0 && mcu > 0 && mcu % restartInterval == 0)
            {
                int marker = reader.ReadRestartMarker();
                if (marker != 0xD0 + expectedRestart)
                {
                    string found = marker < 0 ? "no marker" : $"marker 0x{marker:X2}";
                    throw _context.Fail(
                        $"expected restart marker RST{expectedRestart} before MCU {mcu} of scan {_scan.Number}, " +
                        $"found {found} at offset {reader.Position}");
                }

                expectedRestart = (expectedRestart + 1) & 7;
                ResetPredictors();
            }

            if (single)
            {
                int row = (int)(mcu / first.BlocksPerLine);
                int column = (int)(mcu % first.BlocksPerLine);
                DecodeBlock(ref reader, 0, first.Block(row, column));
            }
            else
            {
                int mcuRow = (int)(mcu / _frame.McusPerLine);
                int mcuColumn = (int)(mcu % _frame.McusPerLine);
                for (int i = 0; i < components.Length; i++)
                {
                    JpegComponent c = components[i];
                    for (int v = 0; v < c.V; v++)
                    {
                        for (int h = 0; h < c.H; h++)
                        {
                            DecodeBlock(ref reader, i, c.Block(mcuRow * c.V + v, mcuColumn * c.H + h));
                        }
                    }
                }
            }

            if (reader.Overrun)
            {
                throw _context.Fail(
                    $"entropy-coded data of scan {_scan.Number} ends inside MCU {mcu} of {mcuCount} " +
                    $"(truncated or corrupt data near offset {reader.Position})");
            }
        }
    }

    private void ResetPredictors()
    {
        foreach (JpegComponent c in _scan.Components)
        {
            c.DcPredictor = 0;
        }

        _endOfBandRun = 0;
    }

    private void DecodeBlock(ref JpegBitReader reader, int index, Span<short> block)
    {
        if (!_frame.Progressive)
        {
            DecodeBaseline(ref reader, index, block);
        }
        else if (_scan.Ss == 0)
        {
            if (_scan.Ah == 0)
            {
                DecodeDcFirst(ref reader, index, block);
            }
            else if (reader.ReadBit() != 0)
            {
                block[0] |= (short)(1 << _scan.Al);
            }
        }
        else if (_scan.Ah == 0)
        {
            DecodeAcFirst(ref reader, block);
        }
        else
        {
            DecodeAcRefine(ref reader, block);
        }
    }

    private int DecodeDcDifference(ref JpegBitReader reader, int index)
    {
        int size = _scan.DcTables[index]!.Decode(ref reader);
        if (size < 0)
        {
            throw BadCode("DC");
        }

        if (size > 15)
        {
            throw _context.Fail($"DC difference of {size} bits in scan {_scan.Number} (at most 15 are possible)");
        }

        return reader.ReceiveExtend(size);
    }

    private int DecodeAcSymbol(ref JpegBitReader reader, JpegHuffmanTable table)
    {
        int symbol = table.Decode(ref reader);
        if (symbol < 0)
        {
            throw BadCode("AC");
        }

        return symbol;
    }

    private void DecodeBaseline(ref JpegBitReader reader, int index, Span<short> block)
    {
        JpegComponent component = _scan.Components[index];
        component.DcPredictor += DecodeDcDifference(ref reader, index);
        block[0] = (short)component.DcPredictor;
        JpegHuffmanTable ac = _scan.AcTables[index]!;
        for (int k = 1; k < 64; k++)
        {
            int symbol = DecodeAcSymbol(ref reader, ac);
            int run = symbol >> 4;
            int size = symbol & 15;
            if (size == 0)
            {
                if (run != 15)
                {
                    break;
                }

                k += 15;
                continue;
            }

            k += run;
            if (k > 63)
            {
                throw CoefficientOverflow(k);
            }

            block[ZigZag[k]] = (short)reader.ReceiveExtend(size);
        }
    }

    private void DecodeDcFirst(ref JpegBitReader reader, int index, Span<short> block)
    {
        JpegComponent component = _scan.Components[index];
        component.DcPredictor += DecodeDcDifference(ref reader, index);
        block[0] = (short)(component.DcPredictor << _scan.Al);
    }

    private ImageFormatException BadCode(string kind) =>
        _context.Fail($"bad Huffman code in the {kind} data of scan {_scan.Number} (corrupt data or bad Huffman table)");

    private ImageFormatException CoefficientOverflow(int k) =>
        _context.Fail($"AC run reaches coefficient {k} in scan {_scan.Number}, beyond the end of the block");
}
