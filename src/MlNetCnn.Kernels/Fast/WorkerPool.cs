using System.Runtime.ExceptionServices;

namespace MlNetCnn.Kernels.Fast;

/// <summary>
/// A unit of parallel work: runs the task indices [begin, end) on the thread numbered <c>thread</c>
/// (0 = the caller, 1.. = workers; use it only to pick per-thread scratch, never to decide what a task computes).
/// </summary>
internal interface IWorkItem
{
    void Execute(int begin, int end, int thread);
}

/// <summary>
/// A persistent pool of worker threads that runs one <see cref="IWorkItem"/> at a time. The task range is cut into
/// fixed chunks; the caller and the workers claim chunks with an atomic counter until none is left, so a worker the
/// operating system has not scheduled yet simply gets no chunk (the caller does its share) and uneven tasks balance
/// out. Which thread runs a chunk varies, but what each task computes does not, so results are deterministic as long
/// as work items key their outputs by task (never by thread). Dispatch allocates nothing: the work item stays on the
/// caller's stack and workers reach it through a pointer and a function pointer to its generic invoker.
/// </summary>
/// <remarks>
/// A claim is a compare-and-swap on one 64-bit word holding (job generation, next chunk), so a worker that wakes late
/// can never claim a chunk of a job that has finished: the caller waits only for chunks actually claimed.
/// Not re-entrant: one <see cref="Run{T}"/> at a time (a concurrent call throws).
/// </remarks>
internal sealed unsafe class WorkerPool : IDisposable
{
    private const int SpinCount = 2000;
    private const long Closed = int.MaxValue;
    private readonly Thread[] _workers;
    private readonly ManualResetEventSlim[] _wake;
    private readonly long[] _allocated;
    private delegate*<void*, int, int, int, void> _invoke;
    private void* _work;
    private int _count;
    private int _chunks;
    private long _claim; // generation << 32 | next chunk
    private int _completed;
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
        _wake = new ManualResetEventSlim[threads - 1];
        _allocated = new long[threads - 1];
        for (int w = 0; w < _workers.Length; w++)
        {
            _wake[w] = new ManualResetEventSlim(false, SpinCount);
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

    /// <summary>Bytes the worker threads had allocated when they last finished a chunk (for allocation tests).</summary>
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

    /// <summary>The first of <paramref name="count"/> items in part <paramref name="part"/> of <paramref name="parts"/> equal contiguous parts.</summary>
    public static int PartStart(int count, int parts, int part) => (int)((long)count * part / parts);

    /// <summary>Runs tasks [0, count) of <paramref name="work"/> over the pool and returns when all are done.</summary>
    public void Run<T>(ref T work, int count)
        where T : unmanaged, IWorkItem
    {
        int chunks = Math.Min(count, 4 * Threads);
        if (Threads == 1 || chunks <= 1)
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
                // Close the claim word first, so a worker still looking at the previous job cannot claim a chunk
                // while the fields change; then publish the fields; then open the new generation at chunk 0.
                long generation = (Volatile.Read(ref _claim) >> 32) + 1;
                Interlocked.Exchange(ref _claim, (generation << 32) | Closed);
                _invoke = &Invoke<T>;
                _work = item;
                _count = count;
                _chunks = chunks;
                Volatile.Write(ref _completed, 0);
                Interlocked.Exchange(ref _claim, generation << 32);
                int wake = Math.Min(_wake.Length, chunks - 1);
                for (int w = 0; w < wake; w++)
                {
                    _wake[w].Set();
                }

                RunChunks(0);
                var spinner = default(SpinWait);
                while (Volatile.Read(ref _completed) < chunks)
                {
                    spinner.SpinOnce(sleep1Threshold: -1);
                }

                _work = null;
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
        foreach (var wake in _wake)
        {
            wake.Set();
        }

        foreach (var worker in _workers)
        {
            worker.Join();
        }

        foreach (var wake in _wake)
        {
            wake.Dispose();
        }
    }

    private static void Invoke<T>(void* work, int begin, int end, int thread)
        where T : unmanaged, IWorkItem
        => ((T*)work)->Execute(begin, end, thread);

    /// <summary>Claims and runs chunks of the current job until none is left.</summary>
    private void RunChunks(int thread)
    {
        while (true)
        {
            long claim = Volatile.Read(ref _claim);
            int next = (int)claim;
            // Read the job's fields before claiming; a successful claim proves they still belong to this generation.
            int chunks = _chunks, count = _count;
            var invoke = _invoke;
            void* work = _work;
            if (next >= chunks || work == null)
            {
                return;
            }

            if (Interlocked.CompareExchange(ref _claim, claim + 1, claim) != claim)
            {
                continue;
            }

            try
            {
                invoke(work, PartStart(count, chunks, next), PartStart(count, chunks, next + 1), thread);
            }
            catch (Exception ex)
            {
                _error = ex;
            }

            if (thread > 0)
            {
                Volatile.Write(ref _allocated[thread - 1], GC.GetAllocatedBytesForCurrentThread());
            }

            Interlocked.Increment(ref _completed);
        }
    }

    private void WorkerLoop(int thread)
    {
        var wake = _wake[thread - 1];
        while (true)
        {
            wake.Wait();
            wake.Reset();
            if (_stopping)
            {
                return;
            }

            RunChunks(thread);
        }
    }
}
