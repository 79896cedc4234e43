namespace MlNetCnn.Imaging;

/// <content>Frame and scan headers, and the final reconstruction of pixels from coefficients.</content>
internal sealed partial class JpegDecoder
{
    /// <summary>Real encoders write at most a few dozen scans (libjpeg's progressive script has 10).</summary>
    private const int MaxScans = 1000;

    private void ParseFrame(ReadOnlySpan<byte> segment, bool progressive, long bytesLeft)
    {
        if (_frame is not null)
        {
            throw _context.Fail("more than one frame header (SOF)");
        }

        if (segment.Length < 6)
        {
            throw _context.Fail($"SOF segment has {segment.Length} bytes, expected at least 6");
        }

        int precision = segment[0];
        int height = segment[1] << 8 | segment[2];
        int width = segment[3] << 8 | segment[4];
        int count = segment[5];
        if (precision != 8)
        {
            throw _context.Fail($"{precision}-bit samples are not supported (only 8-bit)");
        }

        if (height == 0)
        {
            throw _context.Fail("height 0 in SOF (defined later by DNL) is not supported");
        }

        _context.CheckDimensions(width, height);
        if (count == 4)
        {
            throw _context.Fail("4-component (CMYK or YCCK) JPEG is not supported");
        }

        if (count is not (1 or 3))
        {
            throw _context.Fail($"{count} components are not supported (expected 1 for gray or 3 for colour)");
        }

        if (segment.Length != 6 + 3 * count)
        {
            throw _context.Fail($"SOF segment has {segment.Length} bytes, expected {6 + 3 * count}");
        }

        var components = new JpegComponent[count];
        for (int i = 0; i < count; i++)
        {
            int p = 6 + 3 * i;
            int h = segment[p + 1] >> 4;
            int v = segment[p + 1] & 15;
            int quant = segment[p + 2];
            if (h is < 1 or > 4 || v is < 1 or > 4)
            {
                throw _context.Fail($"component {segment[p]} has sampling factors {h}x{v} (each must be 1..4)");
            }

            if (quant > 3)
            {
                throw _context.Fail($"component {segment[p]} uses quantization table {quant} (must be 0..3)");
            }

            for (int j = 0; j < i; j++)
            {
                if (components[j].Id == segment[p])
                {
                    throw _context.Fail($"component id {segment[p]} appears twice in SOF");
                }
            }

            // A single-component frame has no upsampling, whatever factors it declares.
            components[i] = new JpegComponent
            {
                Id = segment[p],
                H = count == 1 ? 1 : h,
                V = count == 1 ? 1 : v,
                QuantTableIndex = quant,
            };
        }

        var frame = new JpegFrame(width, height, progressive, components);
        foreach (JpegComponent c in components)
        {
            if (frame.MaxH % c.H != 0 || frame.MaxV % c.V != 0)
            {
                throw _context.Fail(
                    $"component {c.Id} has sampling {c.H}x{c.V}, not an integral fraction of {frame.MaxH}x{frame.MaxV}");
            }
        }

        // Every block that holds samples costs at least one bit of entropy-coded data.
        if (frame.CodedBlocks > bytesLeft * 8)
        {
            throw _context.Fail(
                $"declared {width}x{height} needs at least {(frame.CodedBlocks + 7) / 8} bytes of image data, " +
                $"only {bytesLeft} remain (truncated file or hostile header)");
        }

        frame.AllocateCoefficients();
        _frame = frame;
    }

