using System.Diagnostics;
using System.Runtime.InteropServices;

namespace MlNetCnn.Benchmarks;

/// <summary>
/// Timing for the quick mode: warm up, then the median of several timed batches of calls. Wall-clock by default;
/// with <see cref="UseThreadCpuTime"/> (Linux, single-threaded runs only) the calling thread's CPU time, which does
/// not count time the thread spent descheduled on a busy machine.
/// </summary>
internal static partial class Timing
{
    private const int ClockThreadCpuTime = 3;

    public static bool UseThreadCpuTime { get; set; }

    private static double Now()
    {
        if (!UseThreadCpuTime)
        {
            return Stopwatch.GetTimestamp() / (double)Stopwatch.Frequency;
        }

        ClockGetTime(ClockThreadCpuTime, out var ts);
        return ts.Seconds + ts.Nanoseconds * 1e-9;
    }

    [LibraryImport("libc", EntryPoint = "clock_gettime")]
    private static partial int ClockGetTime(int clock, out TimeSpec time);

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    /// <summary>Seconds per call: the median over <paramref name="batches"/> batches each lasting about <paramref name="batchSeconds"/>.</summary>
    public static double SecondsPerCall(Action action, double batchSeconds = 0.05, int batches = 7)
    {
        action();
        double t0 = Now();
        action();
        double once = Math.Max(Now() - t0, 1e-7);
        int calls = (int)Math.Clamp(batchSeconds / once, 1, 1_000_000);
        var results = new double[batches];
        for (int b = 0; b < batches; b++)
        {
            t0 = Now();
            for (int i = 0; i < calls; i++)
            {
                action();
            }

            results[b] = (Now() - t0) / calls;
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
        for (int i = 0; i < calls; i++)
        {
            double t0 = Now();
            action();
            results[i] = Now() - t0;
        }

        Array.Sort(results);
        return results[calls / 2];
    }
}
