using System.Security.Claims;
using DailyPapers.Community;
using DailyPapers.Storage;

namespace DailyPapers.Web.Accounts;

/// <summary>Scheme, policy and claim names shared by the pages, the API and the tests.</summary>
public static class AuthNames
{
    public const string Cookie = "Cookies";
    public const string Bearer = "Bearer";
    public const string CookieName = "dp_auth";
    public const string StampClaim = "dp:stamp";
    /// <summary>The server-side session the cookie belongs to (<see cref="SessionCheck"/>); added when the cookie is issued.</summary>
    public const string SessionClaim = "dp:sid";

    /// <summary>Policies: any signed-in user; moderators and admins; admins; an API client with a bearer token.</summary>
    public const string SignedIn = "signed-in";
    public const string ModeratorPolicy = "moderator";
    public const string AdminPolicy = "admin";
    public const string ApiUser = "api-user";

    /// <summary>Rate-limiter policy of the sign-in, sign-up, forgot and reset forms.</summary>
    public const string AuthRateLimit = "auth-forms";

    public static ClaimsPrincipal Principal(Account a, string scheme) => new(new ClaimsIdentity(
    [
        new Claim(ClaimTypes.NameIdentifier, a.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        new Claim(ClaimTypes.Name, a.Handle),
        new Claim(ClaimTypes.Role, AccountStore.RoleName(a.Role)),
        new Claim(StampClaim, a.SecurityStamp),
    ], scheme, ClaimTypes.Name, ClaimTypes.Role));

    /// <summary>The signed-in user's id, or null.</summary>
    public static long? UserId(this ClaimsPrincipal user) =>
        user.Identity?.IsAuthenticated == true && long.TryParse(user.FindFirstValue(ClaimTypes.NameIdentifier), out var id) ? id : null;

    public static Role Role(this ClaimsPrincipal user) => AccountStore.ParseRole(user.FindFirstValue(ClaimTypes.Role));
}
