using DailyPapers.Papers;
using Dapper;

namespace DailyPapers.Storage;

/// <summary>An organisation (imported from HF or created by an admin) with the number of papers attributed to it.</summary>
public sealed record Organization(long Id, string Name, string? FullName, string? AvatarUrl, string? HfId, int PaperCount)
{
    public string DisplayName => string.IsNullOrWhiteSpace(FullName) ? Name : FullName;
}

public sealed record OrganizationMember(long UserId, string Handle, string? FullName, string Role);

public enum OrgPaperSort { Newest, Trending }

/// <summary>
/// Organisations, their members and the papers attributed to them: a paper belongs to an organisation when the
/// paper row names it (HF paper data, an edit) or one of its feed entries does (submitted for the organisation).
/// </summary>
public sealed class OrganizationStore(Database db, TimeProvider? clock = null)
{
    private readonly TimeProvider _clock = clock ?? TimeProvider.System;

    static OrganizationStore() => DapperSetup.Init();

    public const string MemberRole = "member";
    public const string AdminRole = "admin";

    // Papers of each organisation, from either attribution; UNION removes a paper counted by both.
    private const string Attributed = """
        (SELECT id AS paper_id, organization_id FROM papers WHERE organization_id IS NOT NULL
         UNION SELECT paper_id, organization_id FROM daily_entries WHERE organization_id IS NOT NULL)
        """;

    private const string OrgColumns = "o.id, o.name, o.full_name, o.avatar_url, o.hf_id";

    /// <summary>By name, ignoring case (HF names are shown in any case, and links get typed).</summary>
    public async Task<Organization?> GetAsync(string name, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        var row = await c.QueryFirstOrDefaultAsync<OrgRow>($"""
            SELECT {OrgColumns}, (SELECT COUNT(*) FROM {Attributed} x WHERE x.organization_id = o.id) AS paper_count
            FROM organizations o WHERE LOWER(o.name) = LOWER(@name) ORDER BY CASE WHEN o.name = @name THEN 0 ELSE 1 END
            """, new { name });
        return row?.ToOrganization();
    }

    /// <summary>All organisations, most papers first.</summary>
    public async Task<IReadOnlyList<Organization>> ListAsync(int limit, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        var rows = await c.QueryAsync<OrgRow>($"""
            SELECT {OrgColumns}, COUNT(x.paper_id) AS paper_count
            FROM organizations o LEFT JOIN {Attributed} x ON x.organization_id = o.id
            GROUP BY o.id, o.name, o.full_name, o.avatar_url, o.hf_id
            ORDER BY COUNT(x.paper_id) DESC, o.name LIMIT @limit
            """, new { limit });
        return rows.Select(r => r.ToOrganization()).ToList();
    }

    /// <summary>Ids of the organisation's papers in the order asked, one page, with the total.</summary>
    public async Task<(IReadOnlyList<long> PaperIds, int Total)> GetPaperIdsAsync(long organizationId, OrgPaperSort sort, int offset, int limit, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        var order = sort == OrgPaperSort.Trending ? "p.hotness DESC, p.id DESC" : "COALESCE(p.published_at, p.created_at) DESC, p.id DESC";
        var args = new { organizationId, offset, limit };
        var total = await c.ExecuteScalarAsync<int>($"SELECT COUNT(*) FROM {Attributed} x WHERE x.organization_id = @organizationId", args);
        var ids = await c.QueryAsync<long>($"""
            SELECT p.id FROM papers p JOIN {Attributed} x ON x.paper_id = p.id AND x.organization_id = @organizationId
            ORDER BY {order} LIMIT @limit OFFSET @offset
            """, args);
        return (ids.AsList(), total);
    }

    /// <summary>Creates the organisation if no organisation has that name (an admin attributing a paper); returns its id.</summary>
    public async Task<long> EnsureAsync(string name, string? fullName, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        return await c.ExecuteScalarAsync<long>("""
            INSERT INTO organizations (name, full_name, created_at) VALUES (@name, @fullName, @now)
            ON CONFLICT (name) DO UPDATE SET full_name = COALESCE(organizations.full_name, excluded.full_name)
            RETURNING id
            """, new { name, fullName, now = SqlTime.Ts(_clock.GetUtcNow()) });
    }

    public async Task<IReadOnlyList<OrganizationMember>> ListMembersAsync(long organizationId, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        var rows = await c.QueryAsync<(long UserId, string Handle, string? FullName, string Role)>("""
            SELECT u.id, u.handle, u.full_name, m.role FROM organization_members m JOIN users u ON u.id = m.user_id
            WHERE m.organization_id = @organizationId AND u.deleted_at IS NULL
            ORDER BY CASE WHEN m.role = 'admin' THEN 0 ELSE 1 END, u.handle
            """, new { organizationId });
        return rows.Select(r => new OrganizationMember(r.UserId, r.Handle, r.FullName, r.Role)).ToList();
    }

    /// <summary>Adds a member or changes their role.</summary>
    public async Task SetMemberAsync(long organizationId, long userId, string role, CancellationToken ct = default)
    {
        if (role is not (MemberRole or AdminRole)) throw new ArgumentException($"organisation role must be '{MemberRole}' or '{AdminRole}', not '{role}'", nameof(role));
        await using var c = await db.OpenAsync(ct);
        await c.ExecuteAsync("""
            INSERT INTO organization_members (organization_id, user_id, role, created_at) VALUES (@organizationId, @userId, @role, @now)
            ON CONFLICT (organization_id, user_id) DO UPDATE SET role = excluded.role
            """, new { organizationId, userId, role, now = SqlTime.Ts(_clock.GetUtcNow()) });
    }

    public async Task<bool> RemoveMemberAsync(long organizationId, long userId, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        return await c.ExecuteAsync("DELETE FROM organization_members WHERE organization_id = @organizationId AND user_id = @userId",
            new { organizationId, userId }) > 0;
    }

    /// <summary>The user's role in the organisation, or null when not a member.</summary>
    public async Task<string?> RoleOfAsync(long organizationId, long userId, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        return await c.ExecuteScalarAsync<string?>("SELECT role FROM organization_members WHERE organization_id = @organizationId AND user_id = @userId",
            new { organizationId, userId });
    }

    /// <summary>Names of the organisations the user belongs to (what they may attribute papers to).</summary>
    public async Task<IReadOnlyList<string>> MembershipsAsync(long userId, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        return (await c.QueryAsync<string>("""
            SELECT o.name FROM organization_members m JOIN organizations o ON o.id = m.organization_id WHERE m.user_id = @userId ORDER BY o.name
            """, new { userId })).AsList();
    }

    private sealed class OrgRow
    {
        public long Id { get; set; }
        public string Name { get; set; } = "";
        public string? FullName { get; set; }
        public string? AvatarUrl { get; set; }
        public string? HfId { get; set; }
        public long PaperCount { get; set; }
        public Organization ToOrganization() => new(Id, Name, FullName, AvatarUrl, HfId, (int)PaperCount);
    }
}
