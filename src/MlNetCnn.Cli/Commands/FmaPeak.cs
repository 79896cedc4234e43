using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using MlNetCnn.Kernels.Fast;

namespace MlNetCnn.Cli.Commands;

/// <summary>Measures the machine's fused-multiply-add peak on the spot: independent FMA chains on every core.</summary>
internal static class FmaPeak
{
    /// <summary>GFLOP/s summed over <paramref name="threads"/> threads running FMAs at the widest vector width.</summary>
    public static (double Gflops, int VectorBits) Measure(int threads, double seconds = 0.4)
    {
        int bits = Vector512.IsHardwareAccelerated ? 512 : Vector256.IsHardwareAccelerated ? 256 : 128;
        var rates = new double[threads];
        var workers = new Thread[threads];
        using var start = new Barrier(threads);
        for (int t = 0; t < threads; t++)
        {
            int id = t;
            workers[t] = new Thread(() =>
            {
                start.SignalAndWait();
                rates[id] = RunOne(bits, seconds);
            }) { IsBackground = true };
            workers[t].Start();
        }
        foreach (var w in workers) w.Join();
        return (rates.Sum(), bits);
    }

    private static double RunOne(int bits, double seconds)
    {
        long iterations = 0;
        var clock = Stopwatch.StartNew();
        float sink = 0;
        while (clock.Elapsed.TotalSeconds < seconds)
        {
            sink += bits switch
            {
                512 => Chains<Vector512<float>, V512>(1 << 16),
                256 => Chains<Vector256<float>, V256>(1 << 16),
                _ => Chains<Vector128<float>, V128>(1 << 16),
            };
            iterations += 1 << 16;
        }
        double elapsed = clock.Elapsed.TotalSeconds;
        GC.KeepAlive(sink);
        // 12 independent chains, one FMA (2 flops) per lane per chain per iteration.
        return iterations * 12.0 * (bits / 32) * 2 / elapsed / 1e9;
    }

    /// <summary>12 independent FMA chains of <paramref name="n"/> steps each at one vector width.</summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static float Chains<TV, TS>(int n)
        where TV : struct
        where TS : ISimd<TV>
    {
        var m = TS.Splat(0.999999f);
        var a = TS.Splat(1e-7f);
        TV c0 = a, c1 = a, c2 = a, c3 = a, c4 = a, c5 = a, c6 = a, c7 = a, c8 = a, c9 = a, c10 = a, c11 = a;
        for (int i = 0; i < n; i++)
        {
            c0 = TS.Fma(c0, m, a); c1 = TS.Fma(c1, m, a); c2 = TS.Fma(c2, m, a); c3 = TS.Fma(c3, m, a);
            c4 = TS.Fma(c4, m, a); c5 = TS.Fma(c5, m, a); c6 = TS.Fma(c6, m, a); c7 = TS.Fma(c7, m, a);
            c8 = TS.Fma(c8, m, a); c9 = TS.Fma(c9, m, a); c10 = TS.Fma(c10, m, a); c11 = TS.Fma(c11, m, a);
        }
        var sum = TS.Add(TS.Add(TS.Add(c0, c1), TS.Add(c2, c3)), TS.Add(TS.Add(c4, c5), TS.Add(c6, c7)));
        return TS.Sum(TS.Add(sum, TS.Add(TS.Add(c8, c9), TS.Add(c10, c11))));
    }
}
