using MlNetCnn.Kernels.Fast;

namespace MlNetCnn.Kernels.Tests;

public class WorkerPoolTests
{
    [Theory]
    [InlineData(1, 10)]
    [InlineData(2, 1)]
    [InlineData(3, 10)]
    [InlineData(4, 3)]
    public unsafe void Every_task_runs_once_on_its_fixed_thread(int threads, int count)
    {
        using var pool = new WorkerPool(threads);
        var owner = new int[count];
        var runs = new int[count];
        fixed (int* o = owner, r = runs)
        {
            var work = new RecordWork { Owner = o, Runs = r };
            pool.Run(ref work, count);
        }

        Assert.All(runs, n => Assert.Equal(1, n));
        int active = Math.Min(threads, count);
        for (int t = 0; t < active; t++)
        {
            for (int i = WorkerPool.PartStart(count, active, t); i < WorkerPool.PartStart(count, active, t + 1); i++)
            {
                Assert.Equal(t, owner[i]);
            }
        }
    }

    [Fact]
    public void A_worker_exception_reaches_the_caller_and_the_pool_keeps_working()
    {
        using var pool = new WorkerPool(2);
        var failing = new FailWork { FailingThread = 1 };
        var ex = Assert.Throws<InvalidOperationException>(() => pool.Run(ref failing, 2));
        Assert.Equal("task failed on thread 1", ex.Message);
        var fine = new FailWork { FailingThread = -1 };
        pool.Run(ref fine, 2);
    }

    private unsafe struct RecordWork : IWorkItem
    {
        public int* Owner;
        public int* Runs;

        public readonly void Execute(int begin, int end, int thread)
        {
            for (int i = begin; i < end; i++)
            {
                Owner[i] = thread;
                Interlocked.Increment(ref Runs[i]);
            }
        }
    }

    private struct FailWork : IWorkItem
    {
        public int FailingThread;

        public readonly void Execute(int begin, int end, int thread)
        {
            if (thread == FailingThread)
            {
                throw new InvalidOperationException($"task failed on thread {thread}");
            }
        }
    }
}
