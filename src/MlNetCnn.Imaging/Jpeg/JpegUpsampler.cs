namespace MlNetCnn.Imaging;

/// <summary>Brings a component's sample plane to full image resolution the way libjpeg(-turbo) does by default.
/// </summary>
/// <remarks>
/// <para>
/// 2:1 horizontal, 1:2 vertical and 2:2 ratios use libjpeg's "fancy" triangle filter: each output sample is
/// 3/4 of the nearer input sample plus 1/4 of the next nearer one (9/16, 3/16, 3/16, 1/16 in 2-D). Rounding
/// alternates between pixels exactly as libjpeg does (biases 1 and 2 for one dimension, 8 and 7 for two), so the
/// output is bit-identical to <c>djpeg</c>. At the image edges the outermost real sample stands in for its
/// missing neighbour. As in libjpeg, the horizontal filters are only used when the component is more than two
/// samples wide.
/// </para>
/// <para>Every other integral ratio (for example 4:1:1, or a 2-sample-wide plane) replicates samples.</para>
/// </remarks>
internal static class JpegUpsampler
{
    /// <summary>Returns a <paramref name="width"/> x <paramref name="height"/> plane for the component whose
    /// samples are in <paramref name="plane"/> (row pitch <paramref name="stride"/>).</summary>
    public static byte[] Upsample(
        byte[] plane, int stride, JpegComponent component, int ratioH, int ratioV, int width, int height)
    {
        var output = new byte[(long)width * height];
        int sw = component.SampleWidth;
        int sh = component.SampleHeight;
        if (ratioH == 1 && ratioV == 1)
        {
            for (int y = 0; y < height; y++)
            {
                Array.Copy(plane, y * stride, output, y * width, width);
            }
        }
        else if (ratioH == 2 && ratioV == 1 && sw > 2)
        {
            var row = new byte[2 * sw];
            for (int y = 0; y < height; y++)
            {
                FancyH2(plane.AsSpan(y * stride, sw), row);
                Array.Copy(row, 0, output, y * width, width);
            }
        }
        else if (ratioH == 1 && ratioV == 2)
        {
            for (int y = 0; y < height; y++)
            {
                ReadOnlySpan<byte> near = plane.AsSpan(y / 2 * stride, sw);
                ReadOnlySpan<byte> far = plane.AsSpan(FarRow(y, sh) * stride, sw);
                int bias = (y & 1) == 0 ? 1 : 2;
                Span<byte> target = output.AsSpan(y * width, width);
                for (int x = 0; x < width; x++)
                {
                    target[x] = (byte)((near[x] * 3 + far[x] + bias) >> 2);
                }
            }
        }
        else if (ratioH == 2 && ratioV == 2 && sw > 2)
        {
            var sums = new int[sw];
            var row = new byte[2 * sw];
            for (int y = 0; y < height; y++)
            {
                ReadOnlySpan<byte> near = plane.AsSpan(y / 2 * stride, sw);
                ReadOnlySpan<byte> far = plane.AsSpan(FarRow(y, sh) * stride, sw);
                for (int x = 0; x < sw; x++)
                {
                    sums[x] = near[x] * 3 + far[x];
                }

                FancyH2V2(sums, row);
                Array.Copy(row, 0, output, y * width, width);
            }
        }
        else
        {
            for (int y = 0; y < height; y++)
            {
                int source = y / ratioV * stride;
                int target = y * width;
                for (int x = 0; x < width; x++)
                {
                    output[target + x] = plane[source + x / ratioH];
                }
            }
        }

        return output;
    }

    /// <summary>The second-nearest sample row of output row y: the row above for the upper output row of a pair,
    /// the row below for the lower one, clamped to the real rows.</summary>
    private static int FarRow(int y, int sampleHeight)
    {
        int row = (y & 1) == 0 ? y / 2 - 1 : y / 2 + 1;
        return Math.Clamp(row, 0, sampleHeight - 1);
    }

    /// <summary>libjpeg's h2v1 fancy upsampling of one row of at least 3 samples.</summary>
    private static void FancyH2(ReadOnlySpan<byte> input, Span<byte> output)
    {
        int n = input.Length;
        output[0] = input[0];
        output[1] = (byte)((input[0] * 3 + input[1] + 2) >> 2);
        for (int i = 1; i < n - 1; i++)
        {
            int v = input[i] * 3;
            output[2 * i] = (byte)((v + input[i - 1] + 1) >> 2);
            output[2 * i + 1] = (byte)((v + input[i + 1] + 2) >> 2);
        }

        output[2 * n - 2] = (byte)((input[n - 1] * 3 + input[n - 2] + 1) >> 2);
        output[2 * n - 1] = input[n - 1];
    }

    /// <summary>libjpeg's h2v2 fancy upsampling: the horizontal step over column sums 3 * near + far.</summary>
    private static void FancyH2V2(ReadOnlySpan<int> sums, Span<byte> output)
    {
        int n = sums.Length;
        output[0] = (byte)((sums[0] * 4 + 8) >> 4);
        output[1] = (byte)((sums[0] * 3 + sums[1] + 7) >> 4);
        for (int i = 1; i < n - 1; i++)
        {
            int v = sums[i] * 3;
            output[2 * i] = (byte)((v + sums[i - 1] + 8) >> 4);
            output[2 * i + 1] = (byte)((v + sums[i + 1] + 7) >> 4);
        }

        output[2 * n - 2] = (byte)((sums[n - 1] * 3 + sums[n - 2] + 8) >> 4);
        output[2 * n - 1] = (byte)((sums[n - 1] * 4 + 7) >> 4);
    }
}
