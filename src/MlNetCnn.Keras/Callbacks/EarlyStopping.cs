using MlNetCnn.Engine;

namespace MlNetCnn.Keras.Callbacks;

/// <summary>
/// Stops training when a monitored quantity has stopped improving (Keras's <c>EarlyStopping</c>, with the semantics
/// of tf.keras 2.13 and later).
/// </summary>
/// <remarks>
/// <para>At the end of each epoch, with current the monitored value: an improvement is current - minDelta &lt; best in
/// "min" mode, current + minDelta &gt; best in "max" mode ("auto" picks max for names ending in "acc", "accuracy" or
/// "auc", else min); best starts at +inf (min) or -inf (max).</para>
/// <para>Each epoch adds one to a wait counter. An improvement records the new best (and its weights when
/// <see cref="RestoreBestWeights"/>), resets the counter to 0 if the value also improves on <see cref="Baseline"/>
/// (when one is given), and never stops training. An epoch without improvement after the first (epoch &gt; 0) stops
/// training once the counter has reached <see cref="Patience"/>; with <see cref="RestoreBestWeights"/> the best
/// epoch's weights are put back (the first epoch's if none improved). So patience 0 stops at the first epoch without
/// improvement, patience 2 at the second such epoch in a row; with a baseline that is never beaten, the counter is never
/// reset, so training stops at the first non-improving epoch after <see cref="Patience"/> epochs.</para>
/// <para>A monitor missing from the logs throws (Keras only warns), so that a typo does not silently disable stopping.</para>
/// </remarks>
public sealed class EarlyStopping : Callback
{
    private readonly bool _max;
    private readonly double _delta;
    private IReadOnlyList<Tensor>? _bestWeights;
    private int _wait;

    /// <summary>Creates the callback.</summary>
    /// <param name="monitor">The log key to watch, e.g. "val_loss" (default), "loss", "val_accuracy".</param>
    /// <param name="minDelta">The smallest change that counts as an improvement (its absolute value is used).</param>
    /// <param name="patience">The number of epochs without improvement after which training stops.</param>
    /// <param name="mode">"auto", "min" or "max".</param>
    /// <param name="restoreBestWeights">Whether to put back the best epoch's weights when stopping.</param>
    /// <param name="baseline">A value the monitor must beat for the wait counter to reset; null for none.</param>
    public EarlyStopping(string monitor = "val_loss", double minDelta = 0, int patience = 0, string mode = "auto",
        bool restoreBestWeights = false, double? baseline = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(monitor);
        ArgumentNullException.ThrowIfNull(mode);
        ArgumentOutOfRangeException.ThrowIfNegative(patience);
        if (!double.IsFinite(minDelta)) throw new ArgumentOutOfRangeException(nameof(minDelta), minDelta, "minDelta must be finite.");
        Monitor = monitor;
        MinDelta = Math.Abs(minDelta);
        Patience = patience;
        RestoreBestWeights = restoreBestWeights;
        Baseline = baseline;
        _max = MonitorMode.IsMax(mode, monitor, nameof(EarlyStopping));
        _delta = _max ? MinDelta : -MinDelta;
        Best = _max ? double.NegativeInfinity : double.PositiveInfinity;
    }

    /// <summary>The monitored log key.</summary>
    public string Monitor { get; }

    /// <summary>The smallest change that counts as an improvement.</summary>
    public double MinDelta { get; }

    /// <summary>Epochs without improvement before stopping.</summary>
    public int Patience { get; }

    /// <summary>Whether the best weights are restored when stopping.</summary>
    public bool RestoreBestWeights { get; }

    /// <summary>The value to beat for the wait counter to reset, or null.</summary>
    public double? Baseline { get; }

    /// <summary>True when larger values are better.</summary>
    public bool IsMaxMode => _max;

    /// <summary>The best value seen in the current or last Fit.</summary>
    public double Best { get; private set; }

    /// <summary>The 0-based epoch of <see cref="Best"/>.</summary>
    public int BestEpoch { get; private set; }

    /// <summary>The 0-based epoch at which training was stopped, or 0 if it was not (Keras's convention).</summary>
    public int StoppedEpoch { get; private set; }

    /// <inheritdoc/>
    public override void OnTrainBegin()
    {
        _wait = 0;
        StoppedEpoch = 0;
        Best = _max ? double.NegativeInfinity : double.PositiveInfinity;
        BestEpoch = 0;
        _bestWeights = null;
    }

    /// <inheritdoc/>
    public override void OnEpochEnd(int epoch, IReadOnlyDictionary<string, double> logs)
    {
        double current = MonitorMode.Get(logs, Monitor, nameof(EarlyStopping));
        var model = RequireModel();
        if (RestoreBestWeights && _bestWeights is null) _bestWeights = model.GetWeights();

        _wait++;
        if (IsImprovement(current, Best))
        {
            Best = current;
            BestEpoch = epoch;
            if (RestoreBestWeights) _bestWeights = model.GetWeights();
            if (Baseline is null || IsImprovement(current, Baseline.Value)) _wait = 0;
            return;
        }

        if (_wait >= Patience && epoch > 0)
        {
            StoppedEpoch = epoch;
            model.StopTraining = true;
            if (RestoreBestWeights && _bestWeights is not null) model.SetWeights(_bestWeights);
        }
    }

    private bool IsImprovement(double value, double reference) =>
        _max ? value - _delta > reference : value - _delta < reference;
}
