using System.Net;
using System.Text.Json;
using System.Threading.RateLimiting;
using DailyPapers.Mail;
using DailyPapers.Storage;
using DailyPapers.Web.Api;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.RateLimiting;

namespace DailyPapers.Web.Accounts;

/// <summary>Accounts and site security: authentication schemes, policies, rate limits, mail, security headers.</summary>
public static class AuthSetup
{
    /// <summary>
    /// The web part of accounts (settings and stores are in <see cref="CoreSetup"/>). Values from settings are applied
    /// when the options are first read, from the bound and validated instances; only whether OpenID Connect is on at
    /// all is read here, because it decides which authentication schemes exist.
    /// </summary>
    public static IServiceCollection AddAccounts(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<SessionCheck>();
        services.AddSingleton<PasswordGuard>(); // bounded hashing, per-account limit, progressive delay
        services.AddSingleton<AccountMails>();

        // Cookies and antiforgery tokens are encrypted with the Data Protection key ring, which WebHost keeps in the
        // database (DatabaseKeyRepository): sign-ins survive restarts and work on every node.

        services.AddAuthentication(AuthNames.Cookie)
            .AddCookie(AuthNames.Cookie, o =>
            {
                o.Cookie.Name = AuthNames.CookieName;
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Lax;
                o.LoginPath = "/account/signin";
                o.LogoutPath = "/account/signout";
                o.AccessDeniedPath = "/account/denied";
                o.SlidingExpiration = true;
                // Server-side sessions: sign-out, a reset or a changed stamp ends a cookie on every node (SessionCheck).
                SessionCheck.Wire(o.Events);
                // API calls with a cookie but without rights get JSON status codes, not the sign-in page.
                o.Events.OnRedirectToLogin = c => RedirectOrStatus(c, StatusCodes.Status401Unauthorized);
                o.Events.OnRedirectToAccessDenied = c => RedirectOrStatus(c, StatusCodes.Status403Forbidden);
            })
            .AddScheme<AuthenticationSchemeOptions, BearerTokenHandler>(AuthNames.Bearer, null)
            .AddOidc(configuration);
        services.AddOptions<CookieAuthenticationOptions>(AuthNames.Cookie).Configure<AccountSettings, DailyPapersOptions>((o, settings, options) =>
        {
            o.Cookie.SecurePolicy = ProxySetup.CookiePolicy(options); // Secure whenever the site is served over HTTPS
            o.ExpireTimeSpan = TimeSpan.FromDays(settings.SessionDays);
        });

        services.AddAuthorizationBuilder()
            .AddPolicy(AuthNames.SignedIn, p => p.RequireAuthenticatedUser())
            .AddPolicy(AuthNames.ModeratorPolicy, p => p.RequireRole("moderator", "admin"))
            .AddPolicy(AuthNames.AdminPolicy, p => p.RequireRole("admin"))
            .AddPolicy(AuthNames.ApiUser, p => p.AddAuthenticationSchemes(AuthNames.Bearer).RequireAuthenticatedUser());

        services.AddAntiforgery(o =>
        {
            o.Cookie.Name = "dp_csrf";
            // Not `secure`: antiforgery refuses to work at all (500) with Always on a plain-HTTP request, and this
            // cookie is no credential. It is Secure whenever the request, as forwarded, was HTTPS.
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.Cookie.SameSite = SameSiteMode.Strict;
        });

        // The site's one rate limiter; features add their policies with Configure<RateLimiterOptions> (digests, authorship).
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.OnRejected = OnRejectedAsync;
        });
        services.AddOptions<RateLimiterOptions>().Configure<AccountSettings>((o, settings) =>
        {
            o.AddPolicy(AuthNames.AuthRateLimit, http =>
            {
                // Only form posts count: reading the sign-in page is free.
                if (!HttpMethods.IsPost(http.Request.Method)) return RateLimitPartition.GetNoLimiter("get");
                return RateLimitPartition.GetFixedWindowLimiter(ClientKey(http), _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = settings.AuthPostsPerWindow,
                    Window = TimeSpan.FromSeconds(settings.RateWindowSeconds),
                    QueueLimit = 0,
                });
            });
        });
        return services;
    }

    /// <summary>Authentication, then rate limits (so partitions can key on the signed-in account), then authorization.</summary>
    public static WebApplication UseAccounts(this WebApplication app)
    {
        app.UseAuthentication();
        app.UseRateLimiter();
        app.UseAuthorization();
        return app;
    }

    /// <summary>
    /// Signed in: the account (so one person behind many IPs shares a budget); otherwise the client address — the
    /// real one, as forwarded by a trusted proxy (ProxySetup), so clients behind one proxy do not share a budget.
    /// </summary>
    internal static string ClientKey(HttpContext http) =>
        http.User.UserId() is { } id ? $"user:{id}" : ProxySetup.ClientAddressKey(http.Connection.RemoteIpAddress);

    private static Task RedirectOrStatus(RedirectContext<CookieAuthenticationOptions> c, int status)
    {
        if (c.Request.Path.StartsWithSegments("/api")) c.Response.StatusCode = status;
        else c.Response.Redirect(c.RedirectUri);
        return Task.CompletedTask;
    }

    private static async ValueTask OnRejectedAsync(OnRejectedContext context, CancellationToken ct)
    {
        var http = context.HttpContext;
        var seconds = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retry) ? (int)Math.Ceiling(retry.TotalSeconds) : 60;
        // Pages: no body, so the status-code page renders "Too many requests" in the site's layout.
        await Http.TooManyRequests.Result(http, seconds, Http.TooManyRequests.Message("requests", seconds)).ExecuteAsync(http);
    }
}
