using System.Runtime.CompilerServices;
using Dapper;

namespace DailyPapers.Storage;

/// <summary>One paper page for a sitemap: its id and when its row last changed.</summary>
public sealed record SitemapPaper(string ArxivId, DateTimeOffset? LastModified);

public sealed partial class PaperStore
{
    /// <summary>Rows read per query while streaming a sitemap: bounded memory, few round trips.</summary>
    private const int SitemapChunk = 5_000;

    /// <summary>How many papers a sitemap lists (withdrawn ones included: their pages still answer).</summary>
    public async Task<int> CountPapersAsync(CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        return await c.ExecuteScalarAsync<int>(new CommandDefinition("SELECT COUNT(*) FROM papers", cancellationToken: ct));
    }

    /// <summary>
    /// Papers in id order from the <paramref name="skip"/>-th, at most <paramref name="take"/>, read in keyset chunks
    /// so a sitemap of a million papers streams without holding them, or a connection, for the whole response.
    /// </summary>
    public async IAsyncEnumerable<SitemapPaper> SitemapAsync(int skip, int take, [EnumeratorCancellation] CancellationToken ct = default)
    {
        long after;
        await using (var c = await db.OpenAsync(ct))
        {
            // The id just before the first wanted row (0 when starting at the beginning).
            after = skip == 0 ? 0 : await c.ExecuteScalarAsync<long?>(new CommandDefinition(
                "SELECT id FROM papers ORDER BY id LIMIT 1 OFFSET @offset", new { offset = skip - 1 }, cancellationToken: ct)) ?? long.MaxValue;
        }
        var left = take;
        while (left > 0)
        {
            List<(long Id, string ArxivId, string ModifiedAt)> rows;
            await using (var c = await db.OpenAsync(ct))
            {
                rows = (await c.QueryAsync<(long, string, string)>(new CommandDefinition(
                    "SELECT id, arxiv_id, modified_at FROM papers WHERE id > @after ORDER BY id LIMIT @limit",
                    new { after, limit = Math.Min(left, SitemapChunk) }, cancellationToken: ct))).AsList();
            }
            foreach (var r in rows) yield return new SitemapPaper(r.ArxivId, SqlTime.ParseTs(r.ModifiedAt));
            if (rows.Count < Math.Min(left, SitemapChunk)) yield break;
            left -= rows.Count;
            after = rows[^1].Id;
        }
    }
}
