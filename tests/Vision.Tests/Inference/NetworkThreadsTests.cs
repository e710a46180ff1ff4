using Ledger.Vision.Inference;
using Ledger.Vision.Tests.Support;
using Xunit;

namespace Ledger.Vision.Tests.Inference;

/// <summary>
/// The networks run on threads of their own at a lower CPU priority (<see cref="NetworkThreads"/>): the work reaches
/// those threads and comes back whole, and the callers keep their own priority.
/// </summary>
[Collection(VisionPipelineCollection.Name)]
public sealed class NetworkThreadsTests(VisionPipeline pipeline)
{
    [Fact]
    public void A_run_executes_on_a_thread_at_the_nice_value_and_the_caller_keeps_its_own()
    {
        Assert.True(ThreadNice.Supported, "these tests run on Linux, where every thread has its own nice value");
        var callerBefore = ThreadNice.Current();
        using var threads = new NetworkThreads(2, 6);

        var (nice, thread) = threads.Run(() => (ThreadNice.Current(), Environment.CurrentManagedThreadId));

        Assert.Equal(6, nice);
        Assert.NotEqual(Environment.CurrentManagedThreadId, thread);
        Assert.Equal(callerBefore, ThreadNice.Current());
        Assert.Equal(0, threads.Refused);
    }

    [Fact]
    public void A_failing_run_throws_its_own_exception_at_the_caller()
    {
        using var threads = new NetworkThreads(1, 5);

        var thrown = Assert.Throws<InvalidDataException>(() => threads.Run<int>(() => throw new InvalidDataException("bad tensor")));

        Assert.Equal("bad tensor", thrown.Message);
        Assert.Equal(7, threads.Run(() => 7)); // the thread lives on for the next run
    }

    [Fact]
    public void More_callers_than_threads_all_get_their_own_answer_and_never_more_run_at_once_than_there_are_threads()
    {
        using var threads = new NetworkThreads(2, 5);
        var running = 0;
        var most = 0;

        var answers = new int[24];
        Parallel.For(0, answers.Length, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i => answers[i] = threads.Run(() =>
        {
            var now = Interlocked.Increment(ref running);
            InterlockedMax(ref most, now);
            Thread.Sleep(5);
            Interlocked.Decrement(ref running);
            return i * i;
        }));

        Assert.Equal(Enumerable.Range(0, answers.Length).Select(i => i * i), answers);
        Assert.InRange(most, 1, 2);
    }

    [Fact]
    public void A_run_started_from_a_run_executes_in_place_instead_of_waiting_for_a_thread()
    {
        using var threads = new NetworkThreads(1, 5);

        // With one thread, the inner run waiting for a free thread would wait for itself.
        var inner = threads.Run(() => threads.Run(() => Environment.CurrentManagedThreadId) == Environment.CurrentManagedThreadId);

        Assert.True(inner);
    }

    [Fact]
    public void Nice_values_Linux_does_not_have_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new NetworkThreads(1, -1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new NetworkThreads(1, 20));
        Assert.Throws<ArgumentOutOfRangeException>(() => new NetworkThreads(0, 5));
    }

    [Fact]
    public void A_model_on_the_threads_gives_the_same_outputs_and_its_runtime_threads_inherit_the_nice_value()
    {
        // A nice value no other test uses, so the threads counted are this model's.
        const int nice = 8;
        var before = ThreadsAtNice(nice);
        using var threads = new NetworkThreads(1, nice);
        var info = pipeline.Models.Pack.Get(ModelPack.FaceLandmark68) with { Id = $"face_landmark_68/{Guid.NewGuid():N}" };
        var limiter = InferencePipeline.Create(pipeline.Options);
        var chip = Enumerable.Range(0, 112 * 112 * 3).Select(i => (i % 251) / 250f).ToArray();
        long[] shape = [1, 112, 112, 3];

        float[] onThreads;
        using (var model = new OnnxModel(info, VisionModels.DefaultSessionOptions(), null, new RunsInFlight(), limiter, threads))
        {
            onThreads = model.Run(chip, shape, ["landmarks"])[0];
            // Ours, and ONNX Runtime's intra-op workers (one fewer than its threads: the caller is the other).
            Assert.Equal(1 + (Environment.ProcessorCount - 1), ThreadsAtNice(nice) - before);
        }
        using var onCaller = new OnnxModel(info, VisionModels.DefaultSessionOptions(), null, new RunsInFlight(), limiter);

        Assert.Equal(onCaller.Run(chip, shape, ["landmarks"])[0], onThreads);
    }

    private static int ThreadsAtNice(int nice) => Directory.GetDirectories("/proc/self/task").Count(task =>
    {
        try
        {
            return ThreadNice.Of(Path.Combine(task, "stat")) == nice;
        }
        catch (IOException)
        {
            return false; // the thread ended while being read
        }
    });

    private static void InterlockedMax(ref int target, int value)
    {
        int seen;
        while ((seen = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, seen) != seen)
        {
        }
    }
}
