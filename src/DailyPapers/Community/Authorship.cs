using DailyPapers.Papers;

namespace DailyPapers.Community;

/// <summary>States of an authorship claim (author_claims.status).</summary>
public static class ClaimStatus
{
    public const string Pending = "pending";
    public const string Approved = "approved";
    public const string Rejected = "rejected";
    public const string Withdrawn = "withdrawn";
}

/// <summary>How an approved claim came about (author_claims.kind): the user asked, or an admin linked them.</summary>
public static class ClaimKind
{
    public const string Claim = "claim";
    public const string Assigned = "assigned";

    /// <summary>The paper_authors.status an approved claim of this kind writes (the HF values).</summary>
    public static string AuthorStatusOf(string kind) => kind == Assigned ? AuthorStatus.AdminAssigned : AuthorStatus.ClaimedVerified;
}

/// <summary>A local user's approved authorship, as re-applied over imported author lists.</summary>
public sealed record LocalAuthorship(int Position, string AuthorName, UserRef User, string Kind, DateTimeOffset? DecidedAt, bool HiddenFromProfile);

public static class AuthorshipRules
{
    /// <summary>
    /// Why the entry cannot be claimed, or null when it can. Entries the HF data only suggested (extracted_*) or
    /// never linked are open; verified entries (claimed_verified, admin_assigned) belong to someone already.
    /// </summary>
    public static string? WhyNotClaimable(PaperAuthor author) =>
        AuthorStatus.IsVerified(author.Status)
            ? $"The author entry \"{author.Name}\" is already verified for {(author.User is { } u ? "@" + u.Handle : "another user")}."
            : null;

    /// <summary>
    /// Lays local approved authorships over an author list (an HF re-import's merge result), so newer HF data never
    /// undoes a verification made here. An authorship finds its entry at its position when the name still matches,
    /// otherwise at the first entry of the same name; when the name is gone from the list it is not applied.
    /// </summary>
    public static IReadOnlyList<PaperAuthor> Overlay(IReadOnlyList<PaperAuthor> authors, IReadOnlyList<LocalAuthorship> local)
    {
        if (local.Count == 0 || authors.Count == 0) return authors;
        var result = authors.ToList();
        var taken = new HashSet<int>();
        foreach (var l in local.OrderBy(l => l.Position))
        {
            var at = l.Position < result.Count && SameName(result[l.Position].Name, l.AuthorName) && !taken.Contains(l.Position)
                ? l.Position
                : result.FindIndex(a => SameName(a.Name, l.AuthorName));
            if (at < 0 || !taken.Add(at)) continue;
            result[at] = result[at] with
            {
                User = l.User,
                Status = ClaimKind.AuthorStatusOf(l.Kind),
                StatusChangedAt = l.DecidedAt,
                Hidden = l.HiddenFromProfile,
            };
        }
        return result;
    }

    public static bool SameName(string a, string b) =>
        string.Equals(PaperText.CollapseWhitespace(a), PaperText.CollapseWhitespace(b), StringComparison.OrdinalIgnoreCase);
}
