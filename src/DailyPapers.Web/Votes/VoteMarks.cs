using System.Security.Claims;
using DailyPapers.Storage;
using DailyPapers.Web.Accounts;

namespace DailyPapers.Web.Votes;

/// <summary>
/// Which papers the signed-in user has upvoted, for the pressed state of the buttons on one page (scoped per
/// request). Pages preload their papers in one query; a card drawn without a preload asks for its own paper.
/// Anonymous requests never query, and their pages carry nothing personal, so the output cache may keep them.
/// </summary>
public sealed class VoteMarks(VoteStore votes)
{
    private readonly HashSet<long> _known = [];
    private readonly HashSet<long> _voted = [];

    public async Task PreloadAsync(ClaimsPrincipal user, IEnumerable<long> paperIds, CancellationToken ct = default)
    {
        if (user.UserId() is not { } userId) return;
        var ids = paperIds.Where(id => !_known.Contains(id)).Distinct().ToList();
        if (ids.Count == 0) return;
        _voted.UnionWith(await votes.VotedAmongAsync(userId, ids, ct));
        _known.UnionWith(ids);
    }

    /// <summary>Null for an anonymous user (the button leads to sign-in), else whether the user upvoted the paper.</summary>
    public async Task<bool?> StateAsync(ClaimsPrincipal user, long paperId, CancellationToken ct = default)
    {
        if (user.UserId() is null) return null;
        if (!_known.Contains(paperId)) await PreloadAsync(user, [paperId], ct);
        return _voted.Contains(paperId);
    }
}
