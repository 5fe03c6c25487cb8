using DailyPapers.Papers;
using DailyPapers.Storage;
using Microsoft.AspNetCore.Mvc;

namespace DailyPapers.Web.Pages.Users;

/// <summary>/users/{handle}: a person's submitted, claimed and (if public) upvoted papers; HF-imported people too.</summary>
public sealed class ProfileModel(AccountStore accounts, PaperStore papers) : AppPageModel
{
    /// <summary>Papers per list on the page.</summary>
    public const int ListLimit = 30;

    public Storage.Account Person { get; private set; } = null!;
    public IReadOnlyList<PaperView> Submitted { get; private set; } = [];
    public IReadOnlyList<PaperView> Claimed { get; private set; } = [];
    public IReadOnlyList<PaperView>? Upvoted { get; private set; }
    public bool IsMe { get; private set; }

    public async Task<IActionResult> OnGetAsync(string handle, CancellationToken ct)
    {
        var person = handle.Length <= 100 ? await accounts.FindByHandleAsync(handle, ct) : null;
        if (person is null) return ShowProblem(404, "No such user", $"There is no user called \"{handle}\" on this site.");
        Person = person;
        IsMe = Web.Accounts.AuthNames.UserId(User) == person.Id;
        ViewData["Title"] = person.FullName is { Length: > 0 } name ? $"{name} ({person.Handle})" : person.Handle;
        var lists = await accounts.GetProfilePapersAsync(person, ListLimit, ct);
        Submitted = await papers.GetManyAsync(lists.Submitted, ct);
        Claimed = await papers.GetManyAsync(lists.Claimed, ct);
        Upvoted = lists.Upvoted is { } up ? await papers.GetManyAsync(up, ct) : null;
        return Page();
    }
}
