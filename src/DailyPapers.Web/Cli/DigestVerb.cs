using DailyPapers.Digests;
using DailyPapers.Mail;
using DailyPapers.Search;
using DailyPapers.Storage;

namespace DailyPapers.Web.Cli;

/// <summary>
/// <c>digest build|send [--period daily:YYYY-MM-DD|weekly:YYYY-Www] [--dry-run] [--to ADDRESS]</c>: the digest
/// jobs run once, by hand, under the same cluster lease as the background service (waiting for it up to two
/// lease lifetimes). build without --period builds the due periods (high-water mark, look-back cap); send
/// delivers everything due (optionally one period or one address) until nothing due is left.
/// </summary>
public static class DigestVerb
{
    public static async Task<int> RunAsync(CliContext cx)
    {
        if (cx.Positionals.Count == 0) throw new CliUsageException("name a step: build or send");
        if (cx.Positionals.Count > 1) throw new CliUsageException($"unexpected argument \"{cx.Positionals[1]}\"");
        var step = cx.Positionals[0];
        if (step is not ("build" or "send")) throw new CliUsageException($"unknown step \"{step}\" (expected build or send)");
        DigestPeriod? period = null;
        if (cx.Option("--period") is { } ps)
            period = DigestPeriod.TryParse(ps, out var p, out var error) ? p : throw new CliUsageException(error);
        string? to = null;
        if (cx.Option("--to") is { } t)
            to = EmailAddress.Normalize(t, out var error) ?? throw new CliUsageException($"--to: {error}");
        var dryRun = cx.Flag("--dry-run");

        var settings = cx.Options.DigestSettings;
        var store = new DigestStore(cx.Database, cx.Clock);
        var lease = new DigestLease(cx.Database, settings, cx.Clock);
        var wait = TimeSpan.FromSeconds(2 * Math.Max(1, settings.LeaseSeconds));
        void Log(string m) => cx.Error.WriteLine(m);

        if (step == "build")
        {
            using var search = await store.HasSearchAlertsAsync(cx.Cancellation)
                ? await SearchService.OpenAsync(new PaperStore(cx.Database), new EmbeddingStore(cx.Database), SearchPaths.IndexFolder(cx.Options.DataDir),
                    SearchPaths.ModelCache(cx.Options.DataDir), Log, cx.Cancellation)
                : null;
            AlertSearch? alertSearch = search is null ? null : async (q, ct) => (await search.SearchAsync(q, ct)).Hits.Select(h => h.PaperId).ToList();
            var builder = new DigestBuilder(store, new PaperStore(cx.Database, cx.Clock), new AppState(cx.Database, cx.Clock), settings, alertSearch, Log, cx.Clock);
            IReadOnlyList<BuildReport> reports = [];
            async Task Build(CancellationToken ct)
            {
                if (period is { } one) reports = [await builder.BuildAsync(one, dryRun, to, ct)];
                else if (dryRun || to is not null)
                {
                    var list = new List<BuildReport>();
                    foreach (var c in new[] { Cadence.Daily, Cadence.Weekly })
                        foreach (var due in await builder.DuePeriodsAsync(c, ct)) list.Add(await builder.BuildAsync(due, dryRun, to, ct));
                    reports = list;
                }
                else reports = await builder.BuildDueAsync(ct);
            }
            if (dryRun) await Build(cx.Cancellation); // writes nothing: no lease needed
            else if (!await lease.RunAsync(DigestLease.Build, wait, Build, cx.Cancellation))
            {
                cx.Error.WriteLine("digest build: another process holds the build lease; try again later");
                return 1;
            }
            if (reports.Count == 0) cx.Out.WriteLine("digest build: no period is due");
            foreach (var r in reports) cx.Out.WriteLine($"digest build: {r}");
            return 0;
        }

        var sender = new DigestSender(store, new MailSender(cx.Options.Smtp, cx.Options.MailFolder), settings,
            new DigestTokens(await store.TokenKeyAsync(cx.Cancellation), cx.Clock), Log, cx.Clock, mailSettings: cx.Options.Mail);
        var report = new SendReport(0, 0, 0, 0, 0, false);
        async Task Send(CancellationToken ct) => report = await sender.SendDueAsync(period?.Key, to, dryRun, ct);
        if (dryRun) await Send(cx.Cancellation);
        else if (!await lease.RunAsync(DigestLease.Send, wait, Send, cx.Cancellation))
        {
            cx.Error.WriteLine("digest send: another process holds the send lease; try again later");
            return 1;
        }
        if (!dryRun) cx.Out.WriteLine($"digest send: {report}");
        return report.ServerUnavailable ? 1 : 0;
    }
}
