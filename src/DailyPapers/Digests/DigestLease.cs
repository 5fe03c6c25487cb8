using DailyPapers.Storage;

namespace DailyPapers.Digests;

/// <summary>
/// Runs digest work under a cluster lease (<see cref="JobLease"/>, <see cref="LockKeys.Digest"/>) so two nodes (or a
/// node and a hand-run CLI) never build or send at once. The lease is short and renewed at a third of its life
/// while the work runs, so a killed process blocks the job for one lease at most; if renewal finds the lease
/// taken (this process stalled past its expiry) the work is cancelled.
/// </summary>
public sealed class DigestLease(Database db, DigestSettings settings, TimeProvider? clock = null)
{
    public const string Build = "digest-build";
    public const string Send = "digest-send";

    private readonly JobLease _lease = new(db, clock);
    private readonly string _owner = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid():N}";
    private TimeSpan Ttl => TimeSpan.FromSeconds(Math.Max(1, settings.LeaseSeconds));

    /// <summary>
    /// Runs <paramref name="work"/> holding the lease; waits up to <paramref name="wait"/> for another holder to
    /// finish or expire. Returns false (work not run) when the lease stayed taken.
    /// </summary>
    public async Task<bool> RunAsync(string name, TimeSpan wait, Func<CancellationToken, Task> work, CancellationToken ct)
    {
        var until = DateTime.UtcNow + wait;
        while (!await _lease.TryAcquireAsync(name, LockKeys.Digest, _owner, Ttl, ct))
        {
            if (DateTime.UtcNow >= until) return false;
            await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(1000, Ttl.TotalMilliseconds / 4)), ct);
        }
        using var lost = CancellationTokenSource.CreateLinkedTokenSource(ct);
        using var done = new CancellationTokenSource();
        var renew = Task.Run(async () =>
        {
            try
            {
                while (true)
                {
                    await Task.Delay(Ttl / 3, done.Token);
                    if (!await _lease.TryAcquireAsync(name, LockKeys.Digest, _owner, Ttl, done.Token)) { await lost.CancelAsync(); return; }
                }
            }
            catch (OperationCanceledException) { }
        }, CancellationToken.None);
        try
        {
            await work(lost.Token);
            return true;
        }
        finally
        {
            await done.CancelAsync();
            await renew;
            await _lease.ReleaseAsync(name, _owner, CancellationToken.None);
        }
    }
}
