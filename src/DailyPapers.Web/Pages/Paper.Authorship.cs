using DailyPapers.Community;
using DailyPapers.Papers;
using DailyPapers.Storage;
using DailyPapers.Web.Accounts;

namespace DailyPapers.Web.Pages;

/// <summary>One author entry as the paper page's authorship section draws it.</summary>
public sealed record AuthorLine(int Position, PaperAuthor Author, bool Verified, bool PendingClaim, bool Claimable);

/// <summary>What the authorship section (Shared/_PaperAuthorship.cshtml) shows to the current visitor.</summary>
public sealed record AuthorshipView(IReadOnlyList<AuthorLine> Authors)
{
    public bool SignedIn { get; init; }
    public bool IsAdmin { get; init; }
    /// <summary>The visitor's open claim on this paper (pending or approved), if any.</summary>
    public AuthorClaim? MyClaim { get; init; }
    /// <summary>The visitor's own verified entry on this paper, if any.</summary>
    public AuthorLine? MyEntry { get; init; }
    public bool CanEditLinks { get; init; }
    /// <summary>Organisations the visitor may attribute the paper to (admins type any name).</summary>
    public IReadOnlyList<string> MyOrganizations { get; init; } = [];
}

public sealed partial class PaperModel
{
    public AuthorshipView Authorship { get; private set; } = new([]);

    /// <summary>
    /// Loads claims and permissions for the authorship section. Signed-in pages are never output-cached (the cache
    /// policy skips authenticated requests), so the forms drawn here reach only their user.
    /// </summary>
    private async Task LoadAuthorshipAsync(CancellationToken ct)
    {
        var services = HttpContext.RequestServices;
        var claims = services.GetRequiredService<ClaimStore>();
        var open = (await claims.ListOpenForPaperAsync(View!.Id, ct)).ToLookup(c => c.Position);
        var me = User.UserId();
        var lines = Paper.Authors.Select((a, i) => new AuthorLine(i, a, AuthorStatus.IsVerified(a.Status),
            open[i].Any(c => c.Status == ClaimStatus.Pending),
            AuthorshipRules.WhyNotClaimable(a) is null && !open[i].Any())).ToList();
        if (me is not { } userId)
        {
            Authorship = new AuthorshipView(lines);
            return;
        }
        var isAdmin = User.Role() == Role.Admin;
        var editors = await services.GetRequiredService<PaperLinkStore>().GetEditorsAsync(View.Id, ct);
        var canEdit = isAdmin || editors.Contains(userId);
        var myEntry = lines.FirstOrDefault(l => l.Verified && editors.VerifiedAuthors.Contains(userId)
            && open[l.Position].Any(c => c.UserId == userId && c.Status == ClaimStatus.Approved));
        Authorship = new AuthorshipView(lines)
        {
            SignedIn = true,
            IsAdmin = isAdmin,
            MyClaim = open.SelectMany(g => g).FirstOrDefault(c => c.UserId == userId),
            MyEntry = myEntry,
            CanEditLinks = canEdit,
            MyOrganizations = canEdit && !isAdmin ? await services.GetRequiredService<OrganizationStore>().MembershipsAsync(userId, ct) : [],
        };
    }
}
