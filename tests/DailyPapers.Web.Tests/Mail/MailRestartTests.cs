using System.Globalization;
using System.Net;
using DailyPapers.Mail;
using DailyPapers.Storage;
using DailyPapers.TestSupport;
using DailyPapers.Web.Tests.Accounts;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace DailyPapers.Web.Tests.Mail;

/// <summary>
/// Issue 11 §5: account mail used to wait in memory, so a confirmation queued when the process stopped was lost.
/// Now it waits in the database: a host that stops before sending it, and a new host on the same data, send it once.
/// </summary>
public sealed class MailRestartTests : IAsyncLifetime
{
    private readonly string _dataDir = Path.Combine(Path.GetTempPath(), "dailypapers-mail-restart-" + Guid.NewGuid().ToString("N"));
    private readonly TestSmtpServer _smtp = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await _smtp.DisposeAsync();
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(_dataDir, true); } catch (IOException) { }
    }

    private WebApplicationFactory<Program> Host(DailyPapersFactory root, bool send) => root.WithWebHostBuilder(b =>
    {
        b.UseSetting("DailyPapers:DataDir", _dataDir);
        b.UseSetting("DailyPapers:Smtp:Host", "127.0.0.1");
        b.UseSetting("DailyPapers:Smtp:Port", _smtp.Port.ToString(CultureInfo.InvariantCulture));
        b.UseSetting("DailyPapers:Smtp:Security", "None");
        b.UseSetting("DailyPapers:Mail:SendInBackground", send ? "true" : "false");
    });

    [Fact]
    public async Task A_confirmation_mail_queued_when_the_host_stops_is_sent_once_after_the_restart()
    {
        var handle = AccountsApp.NewHandle();
        var email = handle + "@example.org";
        using (var root = new DailyPapersFactory())
        using (var first = Host(root, send: false))
        {
            var client = first.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, BaseAddress = new Uri("https://localhost") });
            var signup = await AccountsApp.PostFormAsync(client, "/account/signup",
                new Dictionary<string, string> { ["Handle"] = handle, ["Email"] = email, ["Password"] = AccountsApp.Password });
            Assert.Equal(HttpStatusCode.OK, signup.StatusCode);
            Assert.Equal(1, await first.Services.GetRequiredService<DigestStore>().QueuedMailCountAsync(MailKind.Account));
        } // the host stops with the mail unsent
        Assert.Empty(_smtp.Messages);

        using var root2 = new DailyPapersFactory();
        using var second = Host(root2, send: true);
        var store = second.Services.GetRequiredService<DigestStore>(); // starts the host and its sender
        var mail = await _smtp.WaitForAsync(m => m.To.Mailboxes.Any(x => x.Address == email), TimeSpan.FromSeconds(60));
        Assert.Contains("/account/confirm?token=", mail.TextBody);
        // Marked sent right after the server took it: from then on no sender can send it again.
        var until = DateTime.UtcNow.AddSeconds(30);
        while (await store.QueuedMailCountAsync() > 0 && DateTime.UtcNow < until) await Task.Delay(50);
        Assert.Equal(0, await store.QueuedMailCountAsync());
        Assert.Equal(1, (await store.OutboxCountsAsync())["sent"]);
        Assert.Single(_smtp.To(email));
    }
}
