using System.Data.Common;
using DailyPapers.Papers;
using Dapper;

namespace DailyPapers.Storage;

public sealed partial class PaperStore
{
    /// <summary>A paper with the feed entries it appeared on, or null when unknown.</summary>
    public async Task<PaperView?> GetAsync(string arxivId, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        var found = await LoadByArxivIdsAsync(c, null, [arxivId]);
        if (!found.TryGetValue(arxivId, out var view)) return null;
        var entries = await c.QueryAsync<EntryRow>(
            $"SELECT {EntryColumns} FROM daily_entries e {EntryJoins} WHERE e.paper_id = @id ORDER BY e.feed_date", new { id = view.Id });
        return view with { Entries = entries.Select(e => e.ToEntry()).ToList() };
    }

    public async Task<IReadOnlyList<PaperView>> GetManyAsync(IReadOnlyList<long> ids, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        return await LoadByIdsAsync(c, null, ids);
    }

    /// <summary>Entries featured between two dates (inclusive), sorted and paged, with the total count.</summary>
    public async Task<FeedResult> GetFeedAsync(FeedQuery q, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        var where = "e.feed_date >= @from AND e.feed_date <= @to";
        if (q.Submitter is not null) where += " AND u.handle = @submitter";
        var order = q.Sort switch
        {
            FeedSort.PublishedAt => "COALESCE(e.submitted_at, e.feed_date) DESC, p.id DESC",
            FeedSort.Upvotes => "p.upvotes DESC, p.id DESC",
            _ => "p.hotness DESC, p.id DESC",
        };
        var args = new { from = SqlTime.Date(q.From), to = SqlTime.Date(q.To), submitter = q.Submitter, q.Offset, q.Limit };
        var total = await c.ExecuteScalarAsync<int>($"SELECT COUNT(*) FROM daily_entries e {EntryJoins} WHERE {where}", args);
        if (total == 0) return new FeedResult([], 0);
        var rows = (await c.QueryAsync<EntryRow>(
            $"SELECT {EntryColumns} FROM daily_entries e {EntryJoins} WHERE {where} ORDER BY {order} LIMIT @Limit OFFSET @Offset", args)).AsList();
        var papers = (await LoadByIdsAsync(c, null, rows.Select(r => r.PaperId).Distinct().ToList())).ToDictionary(p => p.Id);
        var items = rows.Where(r => papers.ContainsKey(r.PaperId)).Select(r => new FeedItem(papers[r.PaperId], r.ToEntry())).ToList();
        return new FeedResult(items, total);
    }

    /// <summary>The newest feed date that has entries, or null when the feed is empty.</summary>
    public async Task<DateOnly?> GetLatestFeedDateAsync(CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        var s = await c.ExecuteScalarAsync<string?>("SELECT MAX(feed_date) FROM daily_entries");
        return s is null ? null : SqlTime.ParseDate(s);
    }

    /// <summary>The nearest feed dates with entries before <paramref name="from"/> and after <paramref name="to"/>.</summary>
    public async Task<(DateOnly? Previous, DateOnly? Next)> GetNeighbourDatesAsync(DateOnly from, DateOnly to, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        var prev = await c.ExecuteScalarAsync<string?>("SELECT MAX(feed_date) FROM daily_entries WHERE feed_date < @d", new { d = SqlTime.Date(from) });
        var next = await c.ExecuteScalarAsync<string?>("SELECT MIN(feed_date) FROM daily_entries WHERE feed_date > @d", new { d = SqlTime.Date(to) });
        return (prev is null ? null : SqlTime.ParseDate(prev), next is null ? null : SqlTime.ParseDate(next));
    }

    /// <summary>
    /// All papers, newest publication first, in pages. The cursor is the last (published_at, id) seen, opaque to clients.
    /// </summary>
    public async Task<(IReadOnlyList<PaperView> Papers, string? NextCursor)> ListAsync(string? cursor, int limit, CancellationToken ct = default)
    {
        var (pub, id) = PaperCursor.Decode(cursor);
        await using var c = await db.OpenAsync(ct);
        var ids = (await c.QueryAsync<(long Id, string Pub)>($"""
            SELECT id, COALESCE(published_at, '') AS pub FROM papers
            {(cursor is null ? "" : "WHERE (COALESCE(published_at, '') < @pub OR (COALESCE(published_at, '') = @pub AND id < @id))")}
            ORDER BY COALESCE(published_at, '') DESC, id DESC LIMIT @limit
            """, new { pub, id, limit })).AsList();
        var papers = await LoadByIdsAsync(c, null, ids.Select(x => x.Id).ToList());
        var next = ids.Count == limit ? PaperCursor.Encode(ids[^1].Pub, ids[^1].Id) : null;
        return (papers, next);
    }

    public async Task<(long Papers, long Entries, long FeedDays)> CountAsync(CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        return await c.QuerySingleAsync<(long, long, long)>(
            "SELECT (SELECT COUNT(*) FROM papers), (SELECT COUNT(*) FROM daily_entries), (SELECT COUNT(DISTINCT feed_date) FROM daily_entries)");
    }

    /// <summary>Changed paper ids after <paramref name="afterSeq"/>, oldest first (what a search index follows).</summary>
    public async Task<IReadOnlyList<(long Seq, long PaperId)>> GetChangesAsync(long afterSeq, int limit, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        return (await c.QueryAsync<(long, long)>(
            "SELECT seq, paper_id FROM paper_changes WHERE seq > @afterSeq ORDER BY seq LIMIT @limit", new { afterSeq, limit })).AsList();
    }
}

/// <summary>Opaque paging cursor for <see cref="PaperStore.ListAsync"/>.</summary>
public static class PaperCursor
{
    public static string Encode(string published, long id) =>
        Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{published}|{id}")).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static (string Published, long Id) Decode(string? cursor)
    {
        if (cursor is null) return ("", long.MaxValue);
        try
        {
            var b64 = cursor.Replace('-', '+').Replace('_', '/');
            b64 = b64.PadRight(b64.Length + (4 - b64.Length % 4) % 4, '=');
            var s = System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(b64));
            var bar = s.LastIndexOf('|');
            if (bar < 0 || !long.TryParse(s[(bar + 1)..], out var id)) throw new FormatException();
            return (s[..bar], id);
        }
        catch (FormatException)
        {
            throw new FormatException($"invalid cursor \"{(cursor.Length > 40 ? cursor[..40] + "…" : cursor)}\": use the value of a previous response's next link");
        }
    }
}
