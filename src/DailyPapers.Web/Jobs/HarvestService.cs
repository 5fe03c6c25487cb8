using DailyPapers.Ingest;
using DailyPapers.Ingest.Harvest;
using DailyPapers.Storage;

namespace DailyPapers.Web.Jobs;

/// <summary>Settings of the scheduled harvest, section <c>DailyPapers:Harvest</c>.</summary>
public sealed class HarvestSettings
{
    /// <summary>Off by default: a fresh install should not call out to arXiv or HF unasked.</summary>
    public bool Enabled { get; set; }
    public double IntervalMinutes { get; set; } = 60;
    /// <summary>Harvest the HF daily feed of today and yesterday (UTC).</summary>
    public bool Hf { get; set; } = true;
    /// <summary>
    /// OAI sets to harvest from arXiv, separated by commas or spaces ("cs, physics:hep-th"); empty harvests nothing
    /// from arXiv (all of arXiv is rarely wanted). A string, not a list: configuration binding appends to a default list.
    /// </summary>
    public string ArxivSets { get; set; } = "cs";

    public IReadOnlyList<string> ArxivSetList =>
        ArxivSets.Split([',', ' ', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    public string ArxivPrefix { get; set; } = "arXiv";
    /// <summary>How far back the first arXiv harvest of a set starts.</summary>
    public int ArxivFirstLookbackDays { get; set; } = 2;
    /// <summary>Stop an arXiv harvest after this many pages in a row with nothing new (0: never).</summary>
    public int StopAfterQuietPages { get; set; }
}

/// <summary>
/// Every <see cref="HarvestSettings.IntervalMinutes"/>: HF daily papers of today and yesterday, then each arXiv set
/// from its last successful date. One node at a time (a <see cref="JobLease"/> under <see cref="LockKeys.Harvest"/>);
/// a failed source is logged and tried again next round. The same library code runs as <c>dailypapers harvest</c>.
/// </summary>
public sealed class HarvestService(
    DailyPapersOptions options, PaperStore store, AppState state, Database db, TimeProvider clock, HarvestHttp http,
    ILogger<HarvestService> log) : ScheduledJob(clock, log)
{
    /// <summary>The lease every harvest takes, scheduled or run by hand (<c>dailypapers harvest</c>).</summary>
    public const string LeaseName = "harvest";
    /// <summary>Renewed at a third of its life while a harvest runs; a node that dies blocks harvests this long at most.</summary>
    public static readonly TimeSpan LeaseTtl = TimeSpan.FromMinutes(2);
    private readonly string _owner = JobLease.NewOwner();

    public static string LastSuccessKey(string set) => $"harvest:arxiv:last_success:{set}";

    private TimeSpan Interval => TimeSpan.FromMinutes(Math.Max(1, options.Harvest.IntervalMinutes));
    protected override string Name => "harvest";
    protected override TimeSpan RetryDelay => Interval;

    protected override Task<bool> StartingAsync(CancellationToken ct)
    {
        var s = options.Harvest;
        if (!s.Enabled) return Task.FromResult(false);
        log.LogInformation("harvest: every {Minutes} min (HF: {Hf}, arXiv sets: {Sets})", Interval.TotalMinutes, s.Hf, string.Join(", ", s.ArxivSetList));
        return Task.FromResult(true);
    }

    protected override async Task<TimeSpan> RoundAsync(CancellationToken ct)
    {
        await RunOnceAsync(ct);
        return Interval;
    }

    /// <summary>One round; returns false when another node holds the harvest lease.</summary>
    public async Task<bool> RunOnceAsync(CancellationToken ct)
    {
        var ran = await new JobLease(db, Clock).RunAsync(LeaseName, LockKeys.Harvest, _owner, LeaseTtl, TimeSpan.Zero, HarvestAsync, ct);
        if (!ran) log.LogInformation("harvest: another node is harvesting; skipping this round");
        return ran;
    }

    private async Task HarvestAsync(CancellationToken ct)
    {
        var s = options.Harvest;
        void Log(string m) => log.LogInformation("{Message}", m);
        var importer = new Importer(store, m => log.LogWarning("{Message}", m));
        var today = DateOnly.FromDateTime(Clock.GetUtcNow().UtcDateTime);
        if (s.Hf)
        {
            try
            {
                var hf = new HfHarvester(Polite(options.HfHarvestDelaySeconds), new Uri(options.HfUrl), importer, Log);
                var r = await hf.HarvestAsync(today.AddDays(-1), today, ct);
                log.LogInformation("harvest hf: {Result}", r.ToString());
            }
            catch (HarvestException e) { log.LogWarning("harvest hf: {Message}", e.Message); }
        }
        foreach (var set in s.ArxivSetList)
        {
            try
            {
                var last = await state.GetAsync(LastSuccessKey(set), ct);
                var from = last is not null ? SqlTime.ParseDate(last) : today.AddDays(-Math.Max(0, s.ArxivFirstLookbackDays));
                var arxiv = new ArxivOaiHarvester(Polite(options.HarvestDelaySeconds), new Uri(options.ArxivOaiUrl), importer, state, Log);
                var r = await arxiv.HarvestAsync(new ArxivHarvestRequest
                {
                    From = from, Set = set, MetadataPrefix = s.ArxivPrefix, StopAfterQuietPages = s.StopAfterQuietPages,
                }, ct);
                // Next round starts at today: OAI dates are inclusive, and re-importing a day is harmless.
                await state.SetAsync(LastSuccessKey(set), SqlTime.Date(today), ct);
                log.LogInformation("harvest arxiv {Set}: {Result}", set, r.ToString());
            }
            catch (HarvestException e) { log.LogWarning("harvest arxiv {Set}: {Message}", set, e.Message); }
        }
    }

    private PoliteHttp Polite(double delaySeconds) =>
        new(http.Client, new PoliteHttpOptions { MinInterval = TimeSpan.FromSeconds(delaySeconds) }, Clock,
            m => log.LogWarning("{Message}", m));
}
