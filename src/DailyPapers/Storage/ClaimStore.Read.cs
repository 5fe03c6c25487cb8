using System.Data.Common;
using DailyPapers.Community;
using DailyPapers.Papers;
using Dapper;

namespace DailyPapers.Storage;

public sealed partial class ClaimStore
{
    /// <summary>Pending claims, oldest first (the moderation queue), with the total number pending.</summary>
    public async Task<(IReadOnlyList<AuthorClaim> Claims, int Total)> ListPendingAsync(int limit, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        var total = await c.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM author_claims WHERE status = 'pending'");
        var rows = await c.QueryAsync<ClaimRow>($"""
            SELECT {ClaimColumns} FROM author_claims ac {ClaimJoins}
            WHERE ac.status = 'pending' ORDER BY ac.created_at, ac.id LIMIT @limit
            """, new { limit });
        return (rows.Select(r => r.ToClaim()).ToList(), total);
    }

    /// <summary>The user's claims, newest first (their "my claims" page).</summary>
    public async Task<IReadOnlyList<AuthorClaim>> ListForUserAsync(long userId, int limit, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        var rows = await c.QueryAsync<ClaimRow>($"""
            SELECT {ClaimColumns} FROM author_claims ac {ClaimJoins}
            WHERE ac.user_id = @userId ORDER BY ac.created_at DESC, ac.id DESC LIMIT @limit
            """, new { userId, limit });
        return rows.Select(r => r.ToClaim()).ToList();
    }

    /// <summary>Open (pending or approved) claims on a paper's author entries, for the paper page.</summary>
    public async Task<IReadOnlyList<AuthorClaim>> ListOpenForPaperAsync(long paperId, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        var rows = await c.QueryAsync<ClaimRow>($"""
            SELECT {ClaimColumns} FROM author_claims ac {ClaimJoins}
            WHERE ac.paper_id = @paperId AND ac.status IN ('pending', 'approved') ORDER BY ac.position
            """, new { paperId });
        return rows.Select(r => r.ToClaim()).ToList();
    }

    public async Task<AuthorClaim?> GetAsync(long claimId, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        var row = await c.QuerySingleOrDefaultAsync<ClaimRow>($"SELECT {ClaimColumns} FROM author_claims ac {ClaimJoins} WHERE ac.id = @claimId", new { claimId });
        return row?.ToClaim();
    }

    /// <summary>
    /// Approved local authorships of the given papers, keyed by paper id: what an import lays over the HF author
    /// lists (<see cref="AuthorshipRules.Overlay"/>), with the user ids to write.
    /// </summary>
    internal static async Task<ILookup<long, (LocalAuthorship Authorship, long UserId)>> LoadApprovedAsync(
        DbConnection c, DbTransaction? tx, IReadOnlyCollection<long> paperIds)
    {
        if (paperIds.Count == 0) return Array.Empty<(long, (LocalAuthorship, long))>().ToLookup(x => x.Item1, x => x.Item2);
        var rows = await c.QueryAsync<ApprovedRow>($"""
            SELECT ac.paper_id, ac.position, ac.author_name, ac.user_id, ac.kind, ac.decided_at, ac.hidden_from_profile,
                   u.handle, u.full_name, u.avatar_url, u.hf_id, u.is_pro
            FROM author_claims ac JOIN users u ON u.id = ac.user_id
            WHERE ac.status = 'approved' AND ac.paper_id {Dialect.InList(c, "@paperIds")}
            """, new { paperIds = paperIds.ToArray() }, tx);
        return rows.ToLookup(r => r.PaperId, r => (new LocalAuthorship(r.Position, r.AuthorName,
            new UserRef(r.Handle) { FullName = r.FullName, AvatarUrl = r.AvatarUrl, HfId = r.HfId, IsPro = r.IsPro },
            r.Kind, SqlTime.ParseTs(r.DecidedAt), r.HiddenFromProfile), r.UserId));
    }

    private sealed class ApprovedRow
    {
        public long PaperId { get; set; }
        public int Position { get; set; }
        public string AuthorName { get; set; } = "";
        public long UserId { get; set; }
        public string Kind { get; set; } = "";
        public string? DecidedAt { get; set; }
        public bool HiddenFromProfile { get; set; }
        public string Handle { get; set; } = "";
        public string? FullName { get; set; }
        public string? AvatarUrl { get; set; }
        public string? HfId { get; set; }
        public bool IsPro { get; set; }
    }

    private sealed class ClaimRow
    {
        public long Id { get; set; }
        public long PaperId { get; set; }
        public string ArxivId { get; set; } = "";
        public string Title { get; set; } = "";
        public int Position { get; set; }
        public string AuthorName { get; set; } = "";
        public long UserId { get; set; }
        public string Handle { get; set; } = "";
        public string? FullName { get; set; }
        public string? Email { get; set; }
        public string Kind { get; set; } = "";
        public string Status { get; set; } = "";
        public bool HiddenFromProfile { get; set; }
        public string CreatedAt { get; set; } = "";
        public string? DecidedAt { get; set; }
        public string? DecidedByHandle { get; set; }
        public string? Reason { get; set; }

        public AuthorClaim ToClaim() => new()
        {
            Id = Id, PaperId = PaperId, ArxivId = ArxivId, Title = PaperText.CollapseWhitespace(Title), Position = Position,
            AuthorName = AuthorName, UserId = UserId, Handle = Handle, FullName = FullName, Email = Email, Kind = Kind,
            Status = Status, HiddenFromProfile = HiddenFromProfile, CreatedAt = SqlTime.ParseTs(CreatedAt) ?? default,
            DecidedAt = SqlTime.ParseTs(DecidedAt), DecidedByHandle = DecidedByHandle, Reason = Reason,
        };
    }
}
