namespace MlNetCnn.Keras.Callbacks;

/// <summary>
/// Stops training as soon as a batch's loss is NaN or infinite (Keras's <c>TerminateOnNaN</c>), printing
/// "Batch n: Invalid loss, terminating training" to <see cref="Sequential.Output"/>. Without it, <c>Fit</c> throws on
/// a non-finite loss instead.
/// </summary>
public sealed class TerminateOnNaN : Callback
{
    /// <summary>The epoch in which training was stopped, or null.</summary>
    public int? StoppedEpoch { get; private set; }

    private int _epoch;

    /// <inheritdoc/>
    public override void OnTrainBegin() => StoppedEpoch = null;

    /// <inheritdoc/>
    public override void OnEpochBegin(int epoch) => _epoch = epoch;

    /// <inheritdoc/>
    public override void OnTrainBatchEnd(int batch, IReadOnlyDictionary<string, double> logs)
    {
        if (!logs.TryGetValue("loss", out double loss) || double.IsFinite(loss)) return;
        var model = RequireModel();
        model.Output.WriteLine($"Batch {batch}: Invalid loss, terminating training");
        StoppedEpoch = _epoch;
        model.StopTraining = true;
    }
}
