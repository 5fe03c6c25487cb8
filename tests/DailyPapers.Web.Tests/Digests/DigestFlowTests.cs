using System.Net;
using System.Text.RegularExpressions;
using DailyPapers.Digests;
using DailyPapers.Mail;
using DailyPapers.Storage;
using DailyPapers.TestSupport;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace DailyPapers.Web.Tests.Digests;

/// <summary>
/// Issue 5 end to end: the subscribe form, the confirmation mail and its link, a digest built and sent to a real
/// SMTP server, the one-click unsubscribe, and the next period without that reader.
/// </summary>
public sealed partial class DigestFlowTests : IAsyncLifetime
{
    private readonly TestSmtpServer _smtp = new();
    private readonly DailyPapersFactory _base = new();
    private WebApplicationFactory<Program> _app = null!;

    [GeneratedRegex(@"http://localhost/digest/confirm\?token=[\w-]+")]
    private static partial Regex ConfirmLink();

    [GeneratedRegex(@"<(http://localhost/digest/unsubscribe\?token=[\w-]+)>")]
    private static partial Regex UnsubscribeLink();

    public async Task InitializeAsync()
    {
        _app = _base.WithWebHostBuilder(b =>
        {
            b.UseSetting("DailyPapers:PublicUrl", "http://localhost");
            b.UseSetting("DailyPapers:Digest:Enabled", "true");
            b.UseSetting("DailyPapers:Digest:BackgroundJobs", "false"); // the test runs each step itself
            b.UseSetting("DailyPapers:Digest:SubscribePermitsPerWindow", "3");
            b.UseSetting("DailyPapers:Smtp:Host", "127.0.0.1");
            b.UseSetting("DailyPapers:Smtp:Port", _smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture));
            b.UseSetting("DailyPapers:Smtp:Security", "None");
            b.UseSetting("DailyPapers:Smtp:FromAddress", "digest@localhost");
        });
        var store = _app.Services.GetRequiredService<PaperStore>();
        var importer = new DailyPapers.Ingest.Importer(store);
        await importer.ImportFilesAsync([DailyPapersFactory.FixturePath("hf-daily-papers-2024-09-23_2024-09-25.jsonl")]);
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        _base.Dispose();
        await _smtp.DisposeAsync();
    }

    private HttpClient Client() => _app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

    private async Task BuildAndSendAsync(string period)
    {
        var sp = _app.Services;
        var builder = new DigestBuilder(sp.GetRequiredService<DigestStore>(), sp.GetRequiredService<PaperStore>(), sp.GetRequiredService<AppState>(), sp.GetRequiredService<DigestSettings>());
        await builder.BuildAsync(DigestPeriod.Parse(period));
        // Under the send lease: this host's own sender loop runs too, and two senders at once could send a mail twice.
        Assert.True(await sp.GetRequiredService<DailyPapers.Web.Jobs.MailService>().SendNowAsync(TimeSpan.FromSeconds(60)));
    }

    private static FormUrlEncodedContent Form(params (string, string)[] fields) => new(fields.Select(f => KeyValuePair.Create(f.Item1, f.Item2)));

    [Fact]
    public async Task Subscribe_confirm_receive_unsubscribe_with_one_click_and_receive_nothing_more()
    {
        var client = Client();
        var feed = await client.GetStringAsync("/papers/date/2024-09-23");
        Assert.Contains("action=\"/digest/subscribe\"", feed);

        var posted = await client.PostAsync("/digest/subscribe", Form(("email", "  Reader@Example.ORG "), ("cadence", "daily")));
        Assert.Equal(HttpStatusCode.OK, posted.StatusCode);
        Assert.Contains("Check your inbox", await posted.Content.ReadAsStringAsync());

        var confirmation = await _smtp.WaitForAsync(m => m.To.Mailboxes.Any(x => x.Address == "reader@example.org"));
        var link = ConfirmLink().Match(confirmation.TextBody!).Value;
        Assert.Contains(link, confirmation.HtmlBody);
        var confirmed = await client.GetAsync(new Uri(link).PathAndQuery);
        Assert.Equal(HttpStatusCode.OK, confirmed.StatusCode);
        Assert.Contains("Subscription confirmed", await confirmed.Content.ReadAsStringAsync());
        await _app.Services.GetRequiredService<DigestStore>().ImportConfirmedAsync([("other@example.org", Cadence.Daily, null)]);

        await BuildAndSendAsync("daily:2024-09-23");
        var digest = await _smtp.WaitForAsync(m => m.To.Mailboxes.Any(x => x.Address == "reader@example.org") && m.Headers["List-Id"] is not null);
        var top = (await _app.Services.GetRequiredService<PaperStore>().GetFeedAsync(new(new DateOnly(2024, 9, 21), new DateOnly(2024, 9, 23)) { Limit = 10 }))
            .Items.Select(i => i.Paper.Paper.ArxivId).ToList();
        Assert.Equal(10, top.Count);
        var positions = top.Select(id => digest.TextBody!.IndexOf($"http://localhost/papers/{id}", StringComparison.Ordinal)).ToList();
        Assert.All(positions, p => Assert.True(p >= 0));
        Assert.Equal(positions.Order(), positions); // trending order
        Assert.Contains($"http://localhost/papers/{top[0]}", digest.HtmlBody);
        Assert.Equal("bulk", digest.Headers["Precedence"]);
        Assert.Equal("List-Unsubscribe=One-Click", digest.Headers["List-Unsubscribe-Post"]);
        Assert.Contains("mailto:digest@localhost", digest.Headers["List-Unsubscribe"]);
        Assert.False(string.IsNullOrEmpty(digest.MessageId));
        var unsubscribe = UnsubscribeLink().Match(digest.Headers["List-Unsubscribe"]!).Groups[1].Value;
        Assert.Contains(unsubscribe, digest.TextBody);

        // GET only asks (mail scanners follow links); the RFC 8058 POST carries no antiforgery token.
        var ask = await client.GetStringAsync(new Uri(unsubscribe).PathAndQuery);
        Assert.Contains("Unsubscribe?", ask);
        Assert.Equal("confirmed", (await _app.Services.GetRequiredService<DigestStore>().FindAsync("reader@example.org"))!.Status);
        var oneClick = await client.PostAsync(new Uri(unsubscribe).PathAndQuery, Form(("List-Unsubscribe", "One-Click")));
        Assert.Equal(HttpStatusCode.OK, oneClick.StatusCode);
        Assert.Contains("will receive no more digests", await oneClick.Content.ReadAsStringAsync());
        Assert.Equal("unsubscribed", (await _app.Services.GetRequiredService<DigestStore>().FindAsync("reader@example.org"))!.Status);

        var before = _smtp.To("reader@example.org").Count();
        await BuildAndSendAsync("daily:2024-09-24");
        await _smtp.WaitForAsync(m => m.To.Mailboxes.Any(x => x.Address == "other@example.org") && m.Subject!.Contains("Sep 24", StringComparison.Ordinal));
        Assert.Equal(before, _smtp.To("reader@example.org").Count());
    }

    [Fact]
    public async Task Tampered_and_expired_tokens_are_refused_with_a_clear_page()
    {
        var client = Client();
        var (subscriber, _) = await _app.Services.GetRequiredService<DigestStore>().SubscribeAsync("tamper@example.org", Cadence.Daily, TimeSpan.Zero);
        var tokens = _app.Services.GetRequiredService<DigestTokens>();
        var good = tokens.Create(DigestTokenPurpose.Confirm, subscriber.Id);
        var tampered = good[..10] + (good[10] == 'x' ? 'y' : 'x') + good[11..];

        var r = await client.GetAsync($"/digest/confirm?token={tampered}");
        Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
        Assert.Contains("Invalid link", await r.Content.ReadAsStringAsync());
        r = await client.GetAsync($"/digest/confirm?token={tokens.Create(DigestTokenPurpose.Confirm, subscriber.Id, DateTimeOffset.UtcNow.AddMinutes(-1))}");
        Assert.Equal(HttpStatusCode.Gone, r.StatusCode);
        Assert.Contains("Link expired", await r.Content.ReadAsStringAsync());
        r = await client.PostAsync($"/digest/unsubscribe?token={tokens.Create(DigestTokenPurpose.Unsubscribe, subscriber.Id, DateTimeOffset.UtcNow.AddDays(-1))}", Form(("List-Unsubscribe", "One-Click")));
        Assert.Equal(HttpStatusCode.Gone, r.StatusCode);
        r = await client.PostAsync($"/digest/unsubscribe?token={good}", Form(("List-Unsubscribe", "One-Click"))); // a confirm token cannot unsubscribe
        Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
        r = await client.GetAsync("/digest/unsubscribe");
        Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
        Assert.Equal("pending", (await _app.Services.GetRequiredService<DigestStore>().GetAsync(subscriber.Id))!.Status);
    }

    [Fact]
    public async Task Bad_input_and_too_many_requests_are_refused()
    {
        var client = Client();
        var r = await client.PostAsync("/digest/subscribe", Form(("email", "not an address"), ("cadence", "daily")));
        Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
        Assert.Contains("is not an email address", await r.Content.ReadAsStringAsync());
        r = await client.PostAsync("/digest/subscribe", Form(("email", "x@example.org"), ("cadence", "hourly")));
        Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
        r = await client.PostAsync("/digest/subscribe", Form(("email", "y@example.org"), ("cadence", "weekly")));
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        r = await client.PostAsync("/digest/subscribe", Form(("email", "z@example.org"), ("cadence", "weekly")));
        Assert.Equal(HttpStatusCode.TooManyRequests, r.StatusCode); // 3 per window in this test
        Assert.Null(await _app.Services.GetRequiredService<DigestStore>().FindAsync("z@example.org"));
    }
}
