using MlNetCnn.Kernels.Fast;

namespace MlNetCnn.Kernels.Tests;

public class WorkerPoolTests
{
    [Theory]
    [InlineData(1, 10)]
    [InlineData(2, 1)]
    [InlineData(3, 10)]
    [InlineData(4, 3)]
    [InlineData(2, 1000)]
    public unsafe void Every_task_runs_exactly_once_on_a_valid_thread(int threads, int count)
    {
        using var pool = new WorkerPool(threads);
        for (int repeat = 0; repeat < 200; repeat++)
        {
            var owner = new int[count];
            var runs = new int[count];
            fixed (int* o = owner, r = runs)
            {
                var work = new RecordWork { Owner = o, Runs = r };
                pool.Run(ref work, count);
            }

            Assert.All(runs, n => Assert.Equal(1, n));
            Assert.All(owner, t => Assert.InRange(t, 0, threads - 1));
        }
    }

    [Fact]
    public void Parts_are_contiguous_and_cover_the_range()
    {
        Assert.Equal(0, WorkerPool.PartStart(10, 3, 0));
        Assert.Equal(3, WorkerPool.PartStart(10, 3, 1));
        Assert.Equal(6, WorkerPool.PartStart(10, 3, 2));
        Assert.Equal(10, WorkerPool.PartStart(10, 3, 3));
    }

    [Fact]
    public void A_worker_exception_reaches_the_caller_and_the_pool_keeps_working()
    {
        using var pool = new WorkerPool(2);
        var failing = new FailWork { FailingTask = 5 };
        var ex = Assert.Throws<InvalidOperationException>(() => pool.Run(ref failing, 8));
        Assert.Equal("task 5 failed", ex.Message);
        var fine = new FailWork { FailingTask = -1 };
        pool.Run(ref fine, 8);
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
        public int FailingTask;

        public readonly void Execute(int begin, int end, int thread)
        {
            if (FailingTask >= begin && FailingTask < end)
            {
                throw new InvalidOperationException($"task {FailingTask} failed");
            }
        }
    }
}
