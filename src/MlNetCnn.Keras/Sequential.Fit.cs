using System.Diagnostics;
using System.Globalization;
using MlNetCnn.Engine;
using MlNetCnn.Keras.Callbacks;

namespace MlNetCnn.Keras;

public sealed partial class Sequential
{
    /// <summary>
    /// Trains the model (Keras's <c>fit</c>) on samples <paramref name="x"/> (N, ...inputShape) with targets
    /// <paramref name="y"/>: class indices of shape (N) or (N, 1) for sparse_categorical_crossentropy, one-hot rows
    /// (N, classes) for categorical_crossentropy.
    /// </summary>
    /// <param name="x">The samples; the first dimension counts them. Builds the model if its input shape is unknown.</param>
    /// <param name="y">The targets, one per sample.</param>
    /// <param name="batchSize">Samples per gradient step; the last batch of an epoch may be smaller.</param>
    /// <param name="epochs">Passes over the training data.</param>
    /// <param name="verbose">0 prints nothing; 1 or 2 print "Epoch i/n" and one line per epoch to <see cref="Output"/>:
    /// "1875/1875 - 31s - loss: 0.4385 - accuracy: 0.8416 - val_loss: ... - val_accuracy: ... - 17ms/step".</param>
    /// <param name="callbacks">Called at train, epoch and batch boundaries, in order, before the History.</param>
    /// <param name="validationSplit">A fraction in [0, 1) of the data held out for validation: the last rows, from
    /// floor(N * (1 - split)) to N - 1, taken before any shuffling, as Keras does (never trained on). Ignored when
    /// <paramref name="validationData"/> is given.</param>
    /// <param name="validationData">Samples and targets to validate on at the end of each epoch.</param>
    /// <param name="shuffle">Whether the training rows are shuffled before each epoch (seeded by <see cref="Seed"/>).</param>
    /// <param name="cancellationToken">Checked after every batch; cancellation throws <see cref="OperationCanceledException"/>
    /// and leaves the weights of the last completed batch.</param>
    /// <returns>The <see cref="History"/>: per epoch "loss" and the metrics (means over the epoch's batches, weighted by
    /// batch size), plus "val_loss" and "val_" metrics computed at the epoch's end in inference mode.</returns>
    /// <remarks>
    /// <para>Each batch's rows are copied straight into the executor's input buffer and its labels into its integer
    /// buffer; after the first batch a training step allocates nothing.</para>
    /// <para>A NaN or infinite batch loss throws <see cref="InvalidOperationException"/> naming the epoch and batch,
    /// unless a callback (such as <see cref="TerminateOnNaN"/>) sets <see cref="StopTraining"/> first.</para>
    /// </remarks>
    /// <exception cref="InvalidOperationException">The model is not compiled, or the loss became NaN.</exception>
    /// <exception cref="ArgumentException">Shapes or counts do not match, a label is out of range or a value is not
    /// finite (the message names the row), or the split leaves no training or validation rows.</exception>
    public History Fit(Tensor x, Tensor y, int batchSize = 32, int epochs = 1, int verbose = 1,
        IReadOnlyList<Callback>? callbacks = null, float validationSplit = 0f, (Tensor x, Tensor y)? validationData = null,
        bool shuffle = true, CancellationToken cancellationToken = default)
    {
        var (compile, classes) = PrepareFit(x);
        var targets = Targets.FromTensor(y, compile.Loss, classes, nameof(y));
        return FitCore(x, targets, batchSize, epochs, verbose, callbacks, validationSplit, validationData, shuffle, cancellationToken);
    }

