using System.Net;
using System.Text.RegularExpressions;
using DailyPapers.Digests;
using DailyPapers.Mail;
using DailyPapers.Storage;
using DailyPapers.Web.Tests.Accounts;
using Microsoft.Extensions.DependencyInjection;

namespace DailyPapers.Web.Tests.Digests;

/// <summary>
/// The accounts app (real SMTP server, seeded fixtures) with digests switched on and the background jobs off, so
/// each test builds and sends a period itself; plus helpers to post the alert forms like a browser.
/// </summary>
public sealed partial class AlertsApp : IAsyncLifetime
{
    public AccountsApp Accounts { get; private set; } = null!;

    /// <summary>Serve on a loopback port, for the browser (xunit fixtures may have one constructor only).</summary>
    public bool RealPort { get; init; }

    public Task InitializeAsync()
    {
        Accounts = new AccountsApp { RealPort = RealPort };
        Accounts.Settings["DailyPapers:PublicUrl"] = "http://localhost";
        Accounts.Settings["DailyPapers:Digest:Enabled"] = "true";
        Accounts.Settings["DailyPapers:Digest:BackgroundJobs"] = "false";
        Accounts.Settings["DailyPapers:Smtp:FromAddress"] = "digest@localhost";
        return Accounts.InitializeAsync();
    }

    public Task DisposeAsync() => Accounts.DisposeAsync();

    public T Service<T>() where T : notnull => Accounts.Factory.Services.GetRequiredService<T>();

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();

    /// <summary>GETs <paramref name="page"/>, takes the antiforgery token of its forms and POSTs the fields to <paramref name="target"/>.</summary>
    public static async Task<HttpResponseMessage> PostFromAsync(HttpClient client, string page, string target, params (string Key, string Value)[] fields)
    {
        var html = await (await client.GetAsync(page)).Content.ReadAsStringAsync();
        var token = AntiforgeryField().Match(html);
        Assert.True(token.Success, $"no antiforgery token on {page}");
        var form = fields.Append(("__RequestVerificationToken", WebUtility.HtmlDecode(token.Groups[1].Value)))
            .Select(f => KeyValuePair.Create(f.Item1, f.Item2));
        return await client.PostAsync(target, new FormUrlEncodedContent(form));
    }

    public static Task<HttpResponseMessage> PostDigestAsync(HttpClient client, string handler, params (string Key, string Value)[] fields) =>
        PostFromAsync(client, "/account/digest", "/account/digest?handler=" + handler, fields);

    /// <summary>A new confirmed user, signed in on a new client; returns the client, address and user id.</summary>
    public async Task<(HttpClient Client, string Email, long UserId)> SignedInUserAsync()
    {
        // On a real port the in-memory client cannot reach the app: a plain client with its own cookie jar can.
        var client = Accounts.RealPort
            ? new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = new Uri(Accounts.BaseUrl) }
            : Accounts.Client();
        var (_, email) = await Accounts.SignUpAndConfirmAsync(client);
        var account = await Service<AccountStore>().FindByEmailAsync(email);
        return (client, email, account!.Id);
    }

    /// <summary>Builds a period with the search engine the web host gives the background job, then sends the outbox.</summary>
    public async Task BuildAndSendAsync(string period)
    {
        var builder = new DigestBuilder(Service<DigestStore>(), Service<PaperStore>(), Service<AppState>(), Service<DigestSettings>(), Service<AlertSearch>());
        await builder.BuildAsync(DigestPeriod.Parse(period));
        // Under the send lease: the host's own sender loop runs too, and two senders at once could send a mail twice.
        Assert.True(await Service<DailyPapers.Web.Jobs.MailService>().SendNowAsync(TimeSpan.FromSeconds(60)));
    }
}
