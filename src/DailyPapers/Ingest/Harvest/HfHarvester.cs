using System.Text.Json;
using DailyPapers.Papers;

namespace DailyPapers.Ingest.Harvest;

/// <summary>
/// Harvests the Hugging Face daily feed: <c>GET {base}/api/daily_papers?date=D&amp;limit=L&amp;p=N</c> for each day,
/// pages from p=0 until a page holds fewer than <see cref="Limit"/> items, each page imported as it arrives.
/// </summary>
public sealed class HfHarvester(PoliteHttp http, Uri baseUrl, Importer importer, Action<string>? log = null)
{
    public const int MaxLimit = 100; // the API's own maximum page size
    // A server that ignores p would page forever; no real day has anywhere near this many papers.
    private const int MaxPagesPerDay = 50;
    private readonly Action<string> _log = log ?? (_ => { });

    /// <summary>Items per page (1–100, default 50 as on HF).</summary>
    public int Limit { get; init; } = 50;

    /// <summary>Longest date range one call accepts, so a typo in a year does not start a decade of requests.</summary>
    public const int MaxDays = 3660;

    public async Task<HarvestResult> HarvestAsync(DateOnly from, DateOnly until, CancellationToken ct = default)
    {
        if (until < from) throw new ArgumentException($"until {until:yyyy-MM-dd} is before from {from:yyyy-MM-dd}");
        if (until.DayNumber - from.DayNumber >= MaxDays) throw new ArgumentException($"{from:yyyy-MM-dd}..{until:yyyy-MM-dd} spans more than {MaxDays} days");
        if (Limit is < 1 or > MaxLimit) throw new ArgumentException($"limit {Limit} must be from 1 to {MaxLimit}");
        var total = ImportCounts.Zero;
        int pages = 0, records = 0;
        for (var day = from; day <= until; day = day.AddDays(1))
        {
            var (counts, dayPages, dayRecords) = await HarvestDayAsync(day, ct);
            total += counts;
            pages += dayPages;
            records += dayRecords;
            _log($"harvest hf: {day:yyyy-MM-dd}: {dayRecords} items on {dayPages} pages ({counts})");
        }
        return new HarvestResult(total, pages, records, Deleted: 0, Resumed: false, StoppedEarly: false);
    }

    private async Task<(ImportCounts Counts, int Pages, int Records)> HarvestDayAsync(DateOnly day, CancellationToken ct)
    {
        var counts = ImportCounts.Zero;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        int records = 0, page = 0;
        for (; page < MaxPagesPerDay; page++)
        {
            var url = PageUrl(day, page);
            var body = await http.GetBytesAsync(url, ct);
            var count = CountItems(body, url);
            var items = HfDailyPapersParser.ParseArray(body, fileDate: day).ToList();
            // A server that ignores p answers every page with the first one; stop rather than loop.
            var fresh = items.Count(i => i.Record is not { } r || seen.Add(r.Paper.ArxivId));
            if (count > 0 && fresh == 0)
            {
                _log($"harvest hf: {url.AbsoluteUri} repeated earlier items; the server seems to ignore paging, stopping this day");
                return (counts, page + 1, records);
            }
            var pageCounts = await importer.ImportItemsAsync(items, url.AbsoluteUri, ct: ct);
            counts += pageCounts;
            records += items.Count;
            if (count < Limit) return (counts, page + 1, records);
        }
        _log($"harvest hf: {day:yyyy-MM-dd}: stopped after {MaxPagesPerDay} pages");
        return (counts, page, records);
    }

    public Uri PageUrl(DateOnly day, int page)
    {
        var b = baseUrl.ToString().TrimEnd('/');
        return new Uri($"{b}/api/daily_papers?date={day:yyyy-MM-dd}&limit={Limit}&p={page}");
    }

    /// <summary>Checks the answer is a JSON array and counts its items; anything else is a clear error naming the URL.</summary>
    private static int CountItems(byte[] body, Uri url)
    {
        try
        {
            using var doc = JsonDocument.Parse(body);
            return doc.RootElement.ValueKind == JsonValueKind.Array
                ? doc.RootElement.GetArrayLength()
                : throw new HarvestException($"GET {url.AbsoluteUri}: expected a JSON array of daily papers, got a JSON {doc.RootElement.ValueKind.ToString().ToLowerInvariant()}");
        }
        catch (JsonException e)
        {
            throw new HarvestException($"GET {url.AbsoluteUri}: invalid JSON: {e.Message}", e);
        }
    }
}
