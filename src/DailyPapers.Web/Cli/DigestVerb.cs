using System.CommandLine;
using DailyPapers.Digests;
using DailyPapers.Mail;
using DailyPapers.Storage;

namespace DailyPapers.Web.Cli;

/// <summary>
/// <c>digest build|send [--period daily:YYYY-MM-DD|weekly:YYYY-Www] [--dry-run] [--to ADDRESS]</c>: the digest
/// jobs run once, by hand, under the same cluster lease as the background service (waiting for it up to two
/// lease lifetimes), with the site's own settings and mail transport. build without --period builds the due periods
/// (high-water mark, look-back cap); send delivers everything due (optionally one period or one address) until nothing due is left.
/// </summary>
public sealed class DigestVerb : IVerb
{
    private readonly Argument<string?> _step = new("step") { Description = "build (into the outbox) or send (deliver the outbox)", Arity = ArgumentArity.ZeroOrOne };
    private readonly Option<string?> _period = CliOptions.Text("--period", "daily:YYYY-MM-DD|weekly:YYYY-Www", "one period instead of all that are due");
    private readonly Option<bool> _dryRun = CliOptions.Flag("--dry-run", "say what would be built or sent, write and send nothing");
    private readonly Option<string?> _to = CliOptions.Text("--to", "ADDRESS", "only this subscriber");

    public Command Define() => new("digest", "build the due email digests into the outbox, or deliver the outbox") { _step, _period, _dryRun, _to };

    public async Task<int> RunAsync(VerbContext cx)
    {
        var step = cx.Value(_step) ?? throw new CliUsageException("name a step: build or send");
        if (step is not ("build" or "send")) throw new CliUsageException($"unknown step \"{step}\" (expected build or send)");
        DigestPeriod? period = null;
        if (cx.Value(_period) is { } ps)
            period = DigestPeriod.TryParse(ps, out var p, out var error) ? p : throw new CliUsageException(error);
        string? to = null;
        if (cx.Value(_to) is { } t)
            to = EmailAddress.Normalize(t, out var error) ?? throw new CliUsageException($"--to: {error}");
        var dryRun = cx.Value(_dryRun);

        var settings = cx.Service<DigestSettings>();
        var store = cx.Service<DigestStore>();
        var lease = new DigestLease(cx.Service<Database>(), settings, cx.Clock);
        var wait = TimeSpan.FromSeconds(2 * Math.Max(1, settings.LeaseSeconds));
        return step == "build"
            ? await BuildAsync(cx, store, settings, lease, wait, period, to, dryRun)
            : await SendAsync(cx, store, settings, lease, wait, period, to, dryRun);
    }

    private static async Task<int> BuildAsync(VerbContext cx, DigestStore store, DigestSettings settings, DigestLease lease, TimeSpan wait,
        DigestPeriod? period, string? to, bool dryRun)
    {
        // Alerts need this node's index, current; without any alert the index is not even opened.
        AlertSearch? alerts = null;
        if (await store.HasSearchAlertsAsync(cx.Cancellation))
        {
            await cx.SearchAsync();
            alerts = cx.Service<AlertSearch>();
        }
        var builder = new DigestBuilder(store, cx.Service<PaperStore>(), cx.Service<AppState>(), settings, alerts, cx.Error.WriteLine, cx.Clock);
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

    private static async Task<int> SendAsync(VerbContext cx, DigestStore store, DigestSettings settings, DigestLease lease, TimeSpan wait,
        DigestPeriod? period, string? to, bool dryRun)
    {
        // The site's transport (DailyPapers:Smtp, from every configuration source) and counters, not a copy of them.
        var sender = new DigestSender(store, cx.Service<MailSender>(), settings, cx.Service<DigestTokens>(), cx.Error.WriteLine, cx.Clock,
            cx.Service<MailCounters>(), cx.Service<MailSettings>());
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
