using DailyPapers.Storage;

namespace DailyPapers.Web.Pages.Organizations;

/// <summary>/organizations: every organisation with the number of papers attributed to it, most first.</summary>
public sealed class IndexModel(OrganizationStore orgs) : AppPageModel
{
    /// <summary>Organisations listed; the HF data names a few hundred.</summary>
    public const int Limit = 500;

    public IReadOnlyList<Organization> Organizations { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        ViewData["Title"] = "Organizations";
        Organizations = await orgs.ListAsync(Limit, ct);
    }
}
