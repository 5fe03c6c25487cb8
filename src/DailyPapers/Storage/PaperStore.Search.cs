using System.Data.Common;
using DailyPapers.Search;
using Dapper;

namespace DailyPapers.Storage;

public sealed partial class PaperStore
{
    /// <summary>
    /// Papers for the search index in id order after <paramref name="afterId"/> (keyset paging for a full
    /// rebuild). Three plain queries per page rather than string aggregation, which differs per dialect.
    /// </summary>
    public async Task<IReadOnlyList<SearchDoc>> GetSearchDocsAsync(long afterId, int limit, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        var rows = (await c.QueryAsync<SearchRow>($"{SearchDocSelect} WHERE p.id > @afterId ORDER BY p.id LIMIT @limit",
            new { afterId, limit })).AsList();
        return await ToSearchDocsAsync(c, rows);
    }

    /// <summary>Papers for the search index by id; ids no longer in the database are simply absent.</summary>
    public async Task<IReadOnlyList<SearchDoc>> GetSearchDocsByIdAsync(IReadOnlyCollection<long> ids, CancellationToken ct = default)
    {
        if (ids.Count == 0) return [];
        await using var c = await db.OpenAsync(ct);
        var rows = (await c.QueryAsync<SearchRow>($"{SearchDocSelect} WHERE p.id {Dialect.InList(c, "@ids")} ORDER BY p.id", new { ids })).AsList();
        return await ToSearchDocsAsync(c, rows);
    }

    /// <summary>The newest change seq (0 when none): a rebuild starts from here and the follower goes on after it.</summary>
    public async Task<long> GetLastChangeSeqAsync(CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        return await c.ExecuteScalarAsync<long?>("SELECT MAX(seq) FROM paper_changes") ?? 0;
    }

    private const string SearchDocSelect = """
        SELECT p.id, p.arxiv_id, p.title, p.abstract, p.published_at, p.categories, p.github_repo, p.ai_summary,
               p.ai_keywords, p.upvotes, o.name AS org_name
        FROM papers p LEFT JOIN organizations o ON o.id = p.organization_id
        """;

    private static async Task<IReadOnlyList<SearchDoc>> ToSearchDocsAsync(DbConnection c, List<SearchRow> rows)
    {
        if (rows.Count == 0) return [];
        var pids = rows.Select(r => r.Id).ToList();
        var authors = (await c.QueryAsync<(long PaperId, string Name)>(
            $"SELECT paper_id, name FROM paper_authors WHERE paper_id {Dialect.InList(c, "@pids")} ORDER BY paper_id, position", new { pids })).ToLookup(a => a.PaperId, a => a.Name);
        var entries = (await c.QueryAsync<(long PaperId, string FeedDate, string? Org)>($"""
            SELECT e.paper_id, e.feed_date, o.name FROM daily_entries e LEFT JOIN organizations o ON o.id = e.organization_id
            WHERE e.paper_id {Dialect.InList(c, "@pids")} ORDER BY e.paper_id, e.feed_date
            """, new { pids })).ToLookup(e => e.PaperId);
        return rows.Select(r => new SearchDoc
        {
            PaperId = r.Id,
            ArxivId = r.ArxivId,
            Title = r.Title,
            Abstract = r.Abstract,
            Authors = authors[r.Id].ToList(),
            AiKeywords = JsonList.Read(r.AiKeywords),
            AiSummary = r.AiSummary,
            Categories = r.Categories.Length == 0 ? [] : r.Categories.Split(' ', StringSplitOptions.RemoveEmptyEntries),
            Organization = r.OrgName ?? entries[r.Id].LastOrDefault(e => e.Org is not null).Org,
            HasCode = !string.IsNullOrEmpty(r.GithubRepo),
            Upvotes = r.Upvotes,
            Published = SqlTime.ParseTs(r.PublishedAt) is { } p ? DateOnly.FromDateTime(p.UtcDateTime) : null,
            FeedDates = entries[r.Id].Select(e => SqlTime.ParseDate(e.FeedDate)).ToList(),
        }).ToList();
    }

    private sealed class SearchRow
    {
        public long Id { get; set; }
        public string ArxivId { get; set; } = "";
        public string Title { get; set; } = "";
        public string Abstract { get; set; } = "";
        public string? PublishedAt { get; set; }
        public string Categories { get; set; } = "";
        public string? GithubRepo { get; set; }
        public string? AiSummary { get; set; }
        public string AiKeywords { get; set; } = "[]";
        public int Upvotes { get; set; }
        public string? OrgName { get; set; }
    }
}
