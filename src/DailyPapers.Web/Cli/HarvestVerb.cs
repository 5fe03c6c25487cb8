using DailyPapers.Ingest;
using DailyPapers.Ingest.Harvest;
using DailyPapers.Storage;

namespace DailyPapers.Web.Cli;

/// <summary>
/// <c>harvest arxiv --from DATE [--until DATE] [--set SET] [--prefix arXiv|arXivRaw] [--stop-after N]</c> and
/// <c>harvest hf (--date DATE | --from DATE --until DATE) [--limit N]</c>; both take <c>--url BASE</c> (default from
/// configuration) and <c>--delay SECONDS</c> (least time between requests).
/// </summary>
public static class HarvestVerb
{
    public static async Task<int> RunAsync(CliContext cx)
    {
        if (cx.Positionals.Count == 0) throw new CliUsageException("name a source: arxiv or hf");
        if (cx.Positionals.Count > 1) throw new CliUsageException($"unexpected argument \"{cx.Positionals[1]}\"");
        var source = cx.Positionals[0];
        if (source is not ("arxiv" or "hf")) throw new CliUsageException($"unknown source \"{source}\" (expected arxiv or hf)");

        using var http = new HarvestHttp();
        var importer = new Importer(new PaperStore(cx.Database, cx.Clock), m => cx.Error.WriteLine(m));
        try
        {
            // The same lease as the nodes' scheduled harvest, so a hand-run harvest never overlaps one.
            HarvestResult? result = null;
            var ran = await new JobLease(cx.Database, cx.Clock).RunAsync(Jobs.HarvestService.LeaseName, LockKeys.Harvest, JobLease.NewOwner(),
                Jobs.HarvestService.LeaseTtl, TimeSpan.Zero,
                async _ => result = source == "arxiv" ? await ArxivAsync(cx, http, importer) : await HfAsync(cx, http, importer), cx.Cancellation);
            if (!ran)
            {
                cx.Error.WriteLine($"harvest {source}: a web node (or another harvest command) is harvesting right now; " +
                    $"try again when it is done (its lease lapses by itself within {Jobs.HarvestService.LeaseTtl.TotalMinutes:0} minutes if that process died)");
                return 1;
            }
            cx.Out.WriteLine($"harvest {source}: {result}");
            return 0;
        }
        catch (HarvestException e)
        {
            cx.Error.WriteLine($"harvest {source}: {e.Message}");
            return 1;
        }
    }

    private static Task<HarvestResult> ArxivAsync(CliContext cx, HarvestHttp http, Importer importer)
    {
        var from = cx.DateOption("--from") ?? throw new CliUsageException("harvest arxiv needs --from DATE");
        var until = cx.DateOption("--until");
        if (until is { } u && u < from) throw new CliUsageException($"--until {u:yyyy-MM-dd} is before --from {from:yyyy-MM-dd}");
        var prefix = cx.Option("--prefix") ?? "arXiv";
        // Accept any letter case, send the spelling OAI-PMH expects (prefixes are case-sensitive there).
        prefix = ArxivHarvestRequest.Prefixes.FirstOrDefault(p => p.Equals(prefix, StringComparison.OrdinalIgnoreCase))
            ?? throw new CliUsageException($"--prefix \"{prefix}\" must be arXiv or arXivRaw");
        var set = cx.Option("--set");
        if (set is not null && (set.Length == 0 || set.Any(char.IsWhiteSpace))) throw new CliUsageException($"--set \"{set}\" is not an OAI set (e.g. cs or physics:hep-th)");
        NoOption(cx, "arxiv", "--date", "--limit");

        var request = new ArxivHarvestRequest
        {
            From = from, Until = until, Set = set, MetadataPrefix = prefix,
            StopAfterQuietPages = cx.IntOption("--stop-after", 0, 0, 100_000),
        };
        var baseUrl = BaseUrl(cx, cx.Options.ArxivOaiUrl);
        var polite = Polite(cx, http, Delay(cx, cx.Options.HarvestDelaySeconds));
        var harvester = new ArxivOaiHarvester(polite, baseUrl, importer, new AppState(cx.Database, cx.Clock), m => cx.Error.WriteLine(m));
        cx.Error.WriteLine($"harvest arxiv: {baseUrl} {prefix} from {from:yyyy-MM-dd}{(until is { } t ? $" until {t:yyyy-MM-dd}" : "")}{(set is null ? "" : $" set {set}")}");
        return harvester.HarvestAsync(request, cx.Cancellation);
    }

    private static Task<HarvestResult> HfAsync(CliContext cx, HarvestHttp http, Importer importer)
    {
        var date = cx.DateOption("--date");
        var from = cx.DateOption("--from");
        var until = cx.DateOption("--until");
        NoOption(cx, "hf", "--set", "--prefix", "--stop-after");
        DateOnly first, last;
        if (date is { } d)
        {
            if (from is not null || until is not null) throw new CliUsageException("give either --date or --from and --until, not both");
            (first, last) = (d, d);
        }
        else if (from is { } f && until is { } u)
        {
            if (u < f) throw new CliUsageException($"--until {u:yyyy-MM-dd} is before --from {f:yyyy-MM-dd}");
            if (u.DayNumber - f.DayNumber >= HfHarvester.MaxDays) throw new CliUsageException($"--from..--until spans more than {HfHarvester.MaxDays} days");
            (first, last) = (f, u);
        }
        else throw new CliUsageException(from is null && until is null ? "harvest hf needs --date DATE or --from DATE --until DATE" : "--from and --until go together");

        var baseUrl = BaseUrl(cx, cx.Options.HfUrl);
        var polite = Polite(cx, http, Delay(cx, cx.Options.HfHarvestDelaySeconds));
        var harvester = new HfHarvester(polite, baseUrl, importer, m => cx.Error.WriteLine(m)) { Limit = cx.IntOption("--limit", 50, 1, HfHarvester.MaxLimit) };
        cx.Error.WriteLine($"harvest hf: {baseUrl} {first:yyyy-MM-dd}..{last:yyyy-MM-dd}");
        return harvester.HarvestAsync(first, last, cx.Cancellation);
    }

    private static PoliteHttp Polite(CliContext cx, HarvestHttp http, TimeSpan delay) =>
        new(http.Client, new PoliteHttpOptions { MinInterval = delay }, cx.Clock, m => cx.Error.WriteLine(m));

    private static Uri BaseUrl(CliContext cx, string configured)
    {
        var s = cx.Option("--url") ?? configured;
        return Uri.TryCreate(s, UriKind.Absolute, out var u) && u.Scheme is "http" or "https"
            ? u
            : throw new CliUsageException($"--url \"{s}\" is not an http(s) URL");
    }

    private static TimeSpan Delay(CliContext cx, double configuredSeconds)
    {
        var s = cx.Option("--delay");
        if (s is null) return TimeSpan.FromSeconds(configuredSeconds);
        const double MaxSeconds = 3600;
        return double.TryParse(s, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var v) && v is >= 0 and <= MaxSeconds
            ? TimeSpan.FromSeconds(v)
            : throw new CliUsageException($"--delay \"{s}\" must be a number of seconds from 0 to {MaxSeconds}");
    }

    private static void NoOption(CliContext cx, string source, params string[] names)
    {
        foreach (var n in names)
            if (cx.Option(n) is not null || cx.Flag(n)) throw new CliUsageException($"{n} does not apply to harvest {source}");
    }
}
