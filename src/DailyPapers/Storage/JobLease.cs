using Dapper;

namespace DailyPapers.Storage;

/// <summary>
/// A named lease in app_state so a scheduled job runs on one node at a time without holding a transaction (and
/// with it SQLite's write lock) for the whole run. Taking it is serialised by the cluster lock
/// (<see cref="Dialect.TransactionLockSql"/> on PostgreSQL; on SQLite the write transaction itself serialises);
/// it expires by itself, so a node that dies while holding it blocks the job for <c>ttl</c> at most.
/// </summary>
public sealed class JobLease(Database db, TimeProvider? clock = null)
{
    private readonly TimeProvider _clock = clock ?? TimeProvider.System;

    private static string Key(string name) => $"lease:{name}";

    /// <summary>Takes the lease for <paramref name="owner"/> unless someone else holds an unexpired one.</summary>
    public async Task<bool> TryAcquireAsync(string name, long lockKey, string owner, TimeSpan ttl, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        await c.ExecuteAsync(db.Dialect.TransactionLockSql(lockKey), transaction: tx);
        var now = _clock.GetUtcNow();
        var held = await c.ExecuteScalarAsync<string?>("SELECT value FROM app_state WHERE key = @key", new { key = Key(name) }, tx);
        if (held is not null && Parse(held) is var (holder, until) && holder != owner && until > now)
        {
            await tx.RollbackAsync(ct);
            return false;
        }
        await c.ExecuteAsync("""
            INSERT INTO app_state (key, value, updated_at) VALUES (@key, @value, @now)
            ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at
            """, new { key = Key(name), value = $"{SqlTime.Ts(now + ttl)} {owner}", now = SqlTime.Ts(now) }, tx);
        await tx.CommitAsync(ct);
        return true;
    }

    /// <summary>
    /// Runs <paramref name="work"/> holding the lease, waiting up to <paramref name="wait"/> for another holder to
    /// finish or expire; false (work not run) when it stayed taken. The lease is renewed at a third of its life while
    /// the work runs, so a killed process blocks the job for one <paramref name="ttl"/> at most; if renewal finds it
    /// taken (this process stalled past its expiry) the work is cancelled rather than run twice at once.
    /// </summary>
    public async Task<bool> RunAsync(string name, long lockKey, string owner, TimeSpan ttl, TimeSpan wait,
        Func<CancellationToken, Task> work, CancellationToken ct)
    {
        var until = _clock.GetUtcNow() + wait;
        while (!await TryAcquireAsync(name, lockKey, owner, ttl, ct))
        {
            if (_clock.GetUtcNow() >= until) return false;
            await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(1000, ttl.TotalMilliseconds / 4)), _clock, ct);
        }
        using var lost = CancellationTokenSource.CreateLinkedTokenSource(ct);
        using var done = new CancellationTokenSource();
        var renew = Task.Run(async () =>
        {
            try
            {
                while (true)
                {
                    await Task.Delay(ttl / 3, _clock, done.Token);
                    if (!await TryAcquireAsync(name, lockKey, owner, ttl, done.Token)) { await lost.CancelAsync(); return; }
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
            await ReleaseAsync(name, owner, CancellationToken.None);
        }
    }

    /// <summary>A lease owner name unique to this process and instance: host, process id, random part.</summary>
    public static string NewOwner() => $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid():N}";

    /// <summary>Gives the lease back if <paramref name="owner"/> still holds it.</summary>
    public async Task ReleaseAsync(string name, string owner, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        var held = await c.ExecuteScalarAsync<string?>("SELECT value FROM app_state WHERE key = @key", new { key = Key(name) });
        if (held is not null && Parse(held) is var (holder, _) && holder == owner)
            await c.ExecuteAsync("DELETE FROM app_state WHERE key = @key AND value = @held", new { key = Key(name), held });
    }

    /// <summary>Every unexpired lease: the job's name and who holds it (/metrics shows them).</summary>
    public async Task<IReadOnlyList<(string Job, string Owner)>> HoldersAsync(CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        var rows = await c.QueryAsync<(string Key, string Value)>(new CommandDefinition(
            "SELECT key, value FROM app_state WHERE key LIKE 'lease:%'", cancellationToken: ct));
        var now = _clock.GetUtcNow();
        return rows.Select(r => (Job: r.Key["lease:".Length..], Held: Parse(r.Value)))
            .Where(r => r.Held.Until > now).Select(r => (r.Job, r.Held.Owner)).ToList();
    }

    // Stored as "EXPIRES OWNER": the ISO timestamp has no spaces.
    private static (string Owner, DateTimeOffset Until) Parse(string value)
    {
        var space = value.IndexOf(' ');
        if (space <= 0 || SqlTime.ParseTs(value[..space]) is not { } until) return ("", DateTimeOffset.MinValue);
        return (value[(space + 1)..], until);
    }
}
