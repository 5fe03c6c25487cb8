using DailyPapers.Papers;

namespace DailyPapers.Ingest.Harvest;

/// <summary>What the arXiv API said about one id: the paper, or why there is none.</summary>
public sealed record ArxivFetch(Paper? Paper, string? Problem, bool Unreachable)
{
    public static ArxivFetch Found(Paper p) => new(p, null, false);
    public static ArxivFetch Missing(string why) => new(null, why, false);
    public static ArxivFetch Failed(string why) => new(null, why, true);
}

/// <summary>
/// Fetches one paper's metadata from the arXiv Atom API (<c>{apiUrl}?id_list=ID</c>) for a submission. arXiv
/// answers an id it does not know with an empty feed, or (for some malformed ids) one error entry; both mean
/// "no such paper". Network failures, timeouts, oversized and non-Atom answers mean "unreachable". What the user
/// reads is generic (issue 10: it used to carry the upstream URL and its error); the details go to <c>log</c>.
/// </summary>
public sealed class ArxivPaperFetcher(PoliteHttp http, string apiUrl, Action<string>? log = null)
{
    private readonly Action<string> _log = log ?? (_ => { });

    public Uri UrlFor(ArxivId id) => new($"{apiUrl.TrimEnd('?')}?id_list={Uri.EscapeDataString(id.Id)}&max_results=1");

    public async Task<ArxivFetch> FetchAsync(ArxivId id, CancellationToken ct = default)
    {
        byte[] body;
        try { body = await http.GetBytesAsync(UrlFor(id), ct); }
        catch (HarvestException e)
        {
            _log($"submission of {id}: {e.Message}");
            return ArxivFetch.Failed(e.Busy
                ? $"Many papers are being fetched from arXiv right now, so {id} was not submitted; try again in a minute."
                : $"arXiv did not answer, so {id} was not submitted; try again later.");
        }
        using var stream = new MemoryStream(body);
        var items = AtomParser.ParsePage(stream).Items;
        foreach (var item in items)
        {
            if (item.Record is { } r && r.Paper.ArxivId == id.Id) return ArxivFetch.Found(r.Paper);
        }
        var errors = items.Where(i => i.Error is not null).Select(i => i.Error!).ToList();
        if (errors.Any(e => e.StartsWith("invalid XML", StringComparison.Ordinal) || e.StartsWith("expected an Atom", StringComparison.Ordinal)))
        {
            _log($"submission of {id}: GET {UrlFor(id).AbsoluteUri}: not an Atom feed: {errors[0]}");
            return ArxivFetch.Failed($"arXiv gave an answer that could not be read, so {id} was not submitted; try again later.");
        }
        return ArxivFetch.Missing($"arXiv has no paper {id}.");
    }
}
