using System.Runtime.ExceptionServices;

namespace MlNetCnn.Kernels.Fast;

/// <summary>A unit of parallel work: runs the task indices [begin, end) on the thread numbered <c>thread</c>.</summary>
internal interface IWorkItem
{
    void Execute(int begin, int end, int thread);
}

/// <summary>
/// A persistent pool of worker threads that runs one <see cref="IWorkItem"/> at a time with a fixed, contiguous
/// partition of the task range: thread t (the caller is thread 0) always runs tasks
/// [t * count / threads, (t + 1) * count / threads). Dispatch allocates nothing: the work item stays on the caller's
/// stack and workers reach it through a pointer and a function pointer to its generic invoker.
/// </summary>
/// <remarks>Not re-entrant: one <see cref="Run{T}"/> at a time (a concurrent call throws).</remarks>
internal sealed unsafe class WorkerPool : IDisposable
{
    private const int SpinCount = 2000;
    private readonly Thread[] _workers;
    private readonly ManualResetEventSlim[] _start;
    private readonly ManualResetEventSlim[] _done;
    private readonly long[] _allocated;
    private delegate*<void*, int, int, int, void> _invoke;
    private void* _work;
    private int _count;
    private int _active;
    private volatile bool _stopping;
    private Exception? _error;
    private int _busy;

    public WorkerPool(int threads)
    {
        if (threads < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(threads), threads, "The thread count must be at least 1.");
        }

        Threads = threads;
        _workers = new Thread[threads - 1];
        _start = new ManualResetEventSlim[threads - 1];
        _done = new ManualResetEventSlim[threads - 1];
        _allocated = new long[threads - 1];
        for (int w = 0; w < _workers.Length; w++)
        {
            _start[w] = new ManualResetEventSlim(false, SpinCount);
            _done[w] = new ManualResetEventSlim(false, SpinCount);
            int thread = w + 1;
            _workers[w] = new Thread(() => WorkerLoop(thread))
            {
                IsBackground = true,
                Name = $"MlNetCnn kernel worker {thread}",
            };
            _workers[w].Start();
        }
    }

    /// <summary>Number of threads taking part in a run, the caller included.</summary>
    public int Threads { get; }

    /// <summary>Bytes the worker threads had allocated when they finished their last task (for allocation tests).</summary>
    public long WorkerAllocatedBytes
    {
        get
        {
            long sum = 0;
            for (int w = 0; w < _allocated.Length; w++)
            {
                sum += Volatile.Read(ref _allocated[w]);
            }

            return sum;
        }
    }

    /// <summary>The first task of thread <paramref name="thread"/> when <paramref name="count"/> tasks are split over <paramref name="parts"/> threads.</summary>
    public static int PartStart(int count, int parts, int thread) => (int)((long)count * thread / parts);

    /// <summary>Runs tasks [0, count) of <paramref name="work"/> over the pool and returns when all are done.</summary>
    public void Run<T>(ref T work, int count)
        where T : unmanaged, IWorkItem
    {
        int active = Math.Min(Threads, count);
        if (active <= 1)
        {
            if (count > 0)
            {
                work.Execute(0, count, 0);
            }

            return;
        }

        if (Interlocked.Exchange(ref _busy, 1) != 0)
        {
            throw new InvalidOperationException("FastKernels is not thread-safe: a kernel was called while another call was running.");
        }

        try
        {
            fixed (T* item = &work)
            {
                _invoke = &Invoke<T>;
                _work = item;
                _count = count;
                _active = active;
                for (int w = 0; w < active - 1; w++)
                {
                    _done[w].Reset();
                    _start[w].Set();
                }

                try
                {
                    item->Execute(0, PartStart(count, active, 1), 0);
                }
                finally
                {
                    for (int w = 0; w < active - 1; w++)
                    {
                        _done[w].Wait();
                    }

                    _work = null;
                }
            }

            if (_error is { } error)
            {
                _error = null;
                ExceptionDispatchInfo.Capture(error).Throw();
            }
        }
        finally
        {
            Volatile.Write(ref _busy, 0);
        }
    }

    /// <summary>Stops and joins the worker threads.</summary>
    public void Dispose()
    {
        if (_stopping)
        {
            return;
        }

        _stopping = true;
        for (int w = 0; w < _workers.Length; w++)
        {
            _start[w].Set();
        }

        foreach (var worker in _workers)
        {
            worker.Join();
        }

        for (int w = 0; w < _workers.Length; w++)
        {
            _start[w].Dispose();
            _done[w].Dispose();
        }
    }

    private static void Invoke<T>(void* work, int begin, int end, int thread)
        where T : unmanaged, IWorkItem
        => ((T*)work)->Execute(begin, end, thread);

    private void WorkerLoop(int thread)
    {
        var start = _start[thread - 1];
        var done = _done[thread - 1];
        while (true)
        {
            start.Wait();
            start.Reset();
            if (_stopping)
            {
                return;
            }

            try
            {
                int count = _count, active = _active;
                _invoke(_work, PartStart(count, active, thread), PartStart(count, active, thread + 1), thread);
            }
            catch (Exception ex)
            {
                _error = ex;
            }

            Volatile.Write(ref _allocated[thread - 1], GC.GetAllocatedBytesForCurrentThread());
            done.Set();
        }
    }
}
