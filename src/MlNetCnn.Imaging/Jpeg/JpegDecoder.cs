namespace MlNetCnn.Imaging;

/// <summary>JPEG decoder: baseline and extended sequential (SOF0, SOF1) and progressive (SOF2) Huffman-coded
/// 8-bit images with 1 (gray) or 3 (YCbCr or RGB) components, sampling factors 1 to 4, restart intervals and EXIF
/// orientation.</summary>
/// <remarks>
/// <para>
/// Segments are parsed strictly: every length is checked against the data, tables must be defined before a scan
/// uses them, scans must be consistent with the frame, and the data must end with EOI. Extraneous bytes between a
/// scan and the next marker are skipped, as libjpeg does. Lossless, hierarchical, arithmetic-coded, 12-bit and
/// 4-component (CMYK / YCCK) images are refused with a message that says so.
/// </para>
/// <para>
/// All scans decode into per-component coefficient arrays; afterwards each block goes through
/// <see cref="JpegIdct"/>, chroma through <see cref="JpegUpsampler"/> and colour through
/// <see cref="JpegColorConverter"/>. Before the coefficient arrays are allocated the frame size is checked against the
/// limits and against the data left in the file (every coded block takes at least one bit).
/// </para>
/// </remarks>
internal sealed partial class JpegDecoder
{
    private readonly DecodeContext _context;
    private readonly ushort[]?[] _quantTables = new ushort[4][];
    private readonly JpegHuffmanTable?[] _dcTables = new JpegHuffmanTable[4];
    private readonly JpegHuffmanTable?[] _acTables = new JpegHuffmanTable[4];
    private JpegFrame? _frame;
    private int _restartInterval;
    private int _scanCount;
    private int _orientation = 1;
    private bool _sawExif;
    private int _adobeTransform = -1;

    private JpegDecoder(DecodeContext context) => _context = context;

    public static ImageFrame Decode(ReadOnlySpan<byte> data, DecodeContext context) =>
        new JpegDecoder(context).Run(data);

    private ImageFrame Run(ReadOnlySpan<byte> data)
    {
        int position = 2;
        while (true)
        {
            int markerOffset = position;
            int marker = ReadMarker(data, ref position);
            if (marker == 0xD9)
            {
                break;
            }

            if (marker == 0xD8)
            {
                throw _context.Fail($"unexpected second SOI marker at offset {markerOffset}");
            }

            if (marker is >= 0xD0 and <= 0xD7 || marker == 0x01)
            {
                // Stand-alone markers without a length; RSTn outside a scan carries nothing.
                continue;
            }

            ReadOnlySpan<byte> segment = ReadSegment(data, ref position, marker, markerOffset);
            switch (marker)
            {
                case 0xC0 or 0xC1 or 0xC2:
                    ParseFrame(segment, marker == 0xC2, data.Length - position);
                    break;
                case 0xC3 or 0xC5 or 0xC6 or 0xC7 or 0xCB or 0xCD or 0xCE or 0xCF:
                    throw _context.Fail($"lossless or hierarchical JPEG (SOF marker 0x{marker:X2}) is not supported");
                case 0xC9 or 0xCA:
                    throw _context.Fail("arithmetic-coded JPEG is not supported");
                case 0xC4:
                    ParseHuffmanTables(segment);
                    break;
                case 0xCC:
                    throw _context.Fail("arithmetic-coded JPEG (DAC segment) is not supported");
                case 0xDB:
                    ParseQuantTables(segment);
                    break;
                case 0xDD:
                    if (segment.Length != 2)
                    {
                        throw _context.Fail($"DRI segment has {segment.Length} bytes, expected 2");
                    }

                    _restartInterval = segment[0] << 8 | segment[1];
                    break;
                case 0xDA:
                    JpegScan scan = ParseScan(segment);
                    position = JpegScanDecoder.Decode(data, position, _frame!, scan, _restartInterval, _context);
                    position = SkipToMarker(data, position);
                    break;
                case 0xDC:
                    throw _context.Fail("DNL markers (height defined after the first scan) are not supported");
                case 0xE1 when !_sawExif && segment.StartsWith("Exif\0\0"u8):
                    _sawExif = true;
                    _orientation = ExifOrientationReader.Read(segment);
                    break;
                case 0xEE when segment.Length >= 12 && segment.StartsWith("Adobe"u8):
                    _adobeTransform = segment[11];
                    break;
                default:
                    // APPn, COM and other segments carry nothing the pixels depend on.
                    break;
            }
        }

        if (_frame is null)
        {
            throw _context.Fail("no frame header (SOF) before EOI");
        }

        if (_scanCount == 0)
        {
            throw _context.Fail("no scan (SOS) before EOI");
        }

        ImageFrame image = BuildImage(_frame);
        return _context.Options.ApplyExifOrientation ? Orientation.Apply(image, _orientation) : image;
    }

