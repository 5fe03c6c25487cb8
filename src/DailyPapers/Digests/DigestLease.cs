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
    private readonly string _owner = JobLease.NewOwner();
    private TimeSpan Ttl => TimeSpan.FromSeconds(Math.Max(1, settings.LeaseSeconds));

    /// <summary>
    /// Runs <paramref name="work"/> holding the lease; waits up to <paramref name="wait"/> for another holder to
    /// finish or expire. Returns false (work not run) when the lease stayed taken.
    /// </summary>
    public Task<bool> RunAsync(string name, TimeSpan wait, Func<CancellationToken, Task> work, CancellationToken ct) =>
        _lease.RunAsync(name, LockKeys.Digest, _owner, Ttl, wait, work, ct);
}
