using DailyPapers.Community;
using DailyPapers.Storage;
using DailyPapers.Web.Accounts;
using DailyPapers.Web.Collections;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace DailyPapers.Web.Pages.Collections;

/// <summary>/collections: the signed-in user's collections and a form to start one.</summary>
[Authorize(Policy = AuthNames.SignedIn)]
public sealed class IndexModel(CollectionStore store) : CollectionPageModel
{
    public IReadOnlyList<Collection> Mine { get; private set; } = [];

    [BindProperty] public string? Title { get; set; }
    [BindProperty] public string? Description { get; set; }
    [BindProperty] public bool Private { get; set; }

    public async Task<IActionResult> OnGetAsync(string? done, CancellationToken ct)
    {
        if (done == "deleted") Message = "The collection was deleted.";
        Mine = await store.ListByOwnerAsync(Me!.Value, includePrivate: true, ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
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
