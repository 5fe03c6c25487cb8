using Dapper;

namespace DailyPapers.Storage;

/// <summary>The papers a profile page lists, newest first, as paper ids (the caller loads the papers).</summary>
public sealed record ProfilePapers(IReadOnlyList<long> Submitted, IReadOnlyList<long> Claimed, IReadOnlyList<long>? Upvoted);

public sealed partial class AccountStore
{
    /// <summary>Author statuses that make a paper the user's own (as in the HF data).</summary>
    public static readonly string[] ClaimedStatuses = ["claimed_verified", "admin_assigned"];

    /// <summary>
    /// Submitted papers (feed entries they submitted), claimed papers (verified or admin-assigned authorship, not
    /// hidden by the author) and, when the user made them public, upvoted papers; at most <paramref name="limit"/> each.
    /// </summary>
    public async Task<ProfilePapers> GetProfilePapersAsync(Account user, int limit, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        var submitted = (await c.QueryAsync<long>("""
            SELECT paper_id FROM daily_entries WHERE submitted_by = @id GROUP BY paper_id ORDER BY MAX(feed_date) DESC, paper_id DESC LIMIT @limit
            """, new { id = user.Id, limit })).AsList();
        var claimed = (await c.QueryAsync<long>($"""
            SELECT a.paper_id FROM paper_authors a JOIN papers p ON p.id = a.paper_id
            WHERE a.user_id = @id AND a.hidden = @no AND a.status {Dialect.InList(c, "@statuses")}
            GROUP BY a.paper_id, p.published_at ORDER BY p.published_at DESC, a.paper_id DESC LIMIT @limit
            """, new { id = user.Id, limit, no = false, statuses = ClaimedStatuses })).AsList();
        List<long>? upvoted = null;
        if (user.UpvotesPublic)
            upvoted = (await c.QueryAsync<long>(
                "SELECT paper_id FROM votes WHERE user_id = @id ORDER BY created_at DESC, paper_id DESC LIMIT @limit", new { id = user.Id, limit })).AsList();
        return new(submitted, claimed, upvoted);
    }
}
