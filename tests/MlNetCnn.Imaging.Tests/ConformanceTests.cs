using Xunit.Abstractions;

namespace MlNetCnn.Imaging.Tests;

/// <summary>Our decoders against reference pixels from independent decoders (libpng via netpbm, libjpeg-turbo's
/// djpeg, ImageMagick for BMP): exact for lossless formats, within the manifest's tolerance for JPEG.</summary>
public sealed class ConformanceTests(ITestOutputHelper output)
{
    public static TheoryData<string> Fixtures()
    {
        var data = new TheoryData<string>();
        foreach (FixtureEntry entry in FixtureFiles.Manifest)
        {
            data.Add(entry.File);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void DecodesLikeTheReferenceDecoder(string file)
    {
        FixtureEntry entry = FixtureFiles.Manifest.Single(e => e.File == file);
        ImageFrame frame = ImageDecoder.DecodeFile(FixtureFiles.PathOf(file));

        Assert.Equal(entry.Width, frame.Width);
        Assert.Equal(entry.Height, frame.Height);
        Assert.Equal(entry.Channels, frame.Channels);
        byte[] expected = FixtureFiles.Read(file + ".rgba");
        byte[] actual = frame.ToRgba().Pixels;
        Assert.Equal(expected.Length, actual.Length);

        int maxDiff = 0;
        long sum = 0;
        int firstBad = -1;
        for (int i = 0; i < expected.Length; i++)
        {
            if (i % 4 == 3 && frame.Channels < 4)
            {
                // Without alpha in our frame only colour is compared: ImageMagick reads the unused fourth byte of a
                // 32-bit BI_RGB bitmap as alpha, which Windows defines as unused.
                continue;
            }

            int diff = Math.Abs(expected[i] - actual[i]);
            sum += diff;
            if (diff > maxDiff)
            {
                maxDiff = diff;
            }

            if (diff > entry.Tolerance && firstBad < 0)
            {
                firstBad = i;
            }
        }

        output.WriteLine($"{file}: max abs diff {maxDiff}, mean abs diff {(double)sum / expected.Length:F4}");
        Assert.True(
            firstBad < 0,
            firstBad < 0
                ? string.Empty
                : $"sample {firstBad} (pixel {firstBad / 4}, channel {firstBad % 4}): expected {expected[firstBad]}, " +
                  $"got {actual[firstBad]}; max diff {maxDiff} exceeds tolerance {entry.Tolerance}");
    }

    [Fact]
    public void EveryFormatVariantIsCovered()
    {
        Assert.True(FixtureFiles.Manifest.Count(e => e.File.StartsWith("png/", StringComparison.Ordinal)) >= 25);
        Assert.True(FixtureFiles.Manifest.Count(e => e.File.StartsWith("jpeg/", StringComparison.Ordinal)) >= 20);
        Assert.True(FixtureFiles.Manifest.Count(e => e.File.StartsWith("bmp/", StringComparison.Ordinal)) >= 10);
        Assert.True(FixtureFiles.Manifest.Count(e => e.File.StartsWith("pnm/", StringComparison.Ordinal)) >= 10);
    }
}
