using MlNetCnn.Imaging;

namespace MlNetCnn.Cli.Tests;

/// <summary>The course's classic image filters through the engine: a vertical-line image, the vertical and horizontal
/// filters, clamping, and pooling with the floor rule (11 -> 5).</summary>
[Collection("cli")]
public sealed class FilterTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("mlnetcnn-filter-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>A 13x13 gray image, black on the left half and white from column 6 on: one vertical edge.</summary>
    private string VerticalEdgeImage()
    {
        var pixels = new byte[13 * 13];
        for (int y = 0; y < 13; y++)
            for (int x = 6; x < 13; x++)
                pixels[y * 13 + x] = 200;
        string path = Path.Combine(_dir, "edge.png");
        PngEncoder.Save(new ImageFrame(13, 13, 1, pixels), path);
        return path;
    }

    [Fact]
    public void The_vertical_filter_finds_a_vertical_edge_and_the_horizontal_filter_does_not()
    {
        string input = VerticalEdgeImage();
        string vertical = Path.Combine(_dir, "v.png"), horizontal = Path.Combine(_dir, "h.png");
        Assert.Equal(0, CliRunner.Run("filter", "--image", input, "--filter", "vertical", "--output", vertical).Code);
        Assert.Equal(0, CliRunner.Run("filter", "--image", input, "--filter", "horizontal", "--output", horizontal).Code);
        var v = ImageDecoder.DecodeFile(vertical);
        var h = ImageDecoder.DecodeFile(horizontal);
        Assert.Equal((11, 11), (v.Width, v.Height)); // valid 3x3: 13 - 3 + 1
        // Output column ox covers input columns ox..ox+2: the edge (5 -> 6) lies in windows 4 and 5, where
        // (-1 -2 -1) * 0 + (1 2 1) * 200 = 800 clamps to 255; elsewhere the gradient is 0.
        for (int y = 0; y < 11; y++)
        {
            for (int x = 0; x < 11; x++)
            {
                byte expected = x is 4 or 5 ? (byte)255 : (byte)0;
                Assert.Equal(expected, v.Pixels[y * 11 + x]);
                Assert.Equal(0, h.Pixels[y * 11 + x]);
            }
        }
    }

    [Fact]
    public void Max_pooling_after_the_filter_halves_the_size_with_the_floor_rule()
    {
        string output = Path.Combine(_dir, "pooled.png");
        var (code, text, error) = CliRunner.Run("filter", "--image", VerticalEdgeImage(), "--filter", "vertical", "--pool", "max", "--output", output);
        Assert.True(code == 0, error);
        var pooled = ImageDecoder.DecodeFile(output);
        Assert.Equal((5, 5), (pooled.Width, pooled.Height)); // 11 -> floor(11 / 2) = 5
        Assert.Equal(255, pooled.Pixels[2]);                 // window x 4..5 keeps the edge
        Assert.Equal(0, pooled.Pixels[0]);
        Assert.Contains("13x13x1 -> 5x5x1", text);
    }

    [Fact]
    public void The_course_blur_keeps_a_flat_image_flat_and_same_padding_keeps_the_size()
    {
        var pixels = Enumerable.Repeat((byte)100, 9 * 7 * 3).ToArray();
        string input = Path.Combine(_dir, "flat.png"), output = Path.Combine(_dir, "flat-blur.png");
        PngEncoder.Save(new ImageFrame(9, 7, 3, pixels), input);
        Assert.Equal(0, CliRunner.Run("filter", "--image", input, "--filter", "blur", "--padding", "same", "--output", output).Code);
        var blurred = ImageDecoder.DecodeFile(output);
        Assert.Equal((9, 7, 3), (blurred.Width, blurred.Height, blurred.Channels));
        Assert.Equal(100, blurred.Pixels[(3 * 9 + 4) * 3 + 1]); // interior: 5 x 0.2 x 100
        Assert.Equal(80, blurred.Pixels[(3 * 9 + 0) * 3 + 1]);  // left edge: one neighbour is zero padding
    }

    [Theory]
    [InlineData("unknown --filter 'wobble'", "--filter", "wobble")]
    [InlineData("every row needs the same number of values", "--filter", "1,2;3")]
    [InlineData("does not fit", "--filter", "1,1,1,1,1,1,1,1,1,1,1,1,1,1")]
    [InlineData("unknown --pool 'median'", "--pool", "median")]
    public void Bad_filters_are_refused_clearly(string expected, params string[] extra)
    {
        var args = new List<string> { "filter", "--image", VerticalEdgeImage(), "--output", Path.Combine(_dir, "x.png") };
        args.AddRange(extra);
        var (code, _, error) = CliRunner.Run(args.ToArray());
        Assert.Equal(1, code);
        Assert.Contains(expected, error);
    }

    [Fact]
    public void A_corrupt_image_is_reported_with_its_name()
    {
        string bad = Path.Combine(_dir, "bad.png");
        File.WriteAllBytes(bad, new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0 });
        var (code, _, error) = CliRunner.Run("filter", "--image", bad, "--output", Path.Combine(_dir, "o.png"));
        Assert.Equal(1, code);
        Assert.Contains("bad.png", error);
    }
}
