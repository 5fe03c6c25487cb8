using DailyPapers.Community;
using Dapper;

namespace DailyPapers.Storage;

/// <summary>
/// Upvotes. Each change runs in one transaction that locks the paper row, applies the transition against the
/// UNIQUE (user, paper) key, and recomputes the paper's score from the votes table (never a counter increment),
/// so counts stay exact under any concurrency and on several nodes.
/// </summary>
public sealed class VoteStore(Database db, TimeProvider? clock = null)
{
    private readonly TimeProvider _clock = clock ?? TimeProvider.System;

    /// <summary>Sets the user's vote on the paper to <paramref name="up"/>; null when the paper does not exist.</summary>
    public async Task<VoteResult?> SetAsync(long userId, long paperId, bool up, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        var exists = await c.ExecuteScalarAsync<long?>($"SELECT id FROM papers WHERE id = @paperId{db.Dialect.ForUpdate}", new { paperId }, tx);
        if (exists is null) return null;
        var has = await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM votes WHERE user_id = @userId AND paper_id = @paperId", new { userId, paperId }, tx) > 0;
        var transition = VoteRules.Transition(has, up);
        switch (transition)
        {
            case VoteTransition.Added:
                await c.ExecuteAsync("INSERT INTO votes (user_id, paper_id, created_at) VALUES (@userId, @paperId, @now) ON CONFLICT DO NOTHING",
                    new { userId, paperId, now = SqlTime.Ts(_clock.GetUtcNow()) }, tx);
                break;
            case VoteTransition.Removed:
                await c.ExecuteAsync("DELETE FROM votes WHERE user_id = @userId AND paper_id = @paperId", new { userId, paperId }, tx);
                break;
        }
        var (upvotes, hotness) = transition is VoteTransition.Added or VoteTransition.Removed
            ? await PaperStore.RecountVotesAsync(c, tx, paperId, SqlTime.Ts(_clock.GetUtcNow())!)
            : await c.QuerySingleAsync<(int, double)>("SELECT upvotes, hotness FROM papers WHERE id = @paperId", new { paperId }, tx);
        await tx.CommitAsync(ct);
        return new VoteResult(transition, up, upvotes, hotness);
    }

    /// <summary>Flips the user's vote (the button's behaviour).</summary>
    public async Task<VoteResult?> ToggleAsync(long userId, long paperId, CancellationToken ct = default) =>
        await SetAsync(userId, paperId, !await HasVotedAsync(userId, paperId, ct), ct);

    public async Task<bool> HasVotedAsync(long userId, long paperId, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        return await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM votes WHERE user_id = @userId AND paper_id = @paperId", new { userId, paperId }) > 0;
    }

    /// <summary>Which of <paramref name="paperIds"/> the user has upvoted (to draw a feed page's buttons).</summary>
    public async Task<IReadOnlySet<long>> VotedAmongAsync(long userId, IReadOnlyList<long> paperIds, CancellationToken ct = default)
    {
        if (paperIds.Count == 0) return new HashSet<long>();
        await using var c = await db.OpenAsync(ct);
        return (await c.QueryAsync<long>($"SELECT paper_id FROM votes WHERE user_id = @userId AND paper_id {Dialect.InList(c, "@paperIds")}",
            new { userId, paperIds = paperIds.ToArray() })).ToHashSet();
    }
}
