using DailyPapers.Digests;
using DailyPapers.Mail;
using DailyPapers.Storage;

namespace DailyPapers.Web.Jobs;

/// <summary>
/// The digest builder of a node (when DailyPapers:Digest:Enabled and BackgroundJobs): looks every few minutes for
/// periods that closed (see <see cref="DigestSettings.BuildHourUtc"/>) and builds them into the mail outbox, under
/// a cluster lease so with several nodes one builds. The outbox's own sender (<see cref="MailService"/>) delivers
/// them with every other mail. The same code runs as <c>dailypapers digest build</c>.
/// </summary>
public sealed class DigestService(
    DigestSettings settings, DigestStore store, PaperStore papers, AppState state, Database db,
    IServiceProvider services, TimeProvider clock, ILogger<DigestService> log) : ScheduledJob(clock, log)
{
    /// <summary>How often the builder checks for a newly closed period; building a built period is a no-op.</summary>
    private static readonly TimeSpan BuildCheckInterval = TimeSpan.FromMinutes(5);

    protected override string Name => "digest build";
    protected override TimeSpan RetryDelay => BuildCheckInterval;

    protected override Task<bool> StartingAsync(CancellationToken ct)
    {
        if (!settings.Enabled || !settings.BackgroundJobs) return Task.FromResult(false);
        log.LogInformation("digest: building {Hour}:00 UTC after each period", settings.BuildHourUtc);
        return Task.FromResult(true);
    }

    protected override async Task<TimeSpan> RoundAsync(CancellationToken ct)
    {
        await BuildOnceAsync(ct);
        return BuildCheckInterval;
    }

    private DigestLease Lease() => new(db, settings, Clock);
    private void Log(string m) => log.LogInformation("{Message}", m);

    public async Task BuildOnceAsync(CancellationToken ct)
    {
        var builder = new DigestBuilder(store, papers, state, settings, services.GetService<AlertSearch>(), Log, Clock);
        if (!await Lease().RunAsync(DigestLease.Build, TimeSpan.Zero, t => builder.BuildDueAsync(t), ct))
            log.LogDebug("digest build: another node holds the lease");
    }
}
