using System.Security.Claims;
using DailyPapers.Community;
using DailyPapers.Mail;
using DailyPapers.Papers;
using DailyPapers.Storage;
using DailyPapers.Web.Accounts;

namespace DailyPapers.Web.Comments;

/// <summary>A comment write as the pages and the API ask for it: refused by the rate limit, or the store's answer.</summary>
public sealed record CommentAttempt(CommentWrite? Write, int RetryAfterSeconds = 0)
{
    public bool Limited => Write is null;
}

/// <summary>
/// The one path of every comment write, shared by the page forms and the write API, so both have the same rules:
/// the per-account "comment" limit (moderation is not counted), moderator rights for hiding, the store's own
/// ownership and input checks, and a mail to each person the write newly notified.
/// </summary>
public sealed class CommentService(CommentStore store, PaperStore papers, CommentSettings settings, CommentLimiter limiter, CommentMails mails,
    MailCounters counters, ILogger<CommentService> log)
{
    public CommentSettings Settings => settings;

    public static bool IsModerator(ClaimsPrincipal user) => user.Role() is Role.Moderator or Role.Admin;

    public Task<CommentAttempt> AddAsync(HttpRequest request, long userId, PaperView paper, long? replyTo, string? body, CancellationToken ct) =>
        LimitedAsync(request, userId, paper, () => store.AddAsync(paper.Id, userId, replyTo, body ?? "", settings.MaxLength, ct, settings.MaxMentionsNotified), ct);

    public Task<CommentAttempt> EditAsync(HttpRequest request, long userId, PaperView paper, long commentId, string? body, CancellationToken ct) =>
        LimitedAsync(request, userId, paper, () => store.EditAsync(commentId, userId, body ?? "", settings.MaxLength, ct, settings.MaxMentionsNotified), ct);

    public Task<CommentAttempt> DeleteAsync(HttpRequest request, long userId, PaperView paper, long commentId, CancellationToken ct) =>
        LimitedAsync(request, userId, paper, () => store.DeleteAsync(commentId, userId, ct), ct);

    public async Task<CommentAttempt> HideAsync(ClaimsPrincipal user, long commentId, bool hide, string? reason, CancellationToken ct)
    {
        if (user.UserId() is not { } id || !IsModerator(user))
            return new(CommentWrite.Fail(CommentOutcome.Forbidden, "Only moderators can hide or show comments."));
        return new(hide ? await store.HideAsync(commentId, id, reason ?? "", ct) : await store.UnhideAsync(commentId, id, ct));
    }

    /// <summary>The comment and its paper, or null when either is gone.</summary>
    public async Task<(Comment Comment, PaperView Paper)?> FindAsync(long commentId, CancellationToken ct)
    {
        if (await store.GetAsync(commentId, ct) is not { } comment) return null;
        var paper = (await papers.GetManyAsync([comment.PaperId], ct)).FirstOrDefault();
        return paper is null ? null : (comment, paper);
    }

    private async Task<CommentAttempt> LimitedAsync(HttpRequest request, long userId, PaperView paper, Func<Task<CommentWrite>> write, CancellationToken ct)
    {
        if (await limiter.RetryAfterAsync(userId, ct) is { } seconds) return new(null, seconds);
        var result = await write();
        if (result is { Outcome: CommentOutcome.Ok, Comment: { } comment })
        {
            foreach (var notice in result.Notified) await mails.SendAsync(request, notice, comment, paper.Paper, ct);
            if (result.MentionsSkipped > 0)
            {
                counters.AddMentionsCapped(result.MentionsSkipped);
                log.LogWarning("comment {Comment}: {Skipped} mentioned users not notified: more than {Cap} mentions (DailyPapers:Comments:MaxMentionsNotified)",
                    comment.Id, result.MentionsSkipped, settings.MaxMentionsNotified);
            }
        }
        return new(result);
    }
}

/// <summary>
/// Mails about mentions and replies, queued as notifications in the mail outbox: one person gets at most one such
/// mail per window (DailyPapers:Mail:NotificationWindowMinutes); what arrives meanwhile goes out together.
/// </summary>
public sealed class CommentMails(MailOutbox outbox, AccountMails accountMails)
{
    private const int ExcerptChars = 600; // enough to read the point; the link has the rest
    private const int TitleChars = 90;

    /// <summary>Queues the notice for one person; nothing when they have no confirmed address.</summary>
    public async Task<bool> SendAsync(HttpRequest request, CommentNotice notice, Comment comment, Paper paper, CancellationToken ct)
    {
        if (notice.Email is not { } to) return false;
        var site = accountMails.BaseUrl(request);
        var title = PaperText.CollapseWhitespace(paper.Title);
        if (title.Length > TitleChars) title = title[..(TitleChars - 1)] + "…";
        var what = notice.Kind == NotificationKind.Reply ? "replied to your comment" : "mentioned you";
        var excerpt = comment.Body.Length > ExcerptChars ? comment.Body[..ExcerptChars] + " …" : comment.Body;
        var quoted = string.Join("\n", excerpt.Split('\n').Select(l => "> " + l));
        // The text of this one notice; the sender adds the greeting and the footer (and joins several into one mail).
        await outbox.NotifyAsync(to, $"@{comment.Handle} {what} on \"{title}\"", $"""
            @{comment.Handle} {what} on "{title}":

            {quoted}

            Read and reply: {site}/papers/{paper.ArxivId}#comment-{comment.Id}
            """, ct);
        return true;
    }
}
