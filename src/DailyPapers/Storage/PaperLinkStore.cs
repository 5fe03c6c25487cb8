using Dapper;

namespace DailyPapers.Storage;

/// <summary>Who may edit a paper's links: its verified authors and the users who submitted it to the feed.</summary>
public sealed record PaperEditors(IReadOnlySet<long> VerifiedAuthors, IReadOnlySet<long> Submitters)
{
    public bool Contains(long userId) => VerifiedAuthors.Contains(userId) || Submitters.Contains(userId);
}

/// <summary>A change of a paper's links; null fields are cleared. <see cref="OrganizationId"/> is only written when <see cref="SetOrganization"/>.</summary>
public sealed record PaperLinkEdit(string? GithubRepo, string? ProjectPage, bool SetOrganization = false, long? OrganizationId = null);

/// <summary>Writes to a paper's links (GitHub repo, project page, organisation), logged as a paper change.</summary>
public sealed class PaperLinkStore(Database db, TimeProvider? clock = null)
{
    private readonly TimeProvider _clock = clock ?? TimeProvider.System;

    public async Task<PaperEditors> GetEditorsAsync(long paperId, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        var authors = (await c.QueryAsync<long>($"""
            SELECT user_id FROM paper_authors WHERE paper_id = @paperId AND user_id IS NOT NULL AND status {Dialect.InList(c, "@statuses")}
            """, new { paperId, statuses = ClaimStore.VerifiedStatuses })).ToHashSet();
        var submitters = (await c.QueryAsync<long>(
            "SELECT submitted_by FROM daily_entries WHERE paper_id = @paperId AND submitted_by IS NOT NULL", new { paperId })).ToHashSet();
        return new PaperEditors(authors, submitters);
    }

    /// <summary>
    /// Sets the links in one transaction with a paper_changes row, so search indexes on every node pick the change
    /// up. A new GitHub repository drops the stored star count, which belonged to the old one.
    /// </summary>
    public async Task<bool> UpdateAsync(long paperId, PaperLinkEdit edit, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        var now = SqlTime.Ts(_clock.GetUtcNow())!;
        var n = await c.ExecuteAsync($"""
            UPDATE papers SET
                github_stars = CASE WHEN github_repo IS NOT DISTINCT FROM @GithubRepo THEN github_stars ELSE NULL END,
                github_repo = @GithubRepo, project_page = @ProjectPage,
                {(edit.SetOrganization ? "organization_id = @OrganizationId," : "")} modified_at = @now
            WHERE id = @paperId
            """, new { edit.GithubRepo, edit.ProjectPage, edit.OrganizationId, now, paperId }, tx);
        if (n == 0) return false;
        await PaperChangeLog.AppendAsync(c, tx, paperId, now);
        await tx.CommitAsync(ct);
        return true;
    }
}
