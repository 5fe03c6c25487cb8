using System.Text.Encodings.Web;
using System.Text.Json;
using DailyPapers.Storage;
using DailyPapers.Web.Api;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace DailyPapers.Web.Accounts;

/// <summary>
/// "Authorization: Bearer dp_…" with a personal API token: the token's SHA-256 is looked up (never the token),
/// and failures answer JSON, as HF's API does, instead of a redirect to the sign-in page.
/// </summary>
public sealed class BearerTokenHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder,
    AccountStore accounts) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? header = Request.Headers.Authorization;
        if (string.IsNullOrEmpty(header) || !header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)) return AuthenticateResult.NoResult();
        var token = header["Bearer ".Length..].Trim();
        var account = await accounts.AuthenticateApiTokenAsync(token, Context.RequestAborted);
        if (account is null) return AuthenticateResult.Fail("invalid, revoked or expired token");
        return AuthenticateResult.Success(new AuthenticationTicket(AuthNames.Principal(account, Scheme.Name), Scheme.Name));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var result = await HandleAuthenticateOnceSafeAsync();
        var message = result.Failure is null
            ? "Authentication required: send a personal API token (settings page) as \"Authorization: Bearer <token>\"."
            : "Invalid credentials in Authorization header: the token is unknown or was revoked.";
        Response.Headers.WWWAuthenticate = result.Failure is null ? "Bearer" : "Bearer error=\"invalid_token\"";
        await Http.ApiProblem.WriteAsync(Context, StatusCodes.Status401Unauthorized, message);
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        Http.ApiProblem.WriteAsync(Context, StatusCodes.Status403Forbidden, "This token's account may not do that.");
}
