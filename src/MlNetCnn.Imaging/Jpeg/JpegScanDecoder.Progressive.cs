namespace MlNetCnn.Imaging;

/// <content>Progressive AC scans (ITU-T T.81 G.1.2): first scans with end-of-band runs, and refinement scans that
/// add one bit to coefficients already non-zero while placing newly non-zero ones.</content>
internal sealed partial class JpegScanDecoder
{
    private void DecodeAcFirst(ref JpegBitReader reader, Span<short> block)
    {
        if (_endOfBandRun > 0)
        {
            _endOfBandRun--;
            return;
        }

        JpegHuffmanTable ac = _scan.AcTables[0]!;
        int end = _scan.Se;
        int shift = _scan.Al;
        for (int k = _scan.Ss; k <= end; k++)
        {
            int symbol = DecodeAcSymbol(ref reader, ac);
            int run = symbol >> 4;
            int size = symbol & 15;
            if (size == 0)
            {
                if (run < 15)
                {
                    // EOBn: this block and the next 2^run - 1 + (run extra bits) blocks end here.
                    _endOfBandRun = (1 << run) - 1 + reader.ReadBits(run);
                    return;
                }

                k += 15;
                continue;
            }

            k += run;
            if (k > end)
            {
                throw CoefficientOverflow(k);
            }

            block[ZigZag[k]] = (short)(reader.ReceiveExtend(size) * (1 << shift));
        }
    }

    private void DecodeAcRefine(ref JpegBitReader reader, Span<short> block)
    {
        int end = _scan.Se;
        int positive = 1 << _scan.Al;
        int negative = -1 << _scan.Al;
        int k = _scan.Ss;
        if (_endOfBandRun == 0)
        {
            JpegHuffmanTable ac = _scan.AcTables[0]!;
            for (; k <= end; k++)
            {
                int symbol = DecodeAcSymbol(ref reader, ac);
                int zeros = symbol >> 4;
                int size = symbol & 15;
                int newValue = 0;
                if (size != 0)
                {
                    if (size != 1)
                    {
                        throw _context.Fail(
                            $"refinement scan {_scan.Number} codes a {size}-bit coefficient (only 1 is possible)");
                    }

                    newValue = reader.ReadBit() != 0 ? positive : negative;
                }
                else if (zeros != 15)
                {
                    _endOfBandRun = (1 << zeros) + reader.ReadBits(zeros);
                    break;
                }

                // Skip `zeros` coefficients that are still zero, refining the non-zero ones passed on the way.
                for (; k <= end; k++)
                {
                    int position = ZigZag[k];
                    if (block[position] != 0)
                    {
                        Refine(ref reader, ref block[position], positive, negative);
                    }
                    else
                    {
                        if (zeros == 0)
                        {
                            break;
                        }

                        zeros--;
                    }
                }

                if (newValue != 0)
                {
                    if (k > end)
                    {
                        throw CoefficientOverflow(k);
                    }

                    block[ZigZag[k]] = (short)newValue;
                }
            }
        }

        if (_endOfBandRun > 0)
        {
            // The rest of the band holds no new coefficients, only correction bits for the non-zero ones.
            for (; k <= end; k++)
            {
                int position = ZigZag[k];
                if (block[position] != 0)
                {
                    Refine(ref reader, ref block[position], positive, negative);
                }
            }

            _endOfBandRun--;
        }
    }

    private static void Refine(ref JpegBitReader reader, ref short coefficient, int positive, int negative)
    {
        if (reader.ReadBit() != 0 && (coefficient & positive) == 0)
        {
            coefficient += (short)(coefficient >= 0 ? positive : negative);
        }
    }
}
