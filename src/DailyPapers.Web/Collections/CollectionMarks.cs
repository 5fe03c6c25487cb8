using System.Security.Claims;
using DailyPapers.Storage;
using DailyPapers.Web.Accounts;

namespace DailyPapers.Web.Collections;

/// <summary>
/// The signed-in user's collections and which papers they hold, for the "add to collection" controls on one
/// page (scoped per request: one query for the list, one for the memberships). Anonymous requests never query,
/// and their pages carry no control, so the output cache may keep them.
/// </summary>
public sealed class CollectionMarks(CollectionStore store)
{
    /// <summary>Memberships loaded up front; a user with more is asked per paper instead.</summary>
    public const int PreloadLimit = 5000;

    private IReadOnlyList<Collection>? _mine;
    private ILookup<long, long>? _byPaper;

    /// <summary>Null for an anonymous user, else their collections (most recently changed first).</summary>
    public async Task<IReadOnlyList<Collection>?> MineAsync(ClaimsPrincipal user, CancellationToken ct = default)
    {
        if (user.UserId() is not { } userId) return null;
        return _mine ??= await store.ListByOwnerAsync(userId, includePrivate: true, ct);
    }

    /// <summary>Ids of the user's collections that hold the paper (empty for anonymous users).</summary>
    public async Task<IReadOnlySet<long>> HoldingAsync(ClaimsPrincipal user, long paperId, CancellationToken ct = default)
    {
        if (user.UserId() is not { } userId) return new HashSet<long>();
        if (_byPaper is null)
        {
            var pairs = await store.MembershipsAsync(userId, PreloadLimit + 1, ct);
            _byPaper = pairs.Count <= PreloadLimit ? pairs.ToLookup(p => p.PaperId, p => p.CollectionId) : Enumerable.Empty<(long, long)>().ToLookup(p => p.Item1, p => p.Item2);
            if (pairs.Count > PreloadLimit) _perPaper = true;
        }
        return _perPaper ? (await store.CollectionsHoldingAsync(userId, paperId, ct)).ToHashSet() : _byPaper[paperId].ToHashSet();
    }

    private bool _perPaper;
}
