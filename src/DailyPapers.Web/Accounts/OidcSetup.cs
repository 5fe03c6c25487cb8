using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace DailyPapers.Web.Accounts;

/// <summary>
/// Sign-in through the operator's OpenID Connect provider (authorization code flow with PKCE). The provider's answer
/// lands in a short-lived "external" cookie; /account/external turns it into a local account and the usual
/// session cookie (<see cref="Storage.AccountStore.SignInExternalAsync"/>), so the rest of the site only ever sees
/// local accounts.
/// </summary>
public static class OidcSetup
{
    public const string Scheme = "oidc";
    public const string ExternalCookie = "External";

    /// <summary>
    /// Adds the schemes when DailyPapers:Oidc names a provider. Whether it does is read from configuration here (it decides
    /// which schemes exist: a registered OIDC scheme is initialised on every request); every value is applied later from
    /// the bound, validated <see cref="OidcSettings"/>.
    /// </summary>
    public static AuthenticationBuilder AddOidc(this AuthenticationBuilder auth, IConfiguration configuration)
    {
        var section = configuration.GetSection(SettingsSetup.Section + ":Oidc");
        if (!new OidcSettings { Authority = section["Authority"], ClientId = section["ClientId"] }.Enabled) return auth;
        auth.Services.AddOptions<CookieAuthenticationOptions>(ExternalCookie).Configure<DailyPapersOptions>((o, options) =>
            o.Cookie.SecurePolicy = ProxySetup.CookiePolicy(options));
        auth.Services.AddOptions<OpenIdConnectOptions>(Scheme).Configure<OidcSettings, DailyPapersOptions>((o, s, options) =>
        {
            var secure = ProxySetup.CookiePolicy(options);
            o.Authority = s.Authority;
            o.ClientId = s.ClientId;
            o.ClientSecret = s.ClientSecret;
            o.RequireHttpsMetadata = s.RequireHttpsMetadata;
            o.Scope.Clear();
            foreach (var scope in s.Scopes.Split(' ', StringSplitOptions.RemoveEmptyEntries)) o.Scope.Add(scope);
        });
        auth.AddCookie(ExternalCookie, o =>
        {
            o.Cookie.Name = "dp_external";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Lax;
            o.ExpireTimeSpan = TimeSpan.FromMinutes(10);
        });
        auth.AddOpenIdConnect(Scheme, section["DisplayName"] ?? new OidcSettings().DisplayName, o =>
        {
            o.ResponseType = OpenIdConnectResponseType.Code;
            // The code comes back on a top-level GET, so the state cookies can be SameSite=Lax and the flow also
            // works on a plain-HTTP lab install (form_post would need SameSite=None, which needs HTTPS).
            o.ResponseMode = OpenIdConnectResponseMode.Query;
            o.CorrelationCookie.SameSite = SameSiteMode.Lax;
            o.NonceCookie.SameSite = SameSiteMode.Lax;
            o.UsePkce = true;
            o.SignInScheme = ExternalCookie;
            o.CallbackPath = "/signin-oidc";
            o.SaveTokens = false; // nothing here calls the provider's APIs later
            o.MapInboundClaims = false;
            o.GetClaimsFromUserInfoEndpoint = true;
            o.ClaimActions.MapUniqueJsonKey("email_verified", "email_verified");
            o.ClaimActions.MapUniqueJsonKey("preferred_username", "preferred_username");
            o.Events.OnRemoteFailure = c =>
            {
                c.HttpContext.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(OidcSetup))
                    .LogWarning("oidc: sign-in through {Authority} failed: {Error}", (c.Options as OpenIdConnectOptions)?.Authority, c.Failure?.Message);
                c.Response.Redirect("/account/signin?external=failed");
                c.HandleResponse();
                return Task.CompletedTask;
            };
        });
        return auth;
    }
}
