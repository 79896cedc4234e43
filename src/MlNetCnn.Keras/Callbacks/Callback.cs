namespace MlNetCnn.Keras.Callbacks;

/// <summary>
/// Hooks into <c>Fit</c> (Keras's <c>keras.callbacks.Callback</c>). Override the methods you need; <see cref="Model"/>
/// is the model being trained, so a callback can read or set its weights or set
/// <see cref="Sequential.StopTraining"/> to end training after the current batch.
/// </summary>
/// <remarks>
/// Epoch logs hold "loss" and each metric ("accuracy") as the means over the epoch's batches weighted by batch size,
/// plus "val_loss" and "val_accuracy" when validating. Batch logs hold the running means so far in the epoch; the
/// batch-log dictionary is reused from batch to batch (copy it to keep values). Epochs and batches count from 0.
/// </remarks>
public abstract class Callback
{
    /// <summary>The model being trained (set by <c>Fit</c> before <see cref="OnTrainBegin"/>).</summary>
    public Sequential? Model { get; private set; }

    /// <summary>Called by Fit before training starts.</summary>
    public virtual void OnTrainBegin()
    {
    }

    /// <summary>Called at the start of every epoch (0-based).</summary>
    public virtual void OnEpochBegin(int epoch)
    {
    }

    /// <summary>Called at the end of every epoch with the epoch's logs.</summary>
    public virtual void OnEpochEnd(int epoch, IReadOnlyDictionary<string, double> logs)
    {
    }

    /// <summary>Called before each training batch (0-based within the epoch).</summary>
    public virtual void OnTrainBatchBegin(int batch, IReadOnlyDictionary<string, double> logs)
    {
    }

    /// <summary>Called after each training batch with the running means of the epoch so far.</summary>
    public virtual void OnTrainBatchEnd(int batch, IReadOnlyDictionary<string, double> logs)
    {
    }

    /// <summary>Called when training ends (normally or stopped) with the last epoch's logs (empty if none ran).</summary>
    public virtual void OnTrainEnd(IReadOnlyDictionary<string, double> logs)
    {
    }

    /// <summary>Attaches the callback to the model being trained.</summary>
    public void SetModel(Sequential model) => Model = model ?? throw new ArgumentNullException(nameof(model));

    /// <summary>The model, or an error if the callback is used outside Fit.</summary>
    protected Sequential RequireModel() =>
        Model ?? throw new InvalidOperationException($"{GetType().Name} is not attached to a model; pass it to Fit.");
}
