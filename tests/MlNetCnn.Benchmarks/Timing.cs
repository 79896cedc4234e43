using System.Diagnostics;

namespace MlNetCnn.Benchmarks;

/// <summary>Stopwatch timing for the quick mode: warm up, then the median of several timed batches of calls.</summary>
internal static class Timing
{
    /// <summary>Seconds per call: the median over <paramref name="batches"/> batches each lasting about <paramref name="batchSeconds"/>.</summary>
    public static double SecondsPerCall(Action action, double batchSeconds = 0.05, int batches = 7)
    {
        action();
        var sw = Stopwatch.StartNew();
        action();
        double once = Math.Max(sw.Elapsed.TotalSeconds, 1e-7);
        int calls = (int)Math.Clamp(batchSeconds / once, 1, 1_000_000);
        var results = new double[batches];
        for (int b = 0; b < batches; b++)
        {
            sw.Restart();
            for (int i = 0; i < calls; i++)
            {
                action();
            }

            results[b] = sw.Elapsed.TotalSeconds / calls;
        }

        Array.Sort(results);
        return results[batches / 2];
    }

    /// <summary>Median of single-call latencies, for the one-image case.</summary>
    public static double MedianLatency(Action action, int calls)
    {
        for (int i = 0; i < 20; i++)
        {
            action();
        }

        var results = new double[calls];
        var sw = new Stopwatch();
        for (int i = 0; i < calls; i++)
        {
            sw.Restart();
            action();
            results[i] = sw.Elapsed.TotalSeconds;
        }

        Array.Sort(results);
        return results[calls / 2];
    }
}
