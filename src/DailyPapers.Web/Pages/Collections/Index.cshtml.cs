using DailyPapers.Community;
using DailyPapers.Storage;
using DailyPapers.Web.Accounts;
using DailyPapers.Web.Collections;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace DailyPapers.Web.Pages.Collections;

/// <summary>
/// /collections: everyone's public collections to browse (no sign-in needed; private ones never listed), and for a
/// signed-in user their own (private ones too) with a form to start one. Creating needs an account.
/// </summary>
public sealed class IndexModel(CollectionStore store) : CollectionPageModel
{
    public const int PublicPageSize = 30;

    public IReadOnlyList<Collection> Mine { get; private set; } = [];
    public IReadOnlyList<Collection> Public { get; private set; } = [];
    public int PublicTotal { get; private set; }
    public int PageNumber { get; private set; } = 1;
    public int PageCount => Math.Max(1, (PublicTotal + PublicPageSize - 1) / PublicPageSize);

    [BindProperty] public string? Title { get; set; }
    [BindProperty] public string? Description { get; set; }
    [BindProperty] public bool Private { get; set; }

    public async Task<IActionResult> OnGetAsync(string? done, CancellationToken ct)
    {
        // "page" is a Razor Pages route value (the page's name), so read the query string itself.
        var page = Request.Query["page"].FirstOrDefault();
        if (page is not null && (!int.TryParse(page, out var n) || n < 1 || n > 10_000))
            return ShowProblem(400, "Bad page number", $"invalid page \"{(page.Length > 20 ? page[..17] + "..." : page)}\": expected a whole number from 1");
        PageNumber = page is null ? 1 : int.Parse(page, System.Globalization.CultureInfo.InvariantCulture);
        if (done == "deleted") Message = "The collection was deleted.";
        if (Me is { } me) Mine = await store.ListByOwnerAsync(me, includePrivate: true, ct);
        (Public, PublicTotal) = await store.ListPublicAsync((PageNumber - 1) * PublicPageSize, PublicPageSize, ct);
        if (PageNumber > PageCount) return ShowProblem(404, "No such page", $"There are {PageCount} page(s) of public collections, not {PageNumber}.");
        ViewData["Description"] = "Reading lists of papers that people on DailyPapers made public.";
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (Me is null) return Challenge(); // browsing is open; making a collection needs an account
        if (await LimitAsync() is { } tooMany) return tooMany;
        Mine = await store.ListByOwnerAsync(Me!.Value, includePrivate: true, ct);
        var title = CollectionRules.Title(Title, out var why);
        if (title is null) return Fail(why!);
        var description = CollectionRules.Description(Description, out why);
        if (description is null) return Fail(why!);
        var (outcome, created) = await store.CreateAsync(Me!.Value, title, description, Private, ct);
        if (outcome == CreateCollectionOutcome.TooMany) return Fail(CollectionRules.TooManyMessage);
        return Redirect(CollectionAccess.Url(created!));
    }
}
