using System.Threading.RateLimiting;
using DailyPapers.Community;

namespace DailyPapers.Web.Comments;

/// <summary>Comment limits ("DailyPapers:Comments" section, read from configuration at startup).</summary>
public sealed class CommentSettings
{
    /// <summary>
    /// Comment writes (new comments, replies, edits and deletes; page forms and API together) allowed per account
    /// per <see cref="WindowSeconds"/>: plenty for a conversation, a wall for a spam script. Moderators' hiding is not counted.
    /// </summary>
    public int PerWindow { get; set; } = 10;
    public int WindowSeconds { get; set; } = 60;
    /// <summary>Longest comment in characters of Markdown source (at most the renderer's own cap).</summary>
    public int MaxLength { get; set; } = CommentRules.DefaultMaxLength;
    /// <summary>
    /// Mentioned users notified per comment (or per edit), in the order written; the rest are not notified (logged
    /// and counted). A conversation names a few people; a comment naming dozens is a way to mail them all.
    /// </summary>
    public int MaxMentionsNotified { get; set; } = 10;

    public static CommentSettings From(IConfiguration config)
    {
        var s = new CommentSettings();
        config.GetSection("DailyPapers:Comments").Bind(s);
        if (s.PerWindow < 1 || s.WindowSeconds < 1)
            throw new InvalidOperationException($"DailyPapers:Comments: PerWindow ({s.PerWindow}) and WindowSeconds ({s.WindowSeconds}) must be at least 1");
        if (s.MaxLength < 1 || s.MaxLength > CommentRenderer.MaxSourceLength)
            throw new InvalidOperationException($"DailyPapers:Comments: MaxLength ({s.MaxLength}) must be between 1 and {CommentRenderer.MaxSourceLength}");
        if (s.MaxMentionsNotified < 0)
            throw new InvalidOperationException($"DailyPapers:Comments: MaxMentionsNotified ({s.MaxMentionsNotified}) must be 0 or more");
        return s;
    }
}

/// <summary>
/// The "comment" rate limit: one fixed window per account, shared by the page forms and the API. Taken inside the
/// handlers, after authentication, because the rate-limiting middleware runs before bearer tokens are read and
/// would see only the client address.
/// </summary>
public sealed class CommentLimiter(CommentSettings settings) : Accounts.AccountRateLimiter(settings.PerWindow, settings.WindowSeconds)
{
    public const string PolicyName = "comment";
}
