namespace MlNetCnn.Imaging;

/// <summary>Applies an EXIF orientation (TIFF tag 0x0112) so the frame reads the way a viewer displays it.</summary>
/// <remarks>
/// The tag says where the stored row 0 / column 0 belong: 1 top-left (as stored), 2 mirrored left-right,
/// 3 rotated 180 degrees, 4 mirrored top-bottom, 5 transposed (mirror along the main diagonal), 6 needs a 90 degree
/// clockwise turn, 7 transversed (mirror along the anti-diagonal), 8 needs a 90 degree counter-clockwise turn.
/// Values 5 to 8 swap width and height. Any other value leaves the frame unchanged.
/// </remarks>
internal static class Orientation
{
    public static ImageFrame Apply(ImageFrame frame, int orientation)
    {
        if (orientation is < 2 or > 8)
        {
            return frame;
        }

        int w = frame.Width;
        int h = frame.Height;
        int c = frame.Channels;
        bool swap = orientation >= 5;
        int outW = swap ? h : w;
        int outH = swap ? w : h;
        var result = new ImageFrame(outW, outH, c);
        byte[] src = frame.Pixels;
        byte[] dst = result.Pixels;
        int o = 0;
        for (int y = 0; y < outH; y++)
        {
            for (int x = 0; x < outW; x++)
            {
                (int sx, int sy) = orientation switch
                {
                    2 => (w - 1 - x, y),
                    3 => (w - 1 - x, h - 1 - y),
                    4 => (x, h - 1 - y),
                    5 => (y, x),
                    6 => (y, h - 1 - x),
                    7 => (w - 1 - y, h - 1 - x),
                    _ => (w - 1 - y, x),
                };
                int s = (sy * w + sx) * c;
                for (int ch = 0; ch < c; ch++)
                {
                    dst[o++] = src[s + ch];
                }
            }
        }

        return result;
    }
}
