using System.Globalization;
using System.Text.Json;
using DailyPapers.Papers;
using DailyPapers.Storage;

namespace DailyPapers.Ingest.Harvest;

/// <summary>What to harvest from arXiv's OAI-PMH endpoint.</summary>
public sealed record ArxivHarvestRequest
{
    public required DateOnly From { get; init; }
    public DateOnly? Until { get; init; }
    /// <summary>OAI set such as <c>cs</c> or <c>physics:hep-th</c>; null for all of arXiv.</summary>
    public string? Set { get; init; }
    /// <summary><c>arXiv</c> (default) or <c>arXivRaw</c> (adds versions with dates and the submitter).</summary>
    public string MetadataPrefix { get; init; } = "arXiv";
    /// <summary>Stop after this many pages in a row that brought nothing new or updated; 0 never stops early.</summary>
    public int StopAfterQuietPages { get; init; }

    public static readonly IReadOnlyList<string> Prefixes = ["arXiv", "arXivRaw"];
}

/// <summary>How a harvest went. <see cref="Pages"/> counts the pages fetched by this run only.</summary>
public sealed record HarvestResult(ImportCounts Counts, int Pages, int Records, int Deleted, bool Resumed, bool StoppedEarly)
{
    public override string ToString() =>
        $"{Counts}; {Records:N0} records on {Pages} pages{(Deleted > 0 ? $", {Deleted} deleted skipped" : "")}" +
        $"{(Resumed ? ", resumed" : "")}{(StoppedEarly ? ", stopped early: nothing new" : "")}";
}

/// <summary>
/// Harvests arXiv metadata with OAI-PMH <c>ListRecords</c>, following <c>resumptionToken</c> page by page and
/// importing each page as it arrives. After every page the position (token and running counts) is saved in
/// app_state under a key made of the request's arguments, so the same command run again after an interruption
/// goes on from the page that was not finished. Tokens expire: when the server refuses a saved one, the harvest
/// starts again from the from-date, which is safe because imports are idempotent.
/// </summary>
public sealed class ArxivOaiHarvester(PoliteHttp http, Uri baseUrl, Importer importer, AppState state, Action<string>? log = null)
{
    private readonly Action<string> _log = log ?? (_ => { });

    private sealed record Position(string Token, int Page, int New, int Updated, int Unchanged, int Rejected, int Records, int Deleted, int QuietPages);

    public static string PositionKey(ArxivHarvestRequest r) =>
        $"harvest:arxiv:{r.MetadataPrefix}:{r.Set ?? "*"}:{r.From:yyyy-MM-dd}:{(r.Until is { } u ? u.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : "*")}";