    /// <summary>Reads a marker at <paramref name="position"/> (0xFF fill bytes allowed before the code).</summary>
    private int ReadMarker(ReadOnlySpan<byte> data, ref int position)
    {
        if (position >= data.Length)
        {
            throw _context.Fail(
                _frame is null ? "the data ends before the frame header" : "missing EOI marker (file truncated?)");
        }

        if (data[position] != 0xFF)
        {
            throw _context.Fail($"expected a marker at offset {position}, found byte 0x{data[position]:X2}");
        }

        while (position < data.Length && data[position] == 0xFF)
        {
            position++;
        }

        if (position >= data.Length)
        {
            throw _context.Fail("missing EOI marker (file truncated?)");
        }

        int marker = data[position++];
        if (marker == 0)
        {
            throw _context.Fail($"invalid marker 0xFF00 at offset {position - 2}");
        }

        return marker;
    }

    private ReadOnlySpan<byte> ReadSegment(ReadOnlySpan<byte> data, ref int position, int marker, int markerOffset)
    {
        if (data.Length - position < 2)
        {
            throw _context.Fail($"truncated segment 0xFF{marker:X2} at offset {markerOffset}");
        }

        int length = data[position] << 8 | data[position + 1];
        if (length < 2)
        {
            throw _context.Fail($"segment 0xFF{marker:X2} at offset {markerOffset} declares length {length}");
        }

        if (length > data.Length - position)
        {
            throw _context.Fail(
                $"truncated segment 0xFF{marker:X2} at offset {markerOffset} (declared {length} bytes, " +
                $"{data.Length - position} present)");
        }

        ReadOnlySpan<byte> segment = data.Slice(position + 2, length - 2);
        position += length;
        return segment;
    }

    /// <summary>After a scan: skips bytes that are not a marker (libjpeg warns about "extraneous bytes").</summary>
    private static int SkipToMarker(ReadOnlySpan<byte> data, int position)
    {
        while (position < data.Length)
        {
            if (data[position] == 0xFF && position + 1 < data.Length && data[position + 1] != 0
                && data[position + 1] is not (>= 0xD0 and <= 0xD7))
            {
                return position;
            }

            position++;
        }

        return position;
    }

    private void ParseQuantTables(ReadOnlySpan<byte> segment)
    {
        int p = 0;
        while (p < segment.Length)
        {
            int precision = segment[p] >> 4;
            int index = segment[p] & 15;
            int size = precision == 0 ? 64 : 128;
            if (precision > 1 || index > 3)
            {
                throw _context.Fail($"bad DQT entry (precision {precision}, table {index})");
            }

            if (segment.Length - p - 1 < size)
            {
                throw _context.Fail($"truncated quantization table {index} in DQT");
            }

            var table = new ushort[64];
            for (int k = 0; k < 64; k++)
            {
                int value = precision == 0 ? segment[p + 1 + k] : segment[p + 1 + 2 * k] << 8 | segment[p + 2 + 2 * k];
                table[JpegScanDecoder.ZigZag[k]] = (ushort)value;
            }

            _quantTables[index] = table;
            p += 1 + size;
        }
    }

    private void ParseHuffmanTables(ReadOnlySpan<byte> segment)
    {
        int p = 0;
        while (p < segment.Length)
        {
            int tableClass = segment[p] >> 4;
            int index = segment[p] & 15;
            if (tableClass > 1 || index > 3)
            {
                throw _context.Fail($"bad Huffman table: class {tableClass}, index {index}");
            }

            if (segment.Length - p < 17)
            {
                throw _context.Fail("bad Huffman table: truncated DHT segment");
            }

            ReadOnlySpan<byte> counts = segment.Slice(p + 1, 16);
            int total = 0;
            foreach (byte count in counts)
            {
                total += count;
            }

            if (total > 256 || segment.Length - p - 17 < total)
            {
                throw _context.Fail($"bad Huffman table: {total} symbols declared, {segment.Length - p - 17} present");
            }

            ReadOnlySpan<byte> symbols = segment.Slice(p + 17, total);
            JpegHuffmanTable table = JpegHuffmanTable.Build(counts, symbols, out string? problem)
                ?? throw _context.Fail($"bad Huffman table ({(tableClass == 0 ? "DC" : "AC")} {index}): {problem}");
            (tableClass == 0 ? _dcTables : _acTables)[index] = table;
            p += 17 + total;
        }
    }
}
