using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Threading.RateLimiting;
using DailyPapers.Web.Accounts;

namespace DailyPapers.Web.Collections;

/// <summary>Collection write limit ("DailyPapers:Collections" section, bound and validated at start-up by SettingsSetup).</summary>
public sealed class CollectionSettings
{
    private const string AtLeastOne = "must be a whole number of at least 1";

    /// <summary>
    /// Collection changes (forms, API calls and data exports together) allowed per account per
    /// <see cref="WindowSeconds"/>: generous for a person curating a list, a stop for a runaway script.
    /// </summary>
    [Range(1, int.MaxValue, ErrorMessage = AtLeastOne)]
    public int PerWindow { get; set; } = 60;
    [Range(1, int.MaxValue, ErrorMessage = AtLeastOne)]
    public int WindowSeconds { get; set; } = 60;
}

/// <summary>
/// The "collections" rate limit: one fixed window per account, shared by the pages and the API. Taken inside the
/// handlers, after authentication, because the rate-limiting middleware runs before a bearer token is read and
/// would only see the client address (as Votes/VoteEndpoints does).
/// </summary>
public sealed class CollectionLimiter(CollectionSettings settings) : Accounts.AccountRateLimiter(settings.PerWindow, settings.WindowSeconds)
{
    public const string PolicyName = "collections";

    /// <summary>Null when the account may go on; else the seconds to wait (also set as Retry-After).</summary>
    public async Task<int?> RefuseAsync(HttpContext http, long userId)
    {
        if (await RetryAfterAsync(userId, http.RequestAborted) is not { } seconds) return null;
        http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        return seconds;
    }

    /// <summary>What this limit counts, in <see cref="Http.TooManyRequests.Message"/>.</summary>
    public const string What = "collection changes";

    public static string Message(int seconds) => Http.TooManyRequests.Message(What, seconds);
}

/// <summary>Who may see a collection: private ones only their owner, and to everyone else they do not exist.</summary>
public static class CollectionAccess
{
    /// <summary>The collection if <paramref name="viewerId"/> may see it; null (answer 404) otherwise.</summary>
    public static async Task<Storage.Collection?> VisibleAsync(Storage.CollectionStore store, string handle, string slug, long? viewerId, CancellationToken ct)
    {
        if (!Community.CollectionRules.IsSlug(slug) || handle.Length is 0 or > 100) return null;
        var c = await store.FindAsync(handle, slug, ct);
        return c is null || (c.IsPrivate && c.OwnerId != viewerId) ? null : c;
    }

    public static string NotFoundMessage(string handle, string slug) => $"There is no collection \"{slug}\" by {handle}, or it is private.";

    public static string NotOwnerMessage(Storage.Collection c) => $"Only its owner, {c.OwnerHandle}, can change the collection \"{c.Title}\".";

    public static string Url(Storage.Collection c) => $"/users/{Uri.EscapeDataString(c.OwnerHandle)}/collections/{c.Slug}";
}
