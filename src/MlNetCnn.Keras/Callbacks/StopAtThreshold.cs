using System.Globalization;

namespace MlNetCnn.Keras.Callbacks;

/// <summary>
/// The course's custom callback: stop training at the end of the first epoch whose monitored value passes a
/// threshold, e.g. "Reached 99% accuracy so cancelling training!" with <c>new StopAtThreshold("accuracy", 0.99)</c>,
/// or <c>new StopAtThreshold("loss", 0.4)</c> for "loss below 0.4".
/// </summary>
/// <remarks>
/// In "max" mode (the "auto" choice for accuracy-like names) training stops when value &gt; threshold; in "min" mode
/// (the "auto" choice otherwise) when value &lt; threshold. The comparison is strict, as the course's
/// <c>if logs.get('accuracy') &gt; 0.99</c>. The message goes to <see cref="Sequential.Output"/> unless
/// <see cref="Silent"/>.
/// </remarks>
public sealed class StopAtThreshold : Callback
{
    private readonly bool _max;

    /// <summary>Creates the callback.</summary>
    /// <param name="monitor">The log key, default "accuracy".</param>
    /// <param name="threshold">The value to pass, default 0.99.</param>
    /// <param name="mode">"auto", "min" or "max".</param>
    /// <param name="silent">True to print nothing when stopping.</param>
    public StopAtThreshold(string monitor = "accuracy", double threshold = 0.99, string mode = "auto", bool silent = false)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(monitor);
        ArgumentNullException.ThrowIfNull(mode);
        if (double.IsNaN(threshold)) throw new ArgumentOutOfRangeException(nameof(threshold), threshold, "The threshold must be a number.");
        Monitor = monitor;
        Threshold = threshold;
        Silent = silent;
        _max = MonitorMode.IsMax(mode, monitor, nameof(StopAtThreshold));
    }

    /// <summary>The monitored log key.</summary>
    public string Monitor { get; }

    /// <summary>The value to pass.</summary>
    public double Threshold { get; }

    /// <summary>Whether stopping prints nothing.</summary>
    public bool Silent { get; }

    /// <summary>True when training stops above the threshold, false when below.</summary>
    public bool IsMaxMode => _max;

    /// <summary>The 0-based epoch at whose end training was stopped, or null.</summary>
    public int? StoppedEpoch { get; private set; }

    /// <inheritdoc/>
    public override void OnTrainBegin() => StoppedEpoch = null;

    /// <inheritdoc/>
    public override void OnEpochEnd(int epoch, IReadOnlyDictionary<string, double> logs)
    {
        double value = MonitorMode.Get(logs, Monitor, nameof(StopAtThreshold));
        if (!(_max ? value > Threshold : value < Threshold)) return;
        var model = RequireModel();
        StoppedEpoch = epoch;
        model.StopTraining = true;
        if (Silent) return;
        string target = _max && Threshold is > 0 and <= 1 && Monitor.Contains("acc", StringComparison.Ordinal)
            ? (Threshold * 100).ToString("0.##", CultureInfo.InvariantCulture) + "% " + Monitor
            : $"{Monitor} {(_max ? "above" : "below")} {Threshold.ToString(CultureInfo.InvariantCulture)}";
        model.Output.WriteLine();
        model.Output.WriteLine($"Reached {target} so cancelling training!");
    }
}
