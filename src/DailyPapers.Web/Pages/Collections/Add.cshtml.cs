using DailyPapers.Community;
using DailyPapers.Papers;
using DailyPapers.Storage;
using DailyPapers.Web.Accounts;
using DailyPapers.Web.Collections;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace DailyPapers.Web.Pages.Collections;

/// <summary>
/// /collections/add: where the "Save" controls on cards and paper pages post (into an existing collection, or a
/// new one made from a title), then back to where the user was; <c>?handler=Remove</c> takes the paper out of one of
/// the user's collections. GET shows the same choice as a page of its own, and any problem is shown here beside the form.
/// </summary>
[Authorize(Policy = AuthNames.SignedIn)]
public sealed class AddModel(CollectionStore store, PaperStore papers) : CollectionPageModel
{
    public PaperView? View { get; private set; }
    public IReadOnlyList<Collection> Mine { get; private set; } = [];

    [BindProperty(SupportsGet = true)] public string? Paper { get; set; }
    [BindProperty(SupportsGet = true)] public string? ReturnUrl { get; set; }
    [BindProperty] public long? Collection { get; set; }
    [BindProperty] public string? Title { get; set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await LoadAsync(ct) ?? Page();

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (await LimitAsync() is { } tooMany) return tooMany;
        if (await LoadAsync(ct) is { } missing) return missing;
        Collection? target;
        if (!string.IsNullOrWhiteSpace(Title))
        {
            var title = CollectionRules.Title(Title, out var why);
            if (title is null) return Fail(why!);
            var (outcome, created) = await store.CreateAsync(Me!.Value, title, "", isPrivate: false, ct);
            if (outcome == CreateCollectionOutcome.TooMany) return Fail(CollectionRules.TooManyMessage);
            target = created!;
        }
        else
        {
            target = Mine.FirstOrDefault(c => c.Id == Collection);
            if (target is null) return Fail(Mine.Count == 0 ? "Give the new collection a title." : "Choose one of your collections, or give a new one a title.");
        }
        var added = await store.AddItemAsync(target.Id, View!.Id, "", ct);
        if (added == AddItemOutcome.Full) return Fail(CollectionRules.FullMessage);
        return Redirect(SafeReturn(ReturnUrl, CollectionAccess.Url(target) + "?done=added"));
    }

    public async Task<IActionResult> OnPostRemoveAsync(CancellationToken ct)
    {
        if (await LimitAsync() is { } tooMany) return tooMany;
        if (await LoadAsync(ct) is { } missing) return missing;
        // Only the user's own collections are in Mine, so another's collection id is "not one of yours".
        var target = Mine.FirstOrDefault(c => c.Id == Collection);
        if (target is null) return Fail("Choose one of your collections to remove the paper from.");
        await store.RemoveItemAsync(target.Id, View!.Id, ct);
        return Redirect(SafeReturn(ReturnUrl, CollectionAccess.Url(target)));
    }

    private async Task<IActionResult?> LoadAsync(CancellationToken ct)
    {
        ViewData["Title"] = "Add to a collection";
        var find = await Http.PaperLookup.FindAsync(papers, Paper, ct);
        if (find.Status == StatusCodes.Status400BadRequest)
            return ShowProblem(400, "Which paper?", string.IsNullOrWhiteSpace(Paper) ? "Say which paper to add (?paper=2401.00001)." : find.Message!);
        View = find.Paper;
        if (View is null) return ShowProblem(404, "Paper not found", $"There is no paper {find.Id.Id ?? Paper!.Trim()} here.");
        Mine = await store.ListByOwnerAsync(Me!.Value, includePrivate: true, ct);
        return null;
    }
}
