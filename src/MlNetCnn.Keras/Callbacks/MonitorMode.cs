namespace MlNetCnn.Keras.Callbacks;

/// <summary>Keras's "auto" / "min" / "max" modes of monitoring callbacks.</summary>
internal static class MonitorMode
{
    /// <summary>
    /// True when larger is better: "max", or "auto" with a monitor ending in "acc", "accuracy" or "auc" (Keras's
    /// rule); false for "min" and for "auto" otherwise (losses).
    /// </summary>
    public static bool IsMax(string mode, string monitor, string callbackName) => mode.Trim().ToLowerInvariant() switch
    {
        "max" => true,
        "min" => false,
        "auto" => monitor.EndsWith("acc", StringComparison.Ordinal) || monitor.EndsWith("accuracy", StringComparison.Ordinal)
            || monitor.EndsWith("auc", StringComparison.Ordinal),
        _ => throw new ArgumentException($"{callbackName}: mode must be \"auto\", \"min\" or \"max\", got \"{mode}\".", nameof(mode)),
    };

    /// <summary>The monitored value, or an error listing the available keys (Keras only warns; a typo here would silently never stop).</summary>
    public static double Get(IReadOnlyDictionary<string, double> logs, string monitor, string callbackName) =>
        logs.TryGetValue(monitor, out double value)
            ? value
            : throw new InvalidOperationException($"{callbackName} monitors '{monitor}', which is not in the logs. Available: {string.Join(", ", logs.Keys)}. (val_ keys need validationSplit or validationData; metric keys need Compile(metrics: ...).)");
}