    private JpegScan ParseScan(ReadOnlySpan<byte> segment)
    {
        JpegFrame frame = _frame ?? throw _context.Fail("scan (SOS) before the frame header (SOF)");
        _scanCount++;
        if (_scanCount > MaxScans)
        {
            // Progressive scans with end-of-band runs cost little data but touch every block; cap the work.
            throw _context.Fail($"more than {MaxScans} scans");
        }

        int count = segment.Length > 0 ? segment[0] : 0;
        if (count is < 1 or > 4 || segment.Length != 4 + 2 * count)
        {
            throw _context.Fail($"bad SOS segment in scan {_scanCount} ({segment.Length} bytes, {count} components)");
        }

        var components = new JpegComponent[count];
        var dcTables = new JpegHuffmanTable?[count];
        var acTables = new JpegHuffmanTable?[count];
        int p = 1 + 2 * count;
        int ss = segment[p];
        int se = segment[p + 1];
        int ah = segment[p + 2] >> 4;
        int al = segment[p + 2] & 15;
        ValidateSpectralSelection(frame, count, ss, se, ah, al);
        int blocksPerMcu = 0;
        for (int i = 0; i < count; i++)
        {
            int id = segment[1 + 2 * i];
            JpegComponent component = frame.Components.FirstOrDefault(c => c.Id == id)
                ?? throw _context.Fail($"scan {_scanCount} refers to component {id}, which the frame does not have");
            if (Array.IndexOf(components, component, 0, i) >= 0)
            {
                throw _context.Fail($"scan {_scanCount} lists component {id} twice");
            }

            components[i] = component;
            blocksPerMcu += component.H * component.V;
            int dc = segment[2 + 2 * i] >> 4;
            int ac = segment[2 + 2 * i] & 15;
            if (ss == 0 && ah == 0)
            {
                dcTables[i] = (dc < 4 ? _dcTables[dc] : null)
                    ?? throw _context.Fail($"scan {_scanCount} uses DC Huffman table {dc}, which is not defined");
            }

            if (se > 0)
            {
                acTables[i] = (ac < 4 ? _acTables[ac] : null)
                    ?? throw _context.Fail($"scan {_scanCount} uses AC Huffman table {ac}, which is not defined");
            }

            component.Quantization ??= _quantTables[component.QuantTableIndex]?.ToArray()
                ?? throw _context.Fail(
                    $"component {id} uses quantization table {component.QuantTableIndex}, which is not defined");
        }

        if (count > 1 && blocksPerMcu > 10)
        {
            throw _context.Fail($"scan {_scanCount} has {blocksPerMcu} blocks per MCU (at most 10 are allowed)");
        }

        return new JpegScan
        {
            Components = components,
            DcTables = dcTables,
            AcTables = acTables,
            Ss = ss,
            Se = se,
            Ah = ah,
            Al = al,
            Number = _scanCount,
        };
    }

    private void ValidateSpectralSelection(JpegFrame frame, int count, int ss, int se, int ah, int al)
    {
        if (!frame.Progressive)
        {
            if (ss != 0 || se != 63 || ah != 0 || al != 0)
            {
                throw _context.Fail(
                    $"sequential scan {_scanCount} has Ss={ss}, Se={se}, Ah={ah}, Al={al} (expected 0, 63, 0, 0)");
            }

            return;
        }

        bool valid = ss <= se && se <= 63 && al <= 13 && (ss > 0 || se == 0) && (ss == 0 || count == 1)
            && (ah == 0 || al == ah - 1);
        if (!valid)
        {
            throw _context.Fail(
                $"invalid progressive scan {_scanCount}: Ss={ss}, Se={se}, Ah={ah}, Al={al}, {count} component(s)");
        }
    }

    private ImageFrame BuildImage(JpegFrame frame)
    {
        int width = frame.Width;
        int height = frame.Height;
        var planes = new byte[frame.Components.Length][];
        for (int i = 0; i < frame.Components.Length; i++)
        {
            JpegComponent c = frame.Components[i];
            int stride = c.BlocksPerLine * 8;
            var samples = new byte[(long)stride * c.BlocksPerColumn * 8];
            ushort[] quant = c.Quantization ?? new ushort[64];
            for (int row = 0; row < c.BlocksPerColumn; row++)
            {
                for (int column = 0; column < c.BlocksPerLine; column++)
                {
                    JpegIdct.Transform(c.Block(row, column), quant, samples.AsSpan(row * 8 * stride + column * 8), stride);
                }
            }

            c.Coefficients = [];
            planes[i] = JpegUpsampler.Upsample(samples, stride, c, frame.MaxH / c.H, frame.MaxV / c.V, width, height);
        }

        if (planes.Length == 1)
        {
            return new ImageFrame(width, height, 1, planes[0]);
        }

        var rgb = new byte[(long)width * height * 3];
        if (IsRgb(frame))
        {
            JpegColorConverter.Interleave(planes[0], planes[1], planes[2], rgb);
        }
        else
        {
            JpegColorConverter.YCbCrToRgb(planes[0], planes[1], planes[2], rgb);
        }

        return new ImageFrame(width, height, 3, rgb);
    }

    /// <summary>libjpeg's rule: an Adobe marker with transform 0 means RGB; without one, component ids 'R', 'G',
    /// 'B' mean RGB; everything else is YCbCr.</summary>
    private bool IsRgb(JpegFrame frame)
    {
        if (_adobeTransform >= 0)
        {
            return _adobeTransform == 0;
        }

        JpegComponent[] c = frame.Components;
        return c[0].Id == 'R' && c[1].Id == 'G' && c[2].Id == 'B';
    }
}
