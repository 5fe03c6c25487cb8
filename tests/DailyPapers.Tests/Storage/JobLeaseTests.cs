using DailyPapers.Storage;

namespace DailyPapers.Tests.Storage;

/// <summary>The cluster lease behind harvest, digest, demo-import and embedding jobs, on both dialects.</summary>
public sealed class JobLeaseTests
{
    private const long Key = 0x4450_7777;

    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Dialects), MemberType = typeof(TestDatabase))]
    public async Task Only_one_of_two_concurrent_runs_does_the_work_and_the_lease_is_free_afterwards(string dialect)
    {
        await using var t = await TestDatabase.CreateAsync(dialect);
        var lease = new JobLease(t.Db);
        var inside = new TaskCompletionSource();
        var release = new TaskCompletionSource();
        var first = lease.RunAsync("job", Key, "node-a", TimeSpan.FromMinutes(1), TimeSpan.Zero, async _ =>
        {
            inside.SetResult();
            await release.Task;
        }, CancellationToken.None);
        await inside.Task;

        var secondRan = false;
        Assert.False(await lease.RunAsync("job", Key, "node-b", TimeSpan.FromMinutes(1), TimeSpan.Zero, _ => { secondRan = true; return Task.CompletedTask; }, CancellationToken.None));
        Assert.False(secondRan);
        // A different job name is a different lease.
        Assert.True(await lease.RunAsync("other-job", Key, "node-b", TimeSpan.FromMinutes(1), TimeSpan.Zero, _ => Task.CompletedTask, CancellationToken.None));

        release.SetResult();
        Assert.True(await first);
        Assert.True(await lease.TryAcquireAsync("job", Key, "node-b", TimeSpan.FromMinutes(1)));
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Dialects), MemberType = typeof(TestDatabase))]
    public async Task A_run_longer_than_the_lease_keeps_it_by_renewing(string dialect)
    {
        await using var t = await TestDatabase.CreateAsync(dialect);
        var lease = new JobLease(t.Db);
        // Long enough that a loaded CI machine (both test assemblies at once on 2 cores) renews in time: renewal comes
        // every second; only a stall of two seconds would let node-b in (at 600 ms the margin was 400 ms, and it flaked).
        var ttl = TimeSpan.FromSeconds(3);
        var takenByOther = false;
        Assert.True(await lease.RunAsync("job", Key, "node-a", ttl, TimeSpan.Zero, async ct =>
        {
            // Three lease lives: without renewal another node could take it after the first.
            for (var i = 0; i < 6; i++)
            {
                await Task.Delay(ttl / 2, ct);
                takenByOther |= await lease.TryAcquireAsync("job", Key, "node-b", ttl, ct);
            }
        }, CancellationToken.None));
        Assert.False(takenByOther);
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Dialects), MemberType = typeof(TestDatabase))]
    public async Task A_lease_left_by_a_dead_holder_lapses_and_a_waiting_run_then_goes_ahead(string dialect)
    {
        await using var t = await TestDatabase.CreateAsync(dialect);
        var lease = new JobLease(t.Db);
        // node-a takes a short lease and "dies" (never renews nor releases).
        Assert.True(await lease.TryAcquireAsync("job", Key, "node-a", TimeSpan.FromMilliseconds(500)));
        Assert.False(await lease.RunAsync("job", Key, "node-b", TimeSpan.FromMinutes(1), TimeSpan.Zero, _ => Task.CompletedTask, CancellationToken.None));
        var ran = false;
        Assert.True(await lease.RunAsync("job", Key, "node-b", TimeSpan.FromMinutes(1), TimeSpan.FromSeconds(10), _ => { ran = true; return Task.CompletedTask; }, CancellationToken.None));
        Assert.True(ran);
    }
}
