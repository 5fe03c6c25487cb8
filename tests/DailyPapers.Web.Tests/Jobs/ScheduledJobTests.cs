using DailyPapers.Web.Jobs;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace DailyPapers.Web.Tests.Jobs;

/// <summary>
/// Issue 11.5: every background job runs one loop. Time is a <see cref="FakeTimeProvider"/>: the tests move it and
/// watch rounds happen, with no real-time sleep before a negative assertion.
/// </summary>
public sealed class ScheduledJobTests
{
    private static readonly TimeSpan Every = TimeSpan.FromMinutes(5), Retry = TimeSpan.FromMinutes(1);

    private sealed class CountingJob(FakeTimeProvider clock, Func<int, Exception?> failure, bool start = true)
        : ScheduledJob(clock, NullLogger.Instance)
    {
        public int Rounds, Handled;
        public bool HasStopped;
        public Task LastWait = Task.CompletedTask;
        public readonly SemaphoreSlim Ran = new(0), Waiting = new(0);
        protected override string Name => "counting";
        protected override TimeSpan RetryDelay => Retry;
        protected override Task<bool> StartingAsync(CancellationToken ct) => Task.FromResult(start);

        protected override Task<TimeSpan> RoundAsync(CancellationToken ct)
        {
            var n = Interlocked.Increment(ref Rounds);
            Ran.Release();
            if (failure(n) is { } e) throw e;
            return Task.FromResult(Every);
        }

        protected override TimeSpan? Handle(Exception e)
        {
            if (e is not TimeoutException) return null;
            Handled++;
            return TimeSpan.FromSeconds(10);
        }

        protected override void Stopped() => HasStopped = true;

        // The wait's timer exists once base.WaitAsync returns: only then may a test move the clock.
        protected override Task WaitAsync(TimeSpan delay, CancellationToken ct)
        {
            var wait = base.WaitAsync(delay, ct);
            LastWait = wait;
            Waiting.Release();
            return wait;
        }
    }

    /// <summary>Waits for a round and for the loop to be waiting on the clock after it.</summary>
    private static async Task WaitRoundAsync(CountingJob job)
    {
        Assert.True(await job.Ran.WaitAsync(TimeSpan.FromSeconds(30)), "the job did not run a round");
        Assert.True(await job.Waiting.WaitAsync(TimeSpan.FromSeconds(30)), "the job did not wait after its round");
    }

    /// <summary>Moves the clock and checks, without sleeping, that the loop's wait is still pending (no round is due).</summary>
    private static void AssertNoRound(CountingJob job, FakeTimeProvider clock, TimeSpan advance)
    {
        clock.Advance(advance);
        Assert.False(job.LastWait.IsCompleted, $"the wait ended only {advance} later");
    }

    [Fact]
    public async Task Rounds_follow_the_interval_the_round_returns_and_time_does_not_pass_by_itself()
    {
        var clock = new FakeTimeProvider();
        var job = new CountingJob(clock, _ => null);
        await job.StartAsync(CancellationToken.None);
        await WaitRoundAsync(job);
        AssertNoRound(job, clock, Every - TimeSpan.FromSeconds(1));
        clock.Advance(TimeSpan.FromSeconds(1));
        await WaitRoundAsync(job);
        Assert.Equal(2, job.Rounds);
        await job.StopAsync(CancellationToken.None);
        Assert.True(job.HasStopped);
    }

    [Fact]
    public async Task A_failed_round_is_retried_after_the_retry_delay_and_a_handled_one_after_its_own_wait()
    {
        var clock = new FakeTimeProvider();
        var job = new CountingJob(clock, n => n switch { 1 => new InvalidOperationException("boom"), 2 => new TimeoutException(), _ => null });
        await job.StartAsync(CancellationToken.None);
        await WaitRoundAsync(job);                 // fails: retry in 1 min, not 5
        AssertNoRound(job, clock, Retry - TimeSpan.FromSeconds(1));
        clock.Advance(TimeSpan.FromSeconds(1));
        await WaitRoundAsync(job);                 // handled by the job: its own 10 s
        clock.Advance(TimeSpan.FromSeconds(10));
        await WaitRoundAsync(job);
        Assert.Equal(3, job.Rounds);
        Assert.Equal(1, job.Handled);
        await job.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task A_job_that_declines_to_start_runs_no_round()
    {
        var clock = new FakeTimeProvider();
        var job = new CountingJob(clock, _ => null, start: false);
        await job.StartAsync(CancellationToken.None);
        await job.ExecuteTask!.WaitAsync(TimeSpan.FromSeconds(30)); // the loop ends by itself
        clock.Advance(TimeSpan.FromHours(1));
        Assert.Equal(0, job.Rounds);
        Assert.Equal(0, job.Waiting.CurrentCount);
        Assert.True(job.HasStopped);
        await job.StopAsync(CancellationToken.None);
    }
}
