using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace DailyPapers.Web.Tests.Accounts;

/// <summary>
/// A small but real OpenID Connect provider on a loopback port: discovery, JWKS, an authorize endpoint that signs in
/// <see cref="NextUser"/> at once, a token endpoint that checks the code, client secret and PKCE verifier and returns
/// an RS256 id_token carrying the nonce, and userinfo.
/// </summary>
public sealed class FakeOidcProvider : IAsyncDisposable
{
    public sealed record User(string Subject, string? Email, bool EmailVerified, string? PreferredUsername = null, string? Name = null);

    public const string ClientId = "dailypapers-test";
    public const string ClientSecret = "s3cret-for-tests";
    private readonly WebApplication _app;
    private readonly RsaSecurityKey _key = new(RSA.Create(2048)) { KeyId = "test-key" };
    private readonly ConcurrentDictionary<string, (User User, string? Nonce, string? Challenge, string RedirectUri)> _codes = new();
    public string Issuer { get; }
    public User NextUser { get; set; } = new("sub-1", "ada@lab.example", true, "ada", "Ada Lovelace");
    public int TokensIssued;

    private FakeOidcProvider(WebApplication app, string issuer) { _app = app; Issuer = issuer; }

    public static async Task<FakeOidcProvider> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        FakeOidcProvider? self = null;
        app.MapGet("/.well-known/openid-configuration", () => Results.Json(new Dictionary<string, object>
        {
            ["issuer"] = self!.Issuer,
            ["authorization_endpoint"] = self.Issuer + "/authorize",
            ["token_endpoint"] = self.Issuer + "/token",
            ["userinfo_endpoint"] = self.Issuer + "/userinfo",
            ["jwks_uri"] = self.Issuer + "/jwks",
            ["response_types_supported"] = new[] { "code" },
            ["subject_types_supported"] = new[] { "public" },
            ["id_token_signing_alg_values_supported"] = new[] { "RS256" },
            ["code_challenge_methods_supported"] = new[] { "S256" },
        }));
        app.MapGet("/jwks", () =>
        {
            var jwk = JsonWebKeyConverter.ConvertFromRSASecurityKey(self!._key);
            return Results.Json(new { keys = new[] { new { kty = jwk.Kty, kid = jwk.Kid, use = "sig", alg = "RS256", n = jwk.N, e = jwk.E } } });
        });
        app.MapGet("/authorize", (HttpRequest r) => self!.Authorize(r));
        app.MapPost("/token", async (HttpRequest r) => await self!.TokenAsync(r));
        app.MapGet("/userinfo", (HttpRequest r) => self!.UserInfo(r));
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        self = new FakeOidcProvider(app, address.TrimEnd('/'));
        return self;
    }

    private IResult Authorize(HttpRequest r)
    {
        var q = r.Query;
        if (q["client_id"] != ClientId || q["response_type"] != "code") return Results.BadRequest("bad client or response_type");
        var code = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
        _codes[code] = (NextUser, q["nonce"], q["code_challenge"], q["redirect_uri"]!);
        var sep = q["redirect_uri"].ToString().Contains('?') ? '&' : '?';
        return Results.Redirect($"{q["redirect_uri"]}{sep}code={code}&state={Uri.EscapeDataString(q["state"]!)}");
    }

    private async Task<IResult> TokenAsync(HttpRequest r)
    {
        var f = await r.ReadFormAsync();
        var (id, secret) = ClientCredentials(r, f);
        if (id != ClientId || secret != ClientSecret) return Results.Json(new { error = "invalid_client" }, statusCode: 401);
        if (f["grant_type"] != "authorization_code" || !_codes.TryRemove(f["code"]!, out var grant) || grant.RedirectUri != f["redirect_uri"])
            return Results.Json(new { error = "invalid_grant" }, statusCode: 400);
        var verifier = f["code_verifier"].ToString();
        if (grant.Challenge is null || Base64UrlEncoder.Encode(SHA256.HashData(Encoding.ASCII.GetBytes(verifier))) != grant.Challenge)
            return Results.Json(new { error = "invalid_grant", error_description = "PKCE verifier does not match" }, statusCode: 400);
        var u = grant.User;
        var claims = new Dictionary<string, object> { ["sub"] = u.Subject };
        if (grant.Nonce is not null) claims["nonce"] = grant.Nonce;
        if (u.Email is not null) { claims["email"] = u.Email; claims["email_verified"] = u.EmailVerified; }
        if (u.PreferredUsername is not null) claims["preferred_username"] = u.PreferredUsername;
        if (u.Name is not null) claims["name"] = u.Name;
        var idToken = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = ClientId,
            Claims = claims,
            IssuedAt = DateTime.UtcNow,
            Expires = DateTime.UtcNow.AddMinutes(5),
            SigningCredentials = new SigningCredentials(_key, SecurityAlgorithms.RsaSha256),
        });
        Interlocked.Increment(ref TokensIssued);
        _lastUser = u;
        return Results.Json(new { access_token = "at-" + u.Subject, token_type = "Bearer", expires_in = 300, id_token = idToken });
    }

    private User? _lastUser;

    private IResult UserInfo(HttpRequest r)
    {
        if (_lastUser is not { } u || r.Headers.Authorization != $"Bearer at-{u.Subject}") return Results.Unauthorized();
        return Results.Json(new { sub = u.Subject, email = u.Email, email_verified = u.EmailVerified, preferred_username = u.PreferredUsername, name = u.Name });
    }

    private static (string? Id, string? Secret) ClientCredentials(HttpRequest r, IFormCollection f)
    {
        var header = r.Headers.Authorization.ToString();
        if (header.StartsWith("Basic ", StringComparison.Ordinal))
        {
            var pair = Encoding.UTF8.GetString(Convert.FromBase64String(header[6..])).Split(':', 2);
            return (Uri.UnescapeDataString(pair[0]), Uri.UnescapeDataString(pair[1]));
        }
        return (f["client_id"], f["client_secret"]);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
