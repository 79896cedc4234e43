using System.Diagnostics;
using MlNetCnn.Datasets;
using MlNetCnn.Engine;
using MlNetCnn.Keras;
using MlNetCnn.Kernels;

namespace MlNetCnn.Cli.Commands;

/// <summary>The figures of one benchmark round of the seeds' network on real Fashion-MNIST data.</summary>
internal sealed record BenchFigures(
    double TrainSamplesPerSecB32, double TrainSamplesPerSecB128, double InferImagesPerSecB128, double SingleImageLatencyUs,
    double TrainGflopsB32, long AllocatedBytesPerStep);

/// <summary>One per-op line of the training-step breakdown.</summary>
internal sealed record OpShare(string Name, string Kind, double ForwardMs, double BackwardMs);

/// <summary>Measures training and inference of the seeds' network through the same paths users take (Fit, Predict).</summary>
internal sealed class NetworkBenchmark
{
    private readonly FashionMnistDataset _data;
    private readonly IKernels _kernels;
    private readonly double _seconds;

    public NetworkBenchmark(FashionMnistDataset data, IKernels kernels, double seconds)
    {
        _data = data;
        _kernels = kernels;
        _seconds = seconds;
    }

    /// <summary>Forward floating-point operations of one image (from the graph's ops).</summary>
    public long ForwardFlopsPerImage { get; private set; }

    public BenchFigures Run()
    {
        double b32 = TrainRate(32);
        double b128 = TrainRate(128);
        double infer = InferenceRate(128);
        double latency = SingleImageLatencyUs();
        long allocated = AllocatedPerStep(32);
        return new BenchFigures(b32, b128, infer, latency, b32 * 3.0 * ForwardFlopsPerImage / 1e9, allocated);
    }

    private Sequential NewModel()
    {
        Sequential.ResetNameCounters();
        var model = Applications.FashionMnistCnn(seed: 1);
        model.Compile(new Adam(), "sparse_categorical_crossentropy", new[] { "accuracy" }, _kernels, 1);
        return model;
    }

    private (Tensor X, byte[] Y) TrainSlice(int count)
    {
        count = Math.Min(count, _data.Train.Count);
        return (CommonOptions.Images(_data.Train, count), CommonOptions.Labels(_data.Train, count));
    }

    /// <summary>Training samples per second through <see cref="Sequential.Fit(Tensor, byte[], int, int, int, IReadOnlyList{Keras.Callbacks.Callback}?, float, ValueTuple{Tensor, Tensor}?, bool, CancellationToken)"/>, after a calibration run.</summary>
    private double TrainRate(int batch)
    {
        var model = NewModel();
        var (xw, yw) = TrainSlice(batch * 8);
        var clock = Stopwatch.StartNew();
        model.Fit(xw, yw, batch, 1, verbose: 0);
        double rough = xw.Shape[0] / clock.Elapsed.TotalSeconds;
        int count = (int)Math.Clamp(rough * _seconds / batch, 4, _data.Train.Count / batch) * batch;
        var (x, y) = TrainSlice(count);
        clock.Restart();
        model.Fit(x, y, batch, 1, verbose: 0);
        return count / clock.Elapsed.TotalSeconds;
    }

    private double InferenceRate(int batch)
    {
        var model = NewModel();
        var x = CommonOptions.Images(_data.Test, _data.Test.Count);
        var warm = CommonOptions.Images(_data.Test, batch * 4);
        var clock = Stopwatch.StartNew();
        model.Predict(warm, batch);
        double rough = warm.Shape[0] / clock.Elapsed.TotalSeconds;
        int rounds = Math.Max(1, (int)Math.Ceiling(rough * _seconds / x.Shape[0]));
        long images = 0;
        clock.Restart();
        for (int r = 0; r < rounds; r++)
        {
            model.Predict(x, batch);
            images += x.Shape[0];
        }
        return images / clock.Elapsed.TotalSeconds;
    }

    /// <summary>Median microseconds of one single-image prediction (the path a prediction engine takes).</summary>
    private double SingleImageLatencyUs()
    {
        var model = NewModel();
        var image = new float[28 * 28];
        var output = new float[10];
        int count = 0;
        var times = new List<double>(4096);
        var total = Stopwatch.StartNew();
        while ((total.Elapsed.TotalSeconds < _seconds && times.Count < 20000) || times.Count < 50)
        {
            _data.Test.GetNormalizedPixels(count++ % _data.Test.Count, 1, image);
            long t0 = Stopwatch.GetTimestamp();
            model.Predict(image, output, 1);
            long t1 = Stopwatch.GetTimestamp();
            if (count > 20) times.Add((t1 - t0) * 1e6 / Stopwatch.Frequency);
        }
        times.Sort();
        return times[times.Count / 2];
    }

    /// <summary>
    /// Bytes allocated per training step after the first steps, by the training thread and the kernels' worker threads
    /// (other threads of the process, such as a test runner's, are not counted).
    /// </summary>
    private long AllocatedPerStep(int batch)
    {
        var (model, executor) = StepSetup(batch);
        for (int i = 0; i < 3; i++) Step(model, executor, batch, i);
        const int steps = 20;
        long before = AllocatedBytes();
        for (int i = 0; i < steps; i++) Step(model, executor, batch, i);
        long after = AllocatedBytes();
        return (after - before) / steps;
    }

    private long AllocatedBytes() =>
        GC.GetAllocatedBytesForCurrentThread() + (_kernels is FastKernels fast ? fast.WorkerAllocatedBytes : 0);

    /// <summary>Per-op forward and backward milliseconds of one training step at <paramref name="batch"/>.</summary>
    public IReadOnlyList<OpShare> Breakdown(int batch, int steps = 30)
    {
        var (model, executor) = StepSetup(batch);
        for (int i = 0; i < 3; i++) Step(model, executor, batch, i);
        executor.EnableProfiling();
        for (int i = 0; i < steps; i++) Step(model, executor, batch, i);
        var timings = executor.OpTimings();
        ForwardFlopsPerImage = timings.Sum(t => t.ForwardFlopsPerSample);
        return timings.Select(t => new OpShare(t.Name, t.Kind, t.Forward.TotalMilliseconds / steps, t.Backward.TotalMilliseconds / steps)).ToList();
    }

    private (Sequential Model, GraphExecutor Executor) StepSetup(int batch)
    {
        var model = NewModel();
        return (model, model.CreateExecutor(1));
    }

    private void Step(Sequential model, GraphExecutor executor, int batch, int index)
    {
        int start = index * batch % (_data.Train.Count - batch);
        _data.Train.GetNormalizedPixels(start, batch, executor.InputBuffer(model.InputNode, batch));
        var labels = executor.IntInputBuffer(model.TargetNode!, batch);
        var source = _data.Train.Labels.AsSpan(start, batch);
        for (int i = 0; i < batch; i++) labels[i] = source[i];
        executor.TrainStep(model.GraphLoss!, model.Optimizer!, batch);
    }
}
