using DailyPapers.Storage;
using DailyPapers.Web.Accounts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace DailyPapers.Web.Pages.Account;

/// <summary>/account/notifications: mentions of the user and replies to their comments, newest first; mark read.</summary>
[Authorize(Policy = AuthNames.SignedIn)]
public sealed class NotificationsModel(CommentStore comments) : AppPageModel
{
    public const int Shown = 100; // the newest; older ones stay in the table but are rarely wanted

    public IReadOnlyList<Notification> Items { get; private set; } = [];
    public int Unread => Items.Count(n => !n.IsRead);

    [BindProperty] public long? Id { get; set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        ViewData["Title"] = "Notifications";
        Items = await comments.ListNotificationsAsync(User.UserId()!.Value, Shown, ct);
    }

    /// <summary>Marks one notification (Id) or all of them read, then shows the list again (post/redirect/get).</summary>
    public async Task<IActionResult> OnPostReadAsync(CancellationToken ct)
    {
        await comments.MarkReadAsync(User.UserId()!.Value, Id, ct);
        return LocalRedirect("/account/notifications");
    }
}
