using System.ComponentModel.DataAnnotations;
using DailyPapers.Community;

namespace DailyPapers.Web.Comments;

/// <summary>Comment limits ("DailyPapers:Comments" section, bound and validated at start-up by SettingsSetup).</summary>
public sealed class CommentSettings
{
    private const string AtLeastOne = "must be a whole number of at least 1";

    /// <summary>
    /// Comment writes (new comments, replies, edits and deletes; page forms and API together) allowed per account
    /// per <see cref="WindowSeconds"/>: plenty for a conversation, a wall for a spam script. Moderators' hiding is not counted.
    /// </summary>
    [Range(1, int.MaxValue, ErrorMessage = AtLeastOne)]
    public int PerWindow { get; set; } = 10;
    [Range(1, int.MaxValue, ErrorMessage = AtLeastOne)]
    public int WindowSeconds { get; set; } = 60;
    /// <summary>Longest comment in characters of Markdown source (at most the renderer's own cap).</summary>
    [Range(1, CommentRenderer.MaxSourceLength, ErrorMessage = "must be a whole number from {1} to {2}")]
    public int MaxLength { get; set; } = CommentRules.DefaultMaxLength;
    /// <summary>
    /// Mentioned users notified per comment (or per edit), in the order written; the rest are not notified (logged
    /// and counted). A conversation names a few people; a comment naming dozens is a way to mail them all.
    /// </summary>
    [Range(0, int.MaxValue, ErrorMessage = "must be a whole number, 0 or more")]
    public int MaxMentionsNotified { get; set; } = 10;
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
