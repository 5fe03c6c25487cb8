using System.CommandLine;
using DailyPapers.Ingest;
using DailyPapers.Ingest.Harvest;
using DailyPapers.Storage;

namespace DailyPapers.Web.Cli;

/// <summary>
/// <c>harvest arxiv --from DATE [--until DATE] [--set SET] [--prefix arXiv|arXivRaw] [--stop-after N]</c> and
/// <c>harvest hf (--date DATE | --from DATE --until DATE) [--limit N]</c>; both take <c>--url BASE</c> (default from
/// configuration) and <c>--delay SECONDS</c> (least time between requests).
/// </summary>
public sealed class HarvestVerb : IVerb
{
    private const double MaxDelaySeconds = 3600;

    private readonly Argument<string?> _source = new("source") { Description = "arxiv (OAI-PMH) or hf (the HF daily-papers API)", Arity = ArgumentArity.ZeroOrOne };
    private readonly Option<DateOnly?> _from = CliOptions.Date("--from", "first day (arxiv: required; hf: with --until)");
    private readonly Option<DateOnly?> _until = CliOptions.Date("--until", "last day");
    private readonly Option<DateOnly?> _date = CliOptions.Date("--date", "hf: the one day to fetch");
    private readonly Option<string?> _set = CliOptions.Text("--set", "SET", "arxiv: OAI set, e.g. cs or physics:hep-th (default: all of arXiv)");
    private readonly Option<string?> _prefix = CliOptions.Text("--prefix", "arXiv|arXivRaw", "arxiv: metadata format (default arXiv)");
    private readonly Option<int> _stopAfter = CliOptions.Int("--stop-after", "N", "arxiv: stop after N pages in a row with nothing new (0: never)", 0, 0, 100_000);
    private readonly Option<int> _limit = CliOptions.Int("--limit", "N", "hf: papers per page", 50, 1, HfHarvester.MaxLimit);
    private readonly Option<string?> _url = CliOptions.Text("--url", "URL", "base URL of the source (default: DailyPapers:ArxivOaiUrl or DailyPapers:HfUrl)");
    private readonly Option<double?> _delay = CliOptions.Number("--delay", "SECONDS", "least time between two requests (default: DailyPapers:HarvestDelaySeconds or HfHarvestDelaySeconds)",
        0, MaxDelaySeconds, s => $"--delay \"{s}\" must be a number of seconds from 0 to {MaxDelaySeconds}");

    public Command Define() => new("harvest", "fetch new papers from arXiv OAI-PMH or the HF daily-papers API")
    {
        _source, _from, _until, _date, _set, _prefix, _stopAfter, _limit, _url, _delay,
    };

    public async Task<int> RunAsync(VerbContext cx)
    {
        var source = cx.Value(_source) ?? throw new CliUsageException("name a source: arxiv or hf");
        if (source is not ("arxiv" or "hf")) throw new CliUsageException($"unknown source \"{source}\" (expected arxiv or hf)");

        var http = cx.Service<HarvestHttp>();
        var importer = new Importer(cx.Service<PaperStore>(), m => cx.Error.WriteLine(m));
        try
        {
            // The same lease as the nodes' scheduled harvest, so a hand-run harvest never overlaps one.
            HarvestResult? result = null;
            var ran = await new JobLease(cx.Service<Database>(), cx.Clock).RunAsync(Jobs.HarvestService.LeaseName, LockKeys.Harvest, JobLease.NewOwner(),
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

    private Task<HarvestResult> ArxivAsync(VerbContext cx, HarvestHttp http, Importer importer)
    {
        var from = cx.Value(_from) ?? throw new CliUsageException("harvest arxiv needs --from DATE");
        var until = cx.Value(_until);
        if (until is { } u && u < from) throw new CliUsageException($"--until {u:yyyy-MM-dd} is before --from {from:yyyy-MM-dd}");
        var prefix = cx.Value(_prefix) ?? "arXiv";
        // Accept any letter case, send the spelling OAI-PMH expects (prefixes are case-sensitive there).
        prefix = ArxivHarvestRequest.Prefixes.FirstOrDefault(p => p.Equals(prefix, StringComparison.OrdinalIgnoreCase))
            ?? throw new CliUsageException($"--prefix \"{prefix}\" must be arXiv or arXivRaw");
        var set = cx.Value(_set);
        if (set is not null && (set.Length == 0 || set.Any(char.IsWhiteSpace))) throw new CliUsageException($"--set \"{set}\" is not an OAI set (e.g. cs or physics:hep-th)");
        NotFor(cx, "arxiv", _date, _limit);

        var request = new ArxivHarvestRequest
        {
            From = from, Until = until, Set = set, MetadataPrefix = prefix,
            StopAfterQuietPages = cx.Value(_stopAfter),
        };
        var baseUrl = BaseUrl(cx, cx.Options.ArxivOaiUrl);
        var polite = Polite(cx, http, cx.Value(_delay) ?? cx.Options.HarvestDelaySeconds);
        var harvester = new ArxivOaiHarvester(polite, baseUrl, importer, cx.Service<AppState>(), m => cx.Error.WriteLine(m));
        cx.Error.WriteLine($"harvest arxiv: {baseUrl} {prefix} from {from:yyyy-MM-dd}{(until is { } t ? $" until {t:yyyy-MM-dd}" : "")}{(set is null ? "" : $" set {set}")}");
        return harvester.HarvestAsync(request, cx.Cancellation);
    }

    private Task<HarvestResult> HfAsync(VerbContext cx, HarvestHttp http, Importer importer)
    {
        var date = cx.Value(_date);
        var from = cx.Value(_from);
        var until = cx.Value(_until);
        NotFor(cx, "hf", _set, _prefix, _stopAfter);
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
        var polite = Polite(cx, http, cx.Value(_delay) ?? cx.Options.HfHarvestDelaySeconds);
        var harvester = new HfHarvester(polite, baseUrl, importer, m => cx.Error.WriteLine(m)) { Limit = cx.Value(_limit) };
        cx.Error.WriteLine($"harvest hf: {baseUrl} {first:yyyy-MM-dd}..{last:yyyy-MM-dd}");
        return harvester.HarvestAsync(first, last, cx.Cancellation);
    }

    private static PoliteHttp Polite(VerbContext cx, HarvestHttp http, double delaySeconds) =>
        new(http.Client, new PoliteHttpOptions { MinInterval = TimeSpan.FromSeconds(delaySeconds) }, cx.Clock, m => cx.Error.WriteLine(m));

    private Uri BaseUrl(VerbContext cx, string configured)
    {
        var s = cx.Value(_url) ?? configured;
        return Uri.TryCreate(s, UriKind.Absolute, out var u) && u.Scheme is "http" or "https"
            ? u
            : throw new CliUsageException($"--url \"{s}\" is not an http(s) URL");
    }

    private static void NotFor(VerbContext cx, string source, params Option[] options)
    {
        foreach (var o in options)
            if (cx.Given(o)) throw new CliUsageException($"{o.Name} does not apply to harvest {source}");
    }
}