    /// <summary>Trains on samples with integer class labels (sparse_categorical_crossentropy); see the tensor overload.</summary>
    public History Fit(Tensor x, int[] y, int batchSize = 32, int epochs = 1, int verbose = 1,
        IReadOnlyList<Callback>? callbacks = null, float validationSplit = 0f, (Tensor x, Tensor y)? validationData = null,
        bool shuffle = true, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(y);
        var (compile, classes) = PrepareFit(x);
        var targets = Targets.FromLabels(y, compile.Loss, classes, nameof(y));
        return FitCore(x, targets, batchSize, epochs, verbose, callbacks, validationSplit, validationData, shuffle, cancellationToken);
    }

    /// <summary>Trains on samples with byte class labels (as Fashion-MNIST stores them); see the tensor overload.</summary>
    public History Fit(Tensor x, byte[] y, int batchSize = 32, int epochs = 1, int verbose = 1,
        IReadOnlyList<Callback>? callbacks = null, float validationSplit = 0f, (Tensor x, Tensor y)? validationData = null,
        bool shuffle = true, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(y);
        var (compile, classes) = PrepareFit(x);
        var targets = Targets.FromLabels(y, compile.Loss, classes, nameof(y));
        return FitCore(x, targets, batchSize, epochs, verbose, callbacks, validationSplit, validationData, shuffle, cancellationToken);
    }

    private (CompileSettings Compile, int Classes) PrepareFit(Tensor x)
    {
        var compile = RequireCompiled();
        EnsureBuiltFor(x, nameof(x));
        return (compile, ClassCount);
    }

    /// <summary>Builds the model from x's sample shape if needed, then checks that x has the model's input shape.</summary>
    private void EnsureBuiltFor(Tensor x, string argument)
    {
        ArgumentNullException.ThrowIfNull(x, argument);
        if (x.Rank < 2)
            throw new ArgumentException($"{argument} has shape {Shape.Format(x.Shape)}; expected (samples, ...) with the sample shape after the first dimension.", argument);
        if (_built is null) Build(x.Shape[1..]);
        var expected = _built!.Input.SampleShape;
        if (!x.Shape.AsSpan(1).SequenceEqual(expected))
            throw new ArgumentException($"{argument} has shape {Shape.Format(x.Shape)} but model '{Name}' expects inputs of shape {Shape.FormatBatch(expected)}.", argument);
    }

    private static void CheckFinite(Tensor x, string argument)
    {
        int bad = Targets.IndexOfNonFinite(x.Data);
        if (bad < 0) return;
        int size = x.Length / x.Shape[0];
        throw new ArgumentException($"{argument}: row {bad / size} has a non-finite value ({x.Data[bad].ToString(CultureInfo.InvariantCulture)}) at offset {bad % size}; inputs must be finite.", argument);
    }

    private History FitCore(Tensor x, Targets y, int batchSize, int epochs, int verbose, IReadOnlyList<Callback>? callbacks,
        float validationSplit, (Tensor x, Tensor y)? validationData, bool shuffle, CancellationToken cancellationToken)
    {
        var compile = _compile!;
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batchSize);
        ArgumentOutOfRangeException.ThrowIfNegative(epochs);
        ArgumentOutOfRangeException.ThrowIfNegative(verbose);
        if (!(validationSplit >= 0f && validationSplit < 1f))
            throw new ArgumentOutOfRangeException(nameof(validationSplit), validationSplit, "validationSplit must be in [0, 1).");
        int n = x.Shape[0];
        if (y.Count != n) throw new ArgumentException($"x has {n} samples but y has {y.Count}; they must be equal.", "y");
        CheckFinite(x, nameof(x));

