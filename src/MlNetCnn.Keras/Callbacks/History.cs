namespace MlNetCnn.Keras.Callbacks;

/// <summary>
/// What <c>Fit</c> returns (Keras's <c>History</c>): the epochs run and, per log key ("loss", "accuracy",
/// "val_loss", "val_accuracy"), one value per epoch.
/// </summary>
public sealed class History : Callback
{
    private readonly List<int> _epochs = new();
    private readonly Dictionary<string, List<double>> _data = new(StringComparer.Ordinal);

    /// <summary>The epochs run, 0-based, in order.</summary>
    public IReadOnlyList<int> Epochs => _epochs;

    /// <summary>Keras's <c>history.history</c>: each log key mapped to its per-epoch values.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<double>> HistoryData =>
        _data.ToDictionary(kv => kv.Key, kv => (IReadOnlyList<double>)kv.Value.AsReadOnly(), StringComparer.Ordinal);

    /// <summary>The per-epoch values of one key, e.g. "val_accuracy".</summary>
    /// <exception cref="KeyNotFoundException">The key was never logged; the message lists the keys that were.</exception>
    public IReadOnlyList<double> this[string key] => _data.TryGetValue(key, out var values)
        ? values.AsReadOnly()
        : throw new KeyNotFoundException($"No '{key}' in the history; it has {string.Join(", ", _data.Keys)}.");

    /// <inheritdoc/>
    public override void OnTrainBegin()
    {
        _epochs.Clear();
        _data.Clear();
    }

    /// <inheritdoc/>
    public override void OnEpochEnd(int epoch, IReadOnlyDictionary<string, double> logs)
    {
        _epochs.Add(epoch);
        foreach (var (key, value) in logs)
        {
            if (!_data.TryGetValue(key, out var list)) _data[key] = list = new List<double>();
            list.Add(value);
        }
    }
}
