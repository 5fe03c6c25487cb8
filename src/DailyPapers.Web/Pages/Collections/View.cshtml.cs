using DailyPapers.Community;
using DailyPapers.Papers;
using DailyPapers.Storage;
using DailyPapers.Web.Collections;
using Microsoft.AspNetCore.Mvc;

namespace DailyPapers.Web.Pages.Collections;

/// <summary>
/// /users/{handle}/collections/{slug}: the papers in order with their notes and the exports. The owner also gets
/// forms (no script needed) to edit, reorder, annotate and remove. A private collection is a 404 to everyone else.
/// </summary>
public sealed class ViewModel(CollectionStore store, PaperStore papers) : CollectionPageModel
{
    public Collection Collection { get; private set; } = null!;
    public IReadOnlyList<(CollectionItem Item, PaperView View)> Items { get; private set; } = [];
    public bool IsOwner { get; private set; }
    public string Href => CollectionAccess.Url(Collection);

    [BindProperty] public string? Title { get; set; }
    [BindProperty] public string? Description { get; set; }
    [BindProperty] public bool Private { get; set; }
    [BindProperty] public string? Paper { get; set; }
    [BindProperty] public string? Note { get; set; }
    [BindProperty] public string? To { get; set; }

    public async Task<IActionResult> OnGetAsync(string handle, string slug, string? done, CancellationToken ct)
    {
        if (await LoadAsync(handle, slug, ct) is { } missing) return missing;
        Message = done switch
        {
            "created" => "Collection created.",
            "saved" => "Saved.",
            "added" => "Added to this collection.",
            _ => null,
        };
        return Page();
    }

    public Task<IActionResult> OnPostEditAsync(string handle, string slug, CancellationToken ct) => AsOwnerAsync(handle, slug, async c =>
    {
        var title = CollectionRules.Title(Title, out var why);
        if (title is null) return Fail(why!);
        var description = CollectionRules.Description(Description, out why);
        if (description is null) return Fail(why!);
        await store.UpdateAsync(c.Id, title, description, Private, ct);
        return Redirect(Href + "?done=saved");
    }, ct);

    public Task<IActionResult> OnPostDeleteAsync(string handle, string slug, CancellationToken ct) => AsOwnerAsync(handle, slug, async c =>
    {
        await store.DeleteAsync(c.Id, ct);
        return Redirect("/collections?done=deleted");
    }, ct);

    public Task<IActionResult> OnPostMoveAsync(string handle, string slug, CancellationToken ct) => WithItemAsync(handle, slug, async (c, item, index) =>
    {
        var target = To switch
        {
            "up" => index - 1,
            "down" => index + 1,
            "top" => 0,
            "bottom" => int.MaxValue,
            _ => (int?)null,
        };
        if (target is null) return Fail("Say where to move the paper: up, down, top or bottom.");
        await store.MoveItemAsync(c.Id, item.PaperId, target.Value, ct);
        return Redirect(Href + "#" + ItemDomId(item.ArxivId));
    }, ct);

    public Task<IActionResult> OnPostRemoveAsync(string handle, string slug, CancellationToken ct) => WithItemAsync(handle, slug, async (c, item, _) =>
    {
        await store.RemoveItemAsync(c.Id, item.PaperId, ct);
        return Redirect(Href);
    }, ct);

    public Task<IActionResult> OnPostNoteAsync(string handle, string slug, CancellationToken ct) => WithItemAsync(handle, slug, async (c, item, _) =>
    {
        var note = CollectionRules.Note(Note, out var why);
        if (note is null) return Fail(why!);
        await store.SetNoteAsync(c.Id, item.PaperId, note, ct);
        return Redirect(Href + "#" + ItemDomId(item.ArxivId));
    }, ct);

    public static string ItemDomId(string arxivId) => "item-" + arxivId.Replace('/', '-').Replace('.', '-');

    private async Task<IActionResult?> LoadAsync(string handle, string slug, CancellationToken ct)
    {
        var c = await CollectionAccess.VisibleAsync(store, handle, slug, Me, ct);
        if (c is null) return ShowProblem(404, "Collection not found", CollectionAccess.NotFoundMessage(handle, slug));
        Collection = c;
        IsOwner = Me == c.OwnerId;
        var items = await store.ItemsAsync(c.Id, ct);
        var views = (await papers.GetManyAsync(items.Select(i => i.PaperId).ToList(), ct)).ToDictionary(v => v.Id);
        Items = items.Where(i => views.ContainsKey(i.PaperId)).Select(i => (i, views[i.PaperId])).ToList();
        await this.PreloadVotesAsync(views.Keys, ct);
        ViewData["Title"] = c.Title;
        ViewData["Description"] = c.Description.Length > 0 ? c.Description : $"A collection of {Fmt.Plural(Items.Count, "paper", "papers")} by {c.OwnerHandle}.";
        return null;
    }

    /// <summary>Runs a change for the owner only: 404 for a collection the user cannot see, 403 for someone else's public one.</summary>
    private async Task<IActionResult> AsOwnerAsync(string handle, string slug, Func<Collection, Task<IActionResult>> change, CancellationToken ct)
    {
        if (await LimitAsync() is { } tooMany) return tooMany;
        if (await LoadAsync(handle, slug, ct) is { } missing) return missing;
        if (!IsOwner) return ShowProblem(403, "Not your collection", CollectionAccess.NotOwnerMessage(Collection));
        return await change(Collection);
    }

    private Task<IActionResult> WithItemAsync(string handle, string slug, Func<Collection, CollectionItem, int, Task<IActionResult>> change, CancellationToken ct) =>
        AsOwnerAsync(handle, slug, async c =>
        {
            var index = Items.ToList().FindIndex(i => string.Equals(i.Item.ArxivId, Paper?.Trim(), StringComparison.OrdinalIgnoreCase));
            if (index < 0) return ShowProblem(404, "Paper not in this collection", $"The paper {Paper} is not in the collection \"{c.Title}\".");
            return await change(c, Items[index].Item, index);
        }, ct);
}