        int trainCount = n;
        Tensor? valX = null;
        Targets? valY = null;
        int valStart = 0, valCount = 0;
        if (validationData is { } vd)
        {
            EnsureBuiltFor(vd.x, "validationData.x");
            valY = Targets.FromTensor(vd.y, compile.Loss, ClassCount, "validationData.y");
            if (valY.Count != vd.x.Shape[0])
                throw new ArgumentException($"validationData.x has {vd.x.Shape[0]} samples but validationData.y has {valY.Count}; they must be equal.", nameof(validationData));
            CheckFinite(vd.x, "validationData.x");
            valX = vd.x;
            valCount = valY.Count;
        }
        else if (validationSplit > 0f)
        {
            // The float's shortest decimal form, so 0.2f splits like Keras's 0.2 (100 rows: 80 / 20, not 79 / 21).
            double split = double.Parse(validationSplit.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
            trainCount = (int)Math.Floor(n * (1.0 - split));
            if (trainCount == 0 || trainCount == n)
                throw new ArgumentException($"The training data has {n} samples, which is not enough to split it into a training and a validation set with validationSplit = {validationSplit.ToString(CultureInfo.InvariantCulture)}. Provide more data or a different validationSplit.", nameof(validationSplit));
            valX = x;
            valY = y;
            valStart = trainCount;
            valCount = n - trainCount;
        }

        var built = _built!;
        var executor = TrainExecutor();
        executor.EnsureCapacity(Math.Min(batchSize, trainCount));
        var graphLoss = built.Loss!;
        var optimizer = compile.Optimizer;
        var history = new History();
        var all = new Callback[(callbacks?.Count ?? 0) + 1];
        for (int i = 0; i < all.Length - 1; i++) all[i] = callbacks![i] ?? throw new ArgumentException($"callbacks[{i}] is null.", nameof(callbacks));
        all[^1] = history;
        foreach (var cb in all) cb.SetModel(this);

        var order = new int[trainCount];
        for (int i = 0; i < order.Length; i++) order[i] = i;
        var random = ShuffleRandom();
        int steps = (trainCount + batchSize - 1) / batchSize;
        var batchLogs = new Dictionary<string, double>(StringComparer.Ordinal) { ["loss"] = 0 };
        foreach (string key in compile.Metrics) batchLogs[key] = 0;
        IReadOnlyDictionary<string, double> lastLogs = new Dictionary<string, double>();
        var output = verbose > 0 ? Output : null;

        StopTraining = false;
        foreach (var cb in all) cb.OnTrainBegin();
        for (int epoch = 0; epoch < epochs; epoch++)
        {
            foreach (var cb in all) cb.OnEpochBegin(epoch);
            output?.WriteLine($"Epoch {epoch + 1}/{epochs}");
            if (shuffle) random.Shuffle(order);
            long started = Stopwatch.GetTimestamp();
            double lossSum = 0;
            long correct = 0;
            int seen = 0, batchesRun = 0;
            for (int batch = 0; batch < steps; batch++)
            {
                int start = batch * batchSize;
                int count = Math.Min(batchSize, trainCount - start);
                GatherRows(built, executor, x, y, order.AsSpan(start, count));
                for (int i = 0; i < all.Length; i++) all[i].OnTrainBatchBegin(batch, batchLogs);
                double loss = executor.TrainStep(graphLoss, optimizer, count);
                correct += executor.CountCorrect(graphLoss, count);
                lossSum += loss * count;
                seen += count;
                batchesRun++;
                batchLogs["loss"] = lossSum / seen;
                foreach (string key in compile.Metrics) batchLogs[key] = (double)correct / seen;
                for (int i = 0; i < all.Length; i++) all[i].OnTrainBatchEnd(batch, batchLogs);
                if (!double.IsFinite(loss) && !StopTraining)
                    throw new InvalidOperationException($"Epoch {epoch + 1}, batch {batch}: the loss is {loss.ToString(CultureInfo.InvariantCulture)}; training stopped. Scale the inputs (e.g. to [0, 1]) or lower the learning rate; add a TerminateOnNaN callback to stop without an exception.");
                if (StopTraining) break;
                cancellationToken.ThrowIfCancellationRequested();
            }

            var logs = new Dictionary<string, double>(batchLogs, StringComparer.Ordinal);
            if (valX is not null)
            {
                var (valLoss, valAccuracy) = EvaluateCore(valX, valY!, valStart, valCount, batchSize);
                logs["val_loss"] = valLoss;
                foreach (string key in compile.Metrics) logs["val_" + key] = valAccuracy;
            }
            if (output is not null)
                WriteEpochLine(output, batchesRun, steps, Stopwatch.GetElapsedTime(started).TotalSeconds, logs);
            foreach (var cb in all) cb.OnEpochEnd(epoch, logs);
            lastLogs = logs;
            if (StopTraining) break;
        }
        foreach (var cb in all) cb.OnTrainEnd(lastLogs);
        return history;
    }

