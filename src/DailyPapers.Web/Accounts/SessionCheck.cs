using System.Collections.Concurrent;
using System.Security.Claims;
using DailyPapers.Storage;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Extensions.Caching.Memory;

namespace DailyPapers.Web.Accounts;

/// <summary>
/// Server-side sessions for the sign-in cookie (issue 10). Signing in starts a row in <c>user_sessions</c> and puts
/// its random id in the cookie; every request with the cookie checks that the row still exists and the account's
/// security stamp still matches; signing out deletes the row. The database is the truth, so a sign-out on one node
/// ends the session on all of them; a short per-node cache (<see cref="AccountSettings.SessionCheckSeconds"/>) keeps
/// it to one query per session per few seconds, and is dropped at once on this node when the account's sessions
/// change (<see cref="AccountStore.SessionsChanged"/>).
/// </summary>
public sealed class SessionCheck : IDisposable
{
    private readonly AccountStore _accounts;
    private readonly TimeSpan _cacheFor;
    private readonly TimeSpan _idleLimit;
    private readonly MemoryCache _cache = new(new MemoryCacheOptions { SizeLimit = 100_000 });
    /// <summary>Bumped per account when its sessions change; cache entries made under an older value are stale.</summary>
    private readonly ConcurrentDictionary<long, long> _generation = new();

    private sealed record Entry(long UserId, string Stamp, long Generation);

    public SessionCheck(AccountStore accounts, AccountSettings settings)
    {
        _accounts = accounts;
        _cacheFor = TimeSpan.FromSeconds(Math.Max(0, settings.SessionCheckSeconds));
        _idleLimit = TimeSpan.FromDays(settings.SessionDays);
        accounts.SessionsChanged += Forget;
    }

    /// <summary>Drops this node's cached checks of the account's sessions.</summary>
    public void Forget(long userId) => _generation.AddOrUpdate(userId, 1, (_, g) => g + 1);

    /// <summary>Whether the cookie's session is live and still belongs to the account with the stamp the cookie carries.</summary>
    public async Task<bool> IsLiveAsync(ClaimsPrincipal principal, CancellationToken ct)
    {
        var sessionId = principal.FindFirstValue(AuthNames.SessionClaim);
        var stamp = principal.FindFirstValue(AuthNames.StampClaim);
        if (principal.UserId() is not { } userId || sessionId is null || stamp is null) return false; // cookies from before sessions
        var generation = _generation.GetValueOrDefault(userId);
        if (_cache.TryGetValue(sessionId, out Entry? hit) && hit!.Generation == generation)
            return hit.UserId == userId && hit.Stamp == stamp;
        var owner = await _accounts.FindSessionAsync(sessionId, _idleLimit, ct);
        if (owner is null || owner.UserId != userId || owner.SecurityStamp != stamp) return false;
        if (_cacheFor > TimeSpan.Zero)
            _cache.Set(sessionId, new Entry(owner.UserId, owner.SecurityStamp, generation),
                new MemoryCacheEntryOptions { Size = 1, AbsoluteExpirationRelativeToNow = _cacheFor });
        return true;
    }

    /// <summary>The cookie scheme's events: start a session at sign-in, check it on each request, end it at sign-out.</summary>
    public static void Wire(CookieAuthenticationEvents events)
    {
        events.OnSigningIn = async c =>
        {
            var services = c.HttpContext.RequestServices;
            if (c.Principal?.UserId() is not { } userId || c.Principal.Identity is not ClaimsIdentity identity) return;
            var settings = services.GetRequiredService<AccountSettings>();
            var id = await services.GetRequiredService<AccountStore>().StartSessionAsync(userId, TimeSpan.FromDays(settings.SessionDays), c.HttpContext.RequestAborted);
            identity.AddClaim(new Claim(AuthNames.SessionClaim, id));
        };
        events.OnValidatePrincipal = async c =>
        {
            if (c.Principal is { } p && await c.HttpContext.RequestServices.GetRequiredService<SessionCheck>().IsLiveAsync(p, c.HttpContext.RequestAborted))
                return;
            // Ended, replaced or from another account state: the request is anonymous and the browser drops the cookie.
            c.RejectPrincipal();
            await c.HttpContext.SignOutAsync(AuthNames.Cookie);
        };
        events.OnSigningOut = async c =>
        {
            // HttpContext.User is the principal the cookie carried (none when validation just rejected it).
            var sessionId = c.HttpContext.User.FindFirstValue(AuthNames.SessionClaim);
            if (sessionId is not null) await c.HttpContext.RequestServices.GetRequiredService<AccountStore>().EndSessionAsync(sessionId, CancellationToken.None);
        };
    }

    public void Dispose()
    {
        _accounts.SessionsChanged -= Forget;
        _cache.Dispose();
    }
}
