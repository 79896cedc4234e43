namespace MlNetCnn.Keras.Callbacks;

/// <summary>A callback built from delegates (Keras's <c>LambdaCallback</c>); any delegate may be null.</summary>
/// <param name="onEpochBegin">Called with the epoch at its start.</param>
/// <param name="onEpochEnd">Called with the epoch and its logs at its end.</param>
/// <param name="onBatchBegin">Called with the batch and the running logs before each training batch.</param>
/// <param name="onBatchEnd">Called with the batch and the running logs after each training batch.</param>
/// <param name="onTrainBegin">Called before training.</param>
/// <param name="onTrainEnd">Called after training with the last epoch's logs.</param>
public sealed class LambdaCallback(
    Action<int>? onEpochBegin = null,
    Action<int, IReadOnlyDictionary<string, double>>? onEpochEnd = null,
    Action<int, IReadOnlyDictionary<string, double>>? onBatchBegin = null,
    Action<int, IReadOnlyDictionary<string, double>>? onBatchEnd = null,
    Action? onTrainBegin = null,
    Action<IReadOnlyDictionary<string, double>>? onTrainEnd = null) : Callback
{
    /// <inheritdoc/>
    public override void OnEpochBegin(int epoch) => onEpochBegin?.Invoke(epoch);

    /// <inheritdoc/>
    public override void OnEpochEnd(int epoch, IReadOnlyDictionary<string, double> logs) => onEpochEnd?.Invoke(epoch, logs);

    /// <inheritdoc/>
    public override void OnTrainBatchBegin(int batch, IReadOnlyDictionary<string, double> logs) => onBatchBegin?.Invoke(batch, logs);

    /// <inheritdoc/>
    public override void OnTrainBatchEnd(int batch, IReadOnlyDictionary<string, double> logs) => onBatchEnd?.Invoke(batch, logs);

    /// <inheritdoc/>
    public override void OnTrainBegin() => onTrainBegin?.Invoke();

    /// <inheritdoc/>
    public override void OnTrainEnd(IReadOnlyDictionary<string, double> logs) => onTrainEnd?.Invoke(logs);
}