    public async Task<HarvestResult> HarvestAsync(ArxivHarvestRequest request, CancellationToken ct = default)
    {
        if (!ArxivHarvestRequest.Prefixes.Contains(request.MetadataPrefix))
            throw new ArgumentException($"metadata prefix \"{request.MetadataPrefix}\" is not one of {string.Join(", ", ArxivHarvestRequest.Prefixes)}");
        if (request.Until is { } until && until < request.From)
            throw new ArgumentException($"until {until:yyyy-MM-dd} is before from {request.From:yyyy-MM-dd}");

        var key = PositionKey(request);
        var counts = ImportCounts.Zero;
        int page = 1, records = 0, deleted = 0, quiet = 0, fetched = 0;
        string? token = null;
        var resumed = false;
        if (await LoadAsync(key, ct) is { } saved)
        {
            (token, page, records, deleted, quiet) = (saved.Token, saved.Page, saved.Records, saved.Deleted, saved.QuietPages);
            counts = new ImportCounts(saved.New, saved.Updated, saved.Unchanged, saved.Rejected);
            resumed = true;
            _log($"harvest arxiv: resuming at page {page} ({records:N0} records done before)");
        }
        var restarted = false;
        while (true)
        {
            var url = token is null ? FirstPageUrl(request) : NextPageUrl(token);
            var body = await http.GetBytesAsync(url, ct);
            fetched++;
            OaiPmhPage result;
            using (var stream = new MemoryStream(body, writable: false))
                result = OaiPmhParser.ParsePage(stream, url.AbsoluteUri);

            if (result.XmlError is not null)
                throw new HarvestException($"harvest arxiv: page {page} ({url.AbsoluteUri}): {result.XmlError}; run the same command again to resume at this page");
            if (result.ErrorCode == OaiPmhParser.BadResumptionToken && token is not null && !restarted)
            {
                _log($"harvest arxiv: the server refused the resumption token of page {page} ({result.ErrorMessage}); starting again from {request.From:yyyy-MM-dd}");
                restarted = true;
                (token, page, quiet) = (null, 1, 0);
                await state.DeleteAsync(key, ct);
                continue;
            }
            if (result.ErrorCode is not null)
                throw new HarvestException($"harvest arxiv: page {page} ({url.AbsoluteUri}): OAI-PMH error {result.ErrorCode}: {result.ErrorMessage}");

            var pageCounts = await importer.ImportItemsAsync(result.Items, $"arXiv OAI page {page} ({url.AbsoluteUri})", ct: ct);
            counts += pageCounts;
            records += result.Items.Count;
            deleted += result.DeletedCount;
            quiet = pageCounts.New + pageCounts.Updated == 0 ? quiet + 1 : 0;
            var size = result.CompleteListSize is { } n ? $" of {n:N0}" : "";
            _log($"harvest arxiv: page {page}: {result.Items.Count} records{(result.DeletedCount > 0 ? $", {result.DeletedCount} deleted" : "")} ({pageCounts}); {records + deleted:N0}{size} so far");

            if (result.ResumptionToken is null)
            {
                await state.DeleteAsync(key, ct);
                return new HarvestResult(counts, fetched, records, deleted, resumed, StoppedEarly: false);
            }
            if (request.StopAfterQuietPages > 0 && quiet >= request.StopAfterQuietPages)
            {
                _log($"harvest arxiv: {quiet} pages in a row brought nothing new; stopping");
                await state.DeleteAsync(key, ct);
                return new HarvestResult(counts, fetched, records, deleted, resumed, StoppedEarly: true);
            }
            token = result.ResumptionToken;
            page++;
            await SaveAsync(key, new Position(token, page, counts.New, counts.Updated, counts.Unchanged, counts.Rejected, records, deleted, quiet), ct);
        }
    }

    public Uri FirstPageUrl(ArxivHarvestRequest r)
    {
        var query = $"verb=ListRecords&metadataPrefix={Uri.EscapeDataString(r.MetadataPrefix)}&from={r.From:yyyy-MM-dd}";
        if (r.Until is { } until) query += $"&until={until:yyyy-MM-dd}";
        if (!string.IsNullOrWhiteSpace(r.Set)) query += $"&set={Uri.EscapeDataString(r.Set)}";
        return WithQuery(query);
    }

    // OAI-PMH: a resumption request carries the verb and the token only.
    public Uri NextPageUrl(string token) => WithQuery($"verb=ListRecords&resumptionToken={Uri.EscapeDataString(token)}");

    private Uri WithQuery(string query)
    {
        var b = baseUrl.ToString();
        return new Uri(b + (b.Contains('?') ? "&" : "?") + query);
    }

    private async Task<Position?> LoadAsync(string key, CancellationToken ct)
    {
        var json = await state.GetAsync(key, ct);
        if (json is null) return null;
        try { return JsonSerializer.Deserialize<Position>(json); }
        catch (JsonException)
        {
            // A position we cannot read is no worse than none: start from the from-date.
            _log($"harvest arxiv: ignoring unreadable saved position under {key}");
            return null;
        }
    }

    private Task SaveAsync(string key, Position p, CancellationToken ct) => state.SetAsync(key, JsonSerializer.Serialize(p), ct);
}
