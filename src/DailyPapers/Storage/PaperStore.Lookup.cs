using DailyPapers.Papers;
using Dapper;

namespace DailyPapers.Storage;

/// <summary>An organisation as a search filter offers it: the handle the index knows and the name people read.</summary>
public sealed record OrganizationChoice(string Name, string? FullName);

public sealed partial class PaperStore
{
    /// <summary>
    /// Papers by id in the order given, each with the feed entries it appeared on (search results show the
    /// feed date and the API builds daily items from the latest entry). Unknown ids are skipped.
    /// </summary>
    public async Task<IReadOnlyList<PaperView>> GetManyWithEntriesAsync(IReadOnlyList<long> ids, CancellationToken ct = default)
    {
        if (ids.Count == 0) return [];
        await using var c = await db.OpenAsync(ct);
        var views = await LoadByIdsAsync(c, null, ids);
        var paperIds = views.Select(v => v.Id).ToList();
        var entries = (await c.QueryAsync<EntryRow>(
            $"SELECT {EntryColumns} FROM daily_entries e {EntryJoins} WHERE e.paper_id {Dialect.InList(c, "@paperIds")} ORDER BY e.feed_date",
            new { paperIds })).ToLookup(r => r.PaperId);
        return views.Select(v => v with { Entries = entries[v.Id].Select(e => e.ToEntry()).ToList() }).ToList();
    }

    /// <summary>
    /// Known organisations by name (the search page's suggestions). Organisations are only created for papers
    /// and entries that name them, and the table stays small, so no join over the papers is needed.
    /// </summary>
    public async Task<IReadOnlyList<OrganizationChoice>> GetOrganizationChoicesAsync(int limit, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        var rows = await c.QueryAsync<(string Name, string? FullName)>("""
            SELECT name, full_name FROM organizations ORDER BY name LIMIT @limit
            """, new { limit });
        return rows.Select(r => new OrganizationChoice(r.Name, r.FullName)).ToList();
    }
}