    /// <summary>Keras 2's verbose epoch line: "steps/steps - 31s - loss: 0.4385 - accuracy: 0.8416 - 17ms/step".</summary>
    private static void WriteEpochLine(TextWriter output, int done, int steps, double seconds, IReadOnlyDictionary<string, double> logs)
    {
        var line = new System.Text.StringBuilder();
        int digits = steps.ToString(CultureInfo.InvariantCulture).Length;
        line.Append(done.ToString(CultureInfo.InvariantCulture).PadLeft(digits)).Append('/').Append(steps.ToString(CultureInfo.InvariantCulture));
        line.Append(" - ").Append(seconds.ToString("0", CultureInfo.InvariantCulture)).Append('s');
        foreach (var (key, value) in logs)
        {
            line.Append(" - ").Append(key).Append(": ");
            line.Append(value > 1e-3 ? value.ToString("0.0000", CultureInfo.InvariantCulture) : value.ToString("0.0000e+00", CultureInfo.InvariantCulture));
        }
        double perStep = done > 0 ? seconds / done : 0;
        line.Append(" - ").Append(perStep >= 1 || perStep == 0
            ? perStep.ToString("0", CultureInfo.InvariantCulture) + "s/step"
            : perStep >= 1e-3
                ? (perStep * 1e3).ToString("0", CultureInfo.InvariantCulture) + "ms/step"
                : (perStep * 1e6).ToString("0", CultureInfo.InvariantCulture) + "us/step");
        output.WriteLine(line.ToString());
    }

    /// <summary>Copies the given rows of x (and their targets, if the graph has a target) into the executor's buffers.</summary>
    private static void GatherRows(ModelGraph built, GraphExecutor executor, Tensor x, Targets y, ReadOnlySpan<int> rows)
    {
        int count = rows.Length;
        int size = built.Input.SampleSize;
        var input = executor.InputBuffer(built.Input, count);
        var data = x.Data;
        for (int i = 0; i < count; i++) data.AsSpan(rows[i] * size, size).CopyTo(input.Slice(i * size, size));
        if (y.Labels is { } labels)
        {
            var buffer = executor.IntInputBuffer(built.Target!, count);
            for (int i = 0; i < count; i++) buffer[i] = labels[rows[i]];
        }
        else
        {
            int classes = built.Target!.SampleSize;
            var buffer = executor.InputBuffer(built.Target, count);
            var source = y.Rows!;
            for (int i = 0; i < count; i++) source.AsSpan(rows[i] * classes, classes).CopyTo(buffer.Slice(i * classes, classes));
        }
    }

    /// <summary>Copies rows start .. start + count - 1 of x (and, when given, their targets) into the executor's buffers.</summary>
    private static void GatherRange(ModelGraph built, GraphExecutor executor, Tensor x, Targets? y, int start, int count)
    {
        int size = built.Input.SampleSize;
        x.Data.AsSpan(start * size, count * size).CopyTo(executor.InputBuffer(built.Input, count));
        if (y is null) return;
        if (y.Labels is { } labels)
        {
            labels.AsSpan(start, count).CopyTo(executor.IntInputBuffer(built.Target!, count));
        }
        else
        {
            int classes = built.Target!.SampleSize;
            y.Rows.AsSpan(start * classes, count * classes).CopyTo(executor.InputBuffer(built.Target, count));
        }
    }
}
