namespace MlNetCnn.Keras;

/// <summary>
/// Keras's automatic names: each kind of layer or model has its own counter, so the first Conv2D is "conv2d", the
/// next "conv2d_1", then "conv2d_2" (InputLayer counts from 1: "input_1", "input_2"). Counters live in a naming
/// scope: one process-wide scope (thread-safe), or a private one opened with <see cref="BeginScope"/> for the
/// current thread and async flow (useful in tests and servers that need deterministic names).
/// </summary>
public static class KerasNames
{
    private static readonly NameScope Global = new();
    private static readonly AsyncLocal<NameScope?> Current = new();

    /// <summary>Sets every counter of the current scope back to zero (the next Conv2D is "conv2d" again).</summary>
    public static void Reset() => Scope.Reset();

    /// <summary>
    /// Opens a fresh naming scope for the current thread and async flow; disposing it restores the previous scope.
    /// Names given inside do not advance the process-wide counters.
    /// </summary>
    public static IDisposable BeginScope()
    {
        var previous = Current.Value;
        Current.Value = new NameScope();
        return new ScopeHandle(previous);
    }

    /// <summary>
    /// The next name for <paramref name="prefix"/>: zero-based counters give prefix, prefix_1, prefix_2 ...;
    /// one-based ones give prefix_1, prefix_2 ...
    /// </summary>
    internal static string Next(string prefix, bool zeroBased = true) => Scope.Next(prefix, zeroBased);

    private static NameScope Scope => Current.Value ?? Global;

    private sealed class NameScope
    {
        private readonly Dictionary<string, int> _counts = new(StringComparer.Ordinal);
        private readonly Lock _lock = new();

        public string Next(string prefix, bool zeroBased)
        {
            int n;
            lock (_lock)
            {
                _counts.TryGetValue(prefix, out n);
                _counts[prefix] = n + 1;
            }
            if (!zeroBased) n++;
            return n == 0 ? prefix : $"{prefix}_{n}";
        }

        public void Reset()
        {
            lock (_lock) _counts.Clear();
        }
    }

    private sealed class ScopeHandle(NameScope? previous) : IDisposable
    {
        private bool _disposed;

        public void Dispose()
        {
            if (_disposed) return;
            _disposed = true;
            Current.Value = previous;
        }
    }
}
