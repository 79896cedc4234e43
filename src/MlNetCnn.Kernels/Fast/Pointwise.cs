using System.Runtime.CompilerServices;
using System.Numerics.Tensors;

namespace MlNetCnn.Kernels.Fast;

/// <summary>The element-wise operations <see cref="Pointwise{TV, TS}"/> runs, possibly in parallel chunks.</summary>
internal enum PointwiseOp
{
    Add,
    Multiply,
    Relu,
    Sigmoid,
    Tanh,
    ReluBackward,
    SigmoidBackward,
    TanhBackward,
    Adam,
    Sgd,
    SgdMomentum,
    SgdNesterov,
    RmsProp,
}

/// <summary>
/// Element-wise kernels: a vector body and a scalar tail that computes exactly the same expression (fused
/// multiply-adds where the body uses them), so every element's result is independent of where chunk and vector
/// boundaries fall, hence of the thread count.
/// </summary>
internal static unsafe class Pointwise<TV, TS>
    where TV : struct
    where TS : struct, ISimd<TV>
{
    /// <summary>Below this many elements an operation runs on the calling thread.</summary>
    public const long ParallelThreshold = 1 << 16;

    /// <summary>Runs <paramref name="op"/> over [0, length), split over the pool's threads when long enough.</summary>
    public static void Run(WorkerPool pool, PointwiseOp op, long length, float* x, float* y, float* z = null, float* w = null,
        float s0 = 0, float s1 = 0, float s2 = 0, float s3 = 0)
    {
        var work = new Work { Op = op, Length = length, X = x, Y = y, Z = z, W = w, S0 = s0, S1 = s1, S2 = s2, S3 = s3 };
        if (length < ParallelThreshold || pool.Threads == 1)
        {
            work.Apply(0, length);
        }
        else
        {
            work.Chunks = pool.Threads;
            pool.Run(ref work, pool.Threads);
        }
    }

    /// <summary>y += x.</summary>
    public static void AddInPlace(float* x, float* y, long length)
        => TensorPrimitives.Add(new ReadOnlySpan<float>(x, (int)length), new ReadOnlySpan<float>(y, (int)length), new Span<float>(y, (int)length));

    private struct Work : IWorkItem
    {
        public PointwiseOp Op;
        public long Length;
        public int Chunks;
        public float* X, Y, Z, W;
        public float S0, S1, S2, S3;

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public readonly void Execute(int begin, int end, int thread)
        {
            for (int chunk = begin; chunk < end; chunk++)
            {
                long start = Length * chunk / Chunks & ~63L;
                long stop = chunk == Chunks - 1 ? Length : Length * (chunk + 1) / Chunks & ~63L;
                Apply(start, stop);
            }
        }

        public readonly void Apply(long start, long stop)
        {
            int n = (int)(stop - start);
            if (n <= 0)
            {
                return;
            }

            float* x = X + start, y = Y + start, z = Z == null ? null : Z + start, w = W == null ? null : W + start;
            var xs = new ReadOnlySpan<float>(x, n);
            var ys = new Span<float>(y, n);
            switch (Op)
            {
                case PointwiseOp.Add: TensorPrimitives.Add(xs, ys, ys); break;
                case PointwiseOp.Multiply: TensorPrimitives.Multiply(xs, new ReadOnlySpan<float>(z, n), ys); break;
                case PointwiseOp.Relu: TensorPrimitives.Max(xs, 0f, ys); break;
                case PointwiseOp.Sigmoid: TensorPrimitives.Sigmoid(xs, ys); break;
                case PointwiseOp.Tanh: TensorPrimitives.Tanh(xs, ys); break;
                case PointwiseOp.ReluBackward: ReluBackward(x, y, z, n); break;
                case PointwiseOp.SigmoidBackward: SigmoidBackward(x, y, z, n); break;
                case PointwiseOp.TanhBackward: TanhBackward(x, y, z, n); break;
                case PointwiseOp.Adam: Adam(x, y, z, w, n, S0, S1, S2, S3); break;
                case PointwiseOp.Sgd: Sgd(x, y, n, S0); break;
                case PointwiseOp.SgdMomentum: SgdMomentum(x, y, z, n, S0, S1, false); break;
                case PointwiseOp.SgdNesterov: SgdMomentum(x, y, z, n, S0, S1, true); break;
                case PointwiseOp.RmsProp: RmsProp(x, y, z, n, S0, S1, S2); break;
                default: throw new ArgumentOutOfRangeException(nameof(Op), Op, "Unknown element-wise operation.");
            }
        }
    }

    /// <summary>dx = y &gt; 0 ? dy : 0, with x = y (outputs), y = dy, z = dx.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void ReluBackward(float* o, float* dy, float* dx, int n)
    {
        int i = 0, lanes = TS.Lanes;
        var zero = TS.Zero;
        for (; i <= n - lanes; i += lanes)
        {
            TS.Store(dx + i, TS.Select(TS.GreaterThan(TS.Load(o + i), zero), TS.Load(dy + i), zero));
        }

        for (; i < n; i++)
        {
            dx[i] = o[i] > 0f ? dy[i] : 0f;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void SigmoidBackward(float* o, float* dy, float* dx, int n)
    {
        int i = 0, lanes = TS.Lanes;
        var one = TS.Splat(1f);
        for (; i <= n - lanes; i += lanes)
        {
            var y = TS.Load(o + i);
            TS.Store(dx + i, TS.Mul(TS.Mul(TS.Load(dy + i), y), TS.Sub(one, y)));
        }

        for (; i < n; i++)
        {
            dx[i] = dy[i] * o[i] * (1f - o[i]);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void TanhBackward(float* o, float* dy, float* dx, int n)
    {
        int i = 0, lanes = TS.Lanes;
        var one = TS.Splat(1f);
        for (; i <= n - lanes; i += lanes)
        {
            var y = TS.Load(o + i);
            TS.Store(dx + i, TS.Mul(TS.Load(dy + i), TS.Sub(one, TS.Mul(y, y))));
        }

        for (; i < n; i++)
        {
            dx[i] = dy[i] * (1f - o[i] * o[i]);
        }
    }

    /// <summary>x = grads, y = weights, z = m, w = v.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Adam(float* g, float* wt, float* m, float* v, int n, float lrT, float beta1, float beta2, float epsilon)
    {
        int i = 0, lanes = TS.Lanes;
        float c1 = 1f - beta1, c2 = 1f - beta2;
        TV vb1 = TS.Splat(beta1), vc1 = TS.Splat(c1), vb2 = TS.Splat(beta2), vc2 = TS.Splat(c2), vlr = TS.Splat(lrT), veps = TS.Splat(epsilon);
        for (; i <= n - lanes; i += lanes)
        {
            var gi = TS.Load(g + i);
            var mi = TS.Fma(vb1, TS.Load(m + i), TS.Mul(vc1, gi));
            var vi = TS.Fma(vb2, TS.Load(v + i), TS.Mul(TS.Mul(vc2, gi), gi));
            TS.Store(m + i, mi);
            TS.Store(v + i, vi);
            TS.Store(wt + i, TS.Sub(TS.Load(wt + i), TS.Div(TS.Mul(vlr, mi), TS.Add(TS.Sqrt(vi), veps))));
        }

        for (; i < n; i++)
        {
            float gi = g[i];
            float mi = MathF.FusedMultiplyAdd(beta1, m[i], c1 * gi);
            float vi = MathF.FusedMultiplyAdd(beta2, v[i], c2 * gi * gi);
            m[i] = mi;
            v[i] = vi;
            wt[i] -= lrT * mi / (MathF.Sqrt(vi) + epsilon);
        }
    }

    /// <summary>x = grads, y = weights.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Sgd(float* g, float* wt, int n, float lr)
    {
        int i = 0, lanes = TS.Lanes;
        var vlr = TS.Splat(-lr);
        for (; i <= n - lanes; i += lanes)
        {
            TS.Store(wt + i, TS.Fma(vlr, TS.Load(g + i), TS.Load(wt + i)));
        }

        for (; i < n; i++)
        {
            wt[i] = MathF.FusedMultiplyAdd(-lr, g[i], wt[i]);
        }
    }

    /// <summary>x = grads, y = weights, z = velocity.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void SgdMomentum(float* g, float* wt, float* vel, int n, float lr, float momentum, bool nesterov)
    {
        int i = 0, lanes = TS.Lanes;
        TV vlr = TS.Splat(-lr), vmo = TS.Splat(momentum);
        for (; i <= n - lanes; i += lanes)
        {
            var gi = TS.Load(g + i);
            var lg = TS.Mul(vlr, gi);
            var vi = TS.Fma(vmo, TS.Load(vel + i), lg);
            TS.Store(vel + i, vi);
            var step = nesterov ? TS.Fma(vmo, vi, lg) : vi;
            TS.Store(wt + i, TS.Add(TS.Load(wt + i), step));
        }

        for (; i < n; i++)
        {
            float lg = -lr * g[i];
            float vi = MathF.FusedMultiplyAdd(momentum, vel[i], lg);
            vel[i] = vi;
            wt[i] += nesterov ? MathF.FusedMultiplyAdd(momentum, vi, lg) : vi;
        }
    }

    /// <summary>x = grads, y = weights, z = mean square.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void RmsProp(float* g, float* wt, float* ms, int n, float lr, float rho, float epsilon)
    {
        int i = 0, lanes = TS.Lanes;
        float c = 1f - rho;
        TV vrho = TS.Splat(rho), vc = TS.Splat(c), vlr = TS.Splat(lr), veps = TS.Splat(epsilon);
        for (; i <= n - lanes; i += lanes)
        {
            var gi = TS.Load(g + i);
            var si = TS.Fma(vrho, TS.Load(ms + i), TS.Mul(TS.Mul(vc, gi), gi));
            TS.Store(ms + i, si);
            TS.Store(wt + i, TS.Sub(TS.Load(wt + i), TS.Div(TS.Mul(vlr, gi), TS.Sqrt(TS.Add(si, veps)))));
        }

        for (; i < n; i++)
        {
            float gi = g[i];
            float si = MathF.FusedMultiplyAdd(rho, ms[i], c * gi * gi);
            ms[i] = si;
            wt[i] -= lr * gi / MathF.Sqrt(si + epsilon);
        }
    }
}
