using System.Globalization;
using DailyPapers.Search;
using DailyPapers.Storage;
using DailyPapers.Web.Jobs;

namespace DailyPapers.Web.Operations;

/// <summary>One readiness check: its name, whether it passed, and what it saw.</summary>
public sealed record ReadinessCheck(string Name, bool Ok, string Detail);

/// <summary>All checks of one /readyz answer; ready when every one passed.</summary>
public sealed record ReadinessReport(IReadOnlyList<ReadinessCheck> Checks)
{
    public bool Ready => Checks.All(c => c.Ok);
}

/// <summary>
/// What /readyz asks before a load balancer sends this node traffic: the database answers, its schema is the one this
/// build knows, the first-start demo import is over (an empty database with no corpus counts: nothing to import), and
/// this node's full-text index and vectors have caught up with the database's logs. Read fresh on every probe (a
/// handful of indexed queries), each bounded by <see cref="HealthSettings.CheckTimeoutSeconds"/>.
/// </summary>
public sealed class Readiness(Database db, OperationsStore ops, SearchService search, DemoCorpusStatus demo, HealthSettings settings, TimeProvider clock)
{
    public async Task<ReadinessReport> CheckAsync(CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(settings.CheckTimeoutSeconds));
        var t = timeout.Token;
        var checks = new List<ReadinessCheck>
        {
            await RunAsync("database", async () => { await ops.PingAsync(t); return (true, $"{db.Dialect.Name} reachable"); }, t),
            await RunAsync("schema", () => SchemaAsync(t), t),
            DemoImport(),
            await RunAsync("search_index", () => SearchIndexAsync(t), t),
            await RunAsync("vectors", () => VectorsAsync(t), t),
        };
        return new ReadinessReport(checks);
    }

    private static async Task<ReadinessCheck> RunAsync(string name, Func<Task<(bool Ok, string Detail)>> check, CancellationToken ct)
    {
        try
        {
            var (ok, detail) = await check();
            return new ReadinessCheck(name, ok, detail);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            return new ReadinessCheck(name, false, "timed out");
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // The message only (a connection refused, a missing table), never a stack trace to an anonymous caller.
            return new ReadinessCheck(name, false, $"{e.GetType().Name}: {e.Message}");
        }
    }

    private async Task<(bool, string)> SchemaAsync(CancellationToken ct)
    {
        var known = Migrator.KnownVersion(db.Dialect);
        var current = await Migrator.CurrentVersionAsync(db, ct);
        return current == known
            ? (true, $"version {current}")
            : (false, $"version {current}, this build expects {known}");
    }

    private ReadinessCheck DemoImport() => demo.Settled.IsCompleted
        ? new ReadinessCheck("demo_import", true, demo.Outcome ?? "done")
        : new ReadinessCheck("demo_import", false, demo.Message ?? "first-start check running");

    private async Task<(bool, string)> SearchIndexAsync(CancellationToken ct)
    {
        if (search.Rebuilding) return (false, "rebuilding from the database");
        var lag = await ops.ChangeLagAsync(search.Lexical.AppliedSeq, ct);
        return Judge(lag, "changes");
    }

    private async Task<(bool, string)> VectorsAsync(CancellationToken ct)
    {
        // Both vector indexes read the whole embedding log (each keeps its own model's rows): the slower one decides.
        var loaded = Math.Min(search.FullVectors.LoadedRowId, search.StaticVectors.LoadedRowId);
        var lag = await ops.EmbeddingLagAsync(loaded, ct);
        var (ok, detail) = Judge(lag, "embedding rows");
        return (ok, $"{search.FullVectors.Count:N0} full and {search.StaticVectors.Count:N0} static vectors loaded; {detail}");
    }

    /// <summary>Behind is fine while it is a few rows, or a few seconds (see <see cref="HealthSettings.MaxIndexLagRows"/>).</summary>
    private (bool, string) Judge(LogLag lag, string what)
    {
        if (lag.Rows == 0) return (true, "caught up");
        var age = lag.Age(clock.GetUtcNow());
        var ok = lag.Rows <= settings.MaxIndexLagRows || age.TotalSeconds <= settings.MaxIndexLagSeconds;
        return (ok, string.Create(CultureInfo.InvariantCulture,
            $"{lag.Rows:N0} {what} behind, the oldest {age.TotalSeconds:N1} s old (ready within {settings.MaxIndexLagRows:N0} rows or {settings.MaxIndexLagSeconds:N1} s)"));
    }
}
