using System.CommandLine;
using MlNetCnn.Engine;
using MlNetCnn.Imaging;
using MlNetCnn.Kernels;

namespace MlNetCnn.Cli.Commands;

/// <summary>
/// <c>mlnetcnn filter</c>: the course's classic image filters, run by the engine as a Conv2D with fixed weights
/// (each colour channel filtered on its own), optionally followed by 2-D pooling; the result is clamped to [0, 255]
/// (or its absolute value taken) and written as a PNG.
/// </summary>
internal static class FilterCommand
{
    public static Command Create()
    {
        var image = new Option<FileInfo>("--image") { Description = "The input image (PNG, JPEG, BMP, PGM/PPM).", Required = true };
        var output = new Option<FileInfo>("--output") { Description = "Where to write the filtered image (PNG).", Required = true };
        var filter = new Option<string>("--filter")
        {
            Description = $"A named kernel ({string.Join(", ", ImageFilters.Names)}) or rows of values such as \"-1,0,1;-2,0,2;-1,0,1\".",
            DefaultValueFactory = _ => "vertical",
        };
        var weight = new Option<float?>("--weight") { Description = "Multiplies every kernel value (default: the named filter's own, 1 for custom kernels)." };
        var padding = new Option<string>("--padding") { Description = "valid (the image shrinks by the kernel size - 1) or same (zero padding).", DefaultValueFactory = _ => "valid" };
        var stride = new Option<int>("--stride") { Description = "The convolution's stride.", DefaultValueFactory = _ => 1 };
        var pool = new Option<string>("--pool") { Description = "none, max or average pooling after the filter.", DefaultValueFactory = _ => "none" };
        var poolSize = new Option<int>("--pool-size") { Description = "The pooling window (and stride).", DefaultValueFactory = _ => 2 };
        var grayscale = new Option<bool>("--grayscale") { Description = "Convert to grayscale first." };
        var absolute = new Option<bool>("--abs") { Description = "Take absolute values instead of clamping negatives to 0." };
        var command = new Command("filter", "Apply a classic image filter (convolution with fixed weights) and optional pooling to an image.")
        {
            image, output, filter, weight, padding, stride, pool, poolSize, grayscale, absolute,
        };
        command.SetAction(result => CommonOptions.Run(() =>
        {
            var input = result.GetValue(image)!;
            if (!input.Exists) throw new CliException($"image file '{input.FullName}' does not exist.");
            var kernel = ImageFilters.Parse(result.GetValue(filter)!, result.GetValue(weight));
            var frame = ImageDecoder.DecodeFile(input.FullName);
            if (result.GetValue(grayscale)) frame = frame.ToGrayscale();
            else if (frame.Channels == 4) frame = frame.ToRgb();
            var filtered = Apply(frame, kernel, ParsePadding(result.GetValue(padding)!), result.GetValue(stride),
                result.GetValue(pool)!, result.GetValue(poolSize), result.GetValue(absolute));
            var target = result.GetValue(output)!;
            PngEncoder.Save(filtered, target.FullName);
            Console.WriteLine($"{input.Name}: {frame.Width}x{frame.Height}x{frame.Channels} -> {filtered.Width}x{filtered.Height}x{filtered.Channels}, written to {target.FullName}");
            return 0;
        }));
        return command;
    }

    /// <summary>Runs the filter through the engine: input (1, H, W, C) -> Conv2D (KH, KW, C, C) depthwise-diagonal -> pooling.</summary>
    internal static ImageFrame Apply(ImageFrame frame, float[,] kernel, Padding padding, int stride, string pool, int poolSize, bool absolute)
    {
        if (stride <= 0) throw new CliException($"--stride must be positive, got {stride}.");
        if (poolSize <= 0) throw new CliException($"--pool-size must be positive, got {poolSize}.");
        int kh = kernel.GetLength(0), kw = kernel.GetLength(1), c = frame.Channels;
        var graph = new Graph();
        var x = graph.Input("image", frame.Height, frame.Width, c);
        var y = graph.Conv2D("filter", x, c, kh, kw, stride, stride, padding, useBias: false, kernelInitializer: Initializer.Zeros);
        y = pool.ToLowerInvariant() switch
        {
            "none" => y,
            "max" => graph.MaxPooling2D("pool", y, poolSize, poolSize, poolSize, poolSize),
            "average" or "avg" => graph.AveragePooling2D("pool", y, poolSize, poolSize, poolSize, poolSize),
            _ => throw new CliException($"unknown --pool '{pool}'; expected none, max or average."),
        };
        graph.Seal(0);
        // Kernel layout (KH, KW, C_in, C_out): channel i is filtered into channel i only.
        var weights = graph.Values(graph.Parameters[0]);
        for (int ky = 0; ky < kh; ky++)
            for (int kx = 0; kx < kw; kx++)
                for (int ch = 0; ch < c; ch++)
                    weights[((ky * kw + kx) * c + ch) * c + ch] = kernel[ky, kx];
        var executor = new GraphExecutor(graph, new ReferenceKernels(), 0, inferenceOnly: true);
        var pixels = executor.InputBuffer(x, 1);
        for (int i = 0; i < pixels.Length; i++) pixels[i] = frame.Pixels[i];
        executor.Forward(1, training: false);
        var values = executor.Output(y, 1);
        var bytes = new byte[values.Length];
        for (int i = 0; i < bytes.Length; i++)
        {
            float v = absolute ? Math.Abs(values[i]) : values[i];
            bytes[i] = (byte)Math.Clamp(MathF.Round(v), 0f, 255f);
        }
        return new ImageFrame(y.SampleShape[1], y.SampleShape[0], c, bytes);
    }

    private static Padding ParsePadding(string text) => text.ToLowerInvariant() switch
    {
        "valid" => Padding.Valid,
        "same" => Padding.Same,
        _ => throw new CliException($"unknown --padding '{text}'; expected valid or same."),
    };
}
