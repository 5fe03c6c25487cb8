using System.Text.Json.Serialization;
using DailyPapers.Storage;

namespace DailyPapers.Web.Accounts;

/// <summary>Who the bearer token belongs to, in the shape of HF's /api/whoami-v2 (the fields we have).</summary>
public sealed record WhoAmI(
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("fullname")] string? FullName,
    [property: JsonPropertyName("emailVerified")] bool EmailVerified,
    [property: JsonPropertyName("role")] string Role);

[JsonSerializable(typeof(WhoAmI))]
internal sealed partial class AccountsJsonContext : JsonSerializerContext;

public static class AccountsApi
{
    public static IEndpointRouteBuilder MapAccountsApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/whoami-v2", WhoAmIAsync).RequireAuthorization(AuthNames.ApiUser);
        app.MapGet("/api/whoami", WhoAmIAsync).RequireAuthorization(AuthNames.ApiUser);
        return app;
    }

    private static async Task<IResult> WhoAmIAsync(HttpContext http, AccountStore accounts)
    {
        var account = http.User.UserId() is { } id ? await accounts.FindByIdAsync(id, http.RequestAborted) : null;
        if (account is null) return Results.Unauthorized();
        return Results.Json(new WhoAmI("user", account.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), account.Handle,
            account.FullName, account.IsConfirmed, AccountStore.RoleName(account.Role)), AccountsJsonContext.Default.WhoAmI);
    }
}
