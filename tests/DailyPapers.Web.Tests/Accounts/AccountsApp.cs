using System.Net;
using System.Text.RegularExpressions;
using DailyPapers.Ingest;
using DailyPapers.Storage;
using DailyPapers.TestSupport;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using MimeKit;

namespace DailyPapers.Web.Tests.Accounts;

/// <summary>
/// The seeded application with its SMTP settings pointing at a real in-process SMTP server, and helpers to walk
/// the account pages like a browser does (antiforgery token from the form, cookies kept by the client).
/// </summary>
public sealed partial class AccountsApp : IAsyncLifetime
{
    public const string Password = "correct horse battery";
    public TestSmtpServer Smtp { get; } = new();
    public DailyPapersFactory Root { get; } = new();
    public WebApplicationFactory<Program> Factory { get; private set; } = null!;

    /// <summary>Settings for this instance; the default allows plenty of form posts (all test clients share one IP).</summary>
    public Dictionary<string, string> Settings { get; } = new()
    {
        ["DailyPapers:Accounts:AuthPostsPerWindow"] = "10000",
        ["DailyPapers:Accounts:FreeFailedSignins"] = "3",
        // Long, so a slow test machine cannot see the wait run out between two requests.
        ["DailyPapers:Accounts:FirstSigninDelaySeconds"] = "600",
    };

    public async Task InitializeAsync()
    {
        Factory = Root.WithWebHostBuilder(b =>
        {
            b.UseSetting("DailyPapers:Smtp:Host", "127.0.0.1");
            b.UseSetting("DailyPapers:Smtp:Port", Smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture));
            b.UseSetting("DailyPapers:Smtp:Security", "None");
            foreach (var (k, v) in Settings) b.UseSetting(k, v);
        });
        if (RealPort)
        {
            Factory.UseKestrel(0);
            Factory.StartServer();
            BaseUrl = Factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        }
        else _ = Factory.Server; // starts the in-memory host
        await SeedAsync();
    }

    /// <summary>Serve on a real loopback port (for the browser) instead of the in-memory test server.</summary>
    public bool RealPort { get; init; }
    public string BaseUrl { get; private set; } = "";

    private Task SeedAsync() => DailyPapersFactory.SeedAsync(Factory.Services);

    public async Task DisposeAsync()
    {
        Factory.Dispose();
        Root.Dispose();
        await Smtp.DisposeAsync();
    }

    public HttpClient Client() => Factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, BaseAddress = new Uri("https://localhost") });

    public static string NewHandle() => "u" + Guid.NewGuid().ToString("N")[..10];

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();

    [GeneratedRegex(@"https?://\S+?(/account/(?:confirm|reset)\?\S+)")]
    private static partial Regex AccountLink();

    /// <summary>GETs a page and POSTs its form (first form, or the one for <paramref name="handler"/>) with the given fields.</summary>
    public static async Task<HttpResponseMessage> PostFormAsync(HttpClient client, string page, IDictionary<string, string> fields, string? handler = null)
    {
        var html = await (await client.GetAsync(page)).Content.ReadAsStringAsync();
        var token = AntiforgeryField().Match(html);
        Assert.True(token.Success, $"no antiforgery token in the form on {page}");
        var form = new Dictionary<string, string>(fields) { ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token.Groups[1].Value) };
        var target = handler is null ? page : page + (page.Contains('?') ? "&" : "?") + "handler=" + handler;
        return await client.PostAsync(target, new FormUrlEncodedContent(form));
    }

    /// <summary>The path and query of the account link in the newest mail to <paramref name="to"/> with that subject.</summary>
    public async Task<string> LinkFromMailAsync(string to, string subjectContains, int nth = 1)
    {
        bool Match(MimeMessage m) => m.To.Mailboxes.Any(x => x.Address == to) && (m.Subject ?? "").Contains(subjectContains, StringComparison.Ordinal);
        await Smtp.WaitForAsync(_ => Smtp.Messages.Count(Match) >= nth);
        var mail = Smtp.Messages.Where(Match).ElementAt(nth - 1);
        var link = AccountLink().Match(mail.TextBody ?? "");
        Assert.True(link.Success, $"no account link in the mail \"{mail.Subject}\": {mail.TextBody}");
        return WebUtility.HtmlDecode(link.Groups[1].Value);
    }

    public int MailsTo(string address, string subjectContains) =>
        Smtp.Messages.Count(m => m.To.Mailboxes.Any(x => x.Address == address) && (m.Subject ?? "").Contains(subjectContains, StringComparison.Ordinal));

    /// <summary>Signs up, opens the mailed link and confirms: the client is then signed in.</summary>
    public async Task<(string Handle, string Email)> SignUpAndConfirmAsync(HttpClient client)
    {
        var handle = NewHandle();
        var email = handle + "@example.org";
        var signup = await PostFormAsync(client, "/account/signup", new Dictionary<string, string> { ["Handle"] = handle, ["Email"] = email, ["Password"] = Password });
        Assert.Equal(HttpStatusCode.OK, signup.StatusCode);
        var link = await LinkFromMailAsync(email, "Confirm your email");
        var confirmed = await PostFormAsync(client, link, new Dictionary<string, string> { ["Token"] = TokenOf(link) });
        Assert.Equal(HttpStatusCode.Redirect, confirmed.StatusCode);
        return (handle, email);
    }

    public static string TokenOf(string link) => Uri.UnescapeDataString(Regex.Match(link, "token=([^&]+)").Groups[1].Value);

    public static Task<HttpResponseMessage> SignInAsync(HttpClient client, string email, string password) =>
        PostFormAsync(client, "/account/signin", new Dictionary<string, string> { ["Email"] = email, ["Password"] = password });

    public static MimeMessage? Latest(IEnumerable<MimeMessage> messages) => messages.LastOrDefault();
}
