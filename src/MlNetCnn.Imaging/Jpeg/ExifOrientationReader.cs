namespace MlNetCnn.Imaging;

/// <summary>Finds the orientation tag (0x0112) in IFD0 of an EXIF APP1 payload.</summary>
/// <remarks>
/// The payload is <c>"Exif\0\0"</c> followed by a TIFF structure: byte order (<c>II</c> little-endian or <c>MM</c>
/// big-endian), the number 42, the offset of IFD0, then IFD0's entry count and 12-byte entries (tag, type, count,
/// value). Orientation is a SHORT stored in the first two bytes of the value field. Anything malformed yields 1
/// (as stored): orientation is metadata, and a broken EXIF block should not make an image unreadable.
/// </remarks>
internal static class ExifOrientationReader
{
    public static int Read(ReadOnlySpan<byte> app1)
    {
        if (app1.Length < 14 || !app1[..6].SequenceEqual("Exif\0\0"u8))
        {
            return 1;
        }

        ReadOnlySpan<byte> tiff = app1[6..];
        bool little;
        if (tiff[0] == 'I' && tiff[1] == 'I')
        {
            little = true;
        }
        else if (tiff[0] == 'M' && tiff[1] == 'M')
        {
            little = false;
        }
        else
        {
            return 1;
        }

        if (U16(tiff, 2, little) != 42)
        {
            return 1;
        }

        long ifd = U32(tiff, 4, little);
        if (ifd < 8 || ifd > tiff.Length - 2)
        {
            return 1;
        }

        int entries = U16(tiff, (int)ifd, little);
        for (int i = 0; i < entries; i++)
        {
            long entry = ifd + 2 + 12L * i;
            if (entry + 12 > tiff.Length)
            {
                return 1;
            }

            int at = (int)entry;
            if (U16(tiff, at, little) != 0x0112)
            {
                continue;
            }

            int type = U16(tiff, at + 2, little);
            long count = U32(tiff, at + 4, little);
            if (type != 3 || count != 1)
            {
                return 1;
            }

            int value = U16(tiff, at + 8, little);
            return value is >= 1 and <= 8 ? value : 1;
        }

        return 1;
    }

    private static int U16(ReadOnlySpan<byte> d, int at, bool little) =>
        little ? d[at] | d[at + 1] << 8 : d[at] << 8 | d[at + 1];

    private static long U32(ReadOnlySpan<byte> d, int at, bool little) =>
        little
            ? (uint)(d[at] | d[at + 1] << 8 | d[at + 2] << 16 | d[at + 3] << 24)
            : (uint)(d[at] << 24 | d[at + 1] << 16 | d[at + 2] << 8 | d[at + 3]);
}
