using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using DailyPapers.TestSupport;
using DailyPapers.Web.Tests.FirstRun;
using Microsoft.Data.Sqlite;

namespace DailyPapers.Web.Tests.Mail;

/// <summary>
/// Issue 11 §5: "kill -9 the process right after a sign-up, restart, and the confirmation mail is delivered exactly
/// once." The site runs as its own process; the first one queues the confirmation and is killed (SIGKILL: no shutdown
/// code runs) before it could send; the restarted one delivers it; a second kill and restart do not send it again.
/// </summary>
public sealed partial class SignUpMailKillTests : IAsyncLifetime
{
    private readonly string _data = Directory.CreateTempSubdirectory("dp-signup-kill-").FullName;
    private readonly TestSmtpServer _smtp = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await _smtp.DisposeAsync();
        try { Directory.Delete(_data, recursive: true); } catch (IOException) { }
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"")]
    private static partial Regex Antiforgery();

    private SiteProcess Start(int port, bool send) => SiteProcess.Start("dotnet", [Path.Combine(AppContext.BaseDirectory, "DailyPapers.Web.dll")],
        _data, new Dictionary<string, string>
        {
            ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}",
            ["DailyPapers__DataDir"] = _data,
            ["DailyPapers__DemoCorpus"] = "none",
            ["DailyPapers__Embeddings"] = "off",
            ["DailyPapers__Smtp__Host"] = "127.0.0.1",
            ["DailyPapers__Smtp__Port"] = _smtp.Port.ToString(CultureInfo.InvariantCulture),
            ["DailyPapers__Smtp__Security"] = "None",
            ["DailyPapers__Digest__SendPollSeconds"] = "1",
            // The first process must die with the mail still queued, not race its own sender to the SMTP server.
            ["DailyPapers__Mail__SendInBackground"] = send ? "true" : "false",
        });

    private async Task<string?> StatusAsync(string recipient)
    {
        await using var c = new SqliteConnection($"Data Source={Path.Combine(_data, "dailypapers.db")};Mode=ReadOnly;Pooling=False");
        await c.OpenAsync();
        await using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT status FROM digest_outbox WHERE recipient = $r AND kind = 'account'";
        cmd.Parameters.AddWithValue("$r", recipient);
        return (string?)await cmd.ExecuteScalarAsync();
    }

    private async Task WaitForStatusAsync(string recipient, string status)
    {
        for (var until = DateTime.UtcNow.AddSeconds(30); DateTime.UtcNow < until; await Task.Delay(100))
            if (await StatusAsync(recipient) == status) return;
        Assert.Fail($"the outbox row of {recipient} is {await StatusAsync(recipient)}, not {status}");
    }

    [Fact]
    public async Task Issue11_a_sign_up_confirmation_survives_kill_9_and_is_delivered_exactly_once()
    {
        var port = RunFromAnywhereTests.FreePort();
        var baseUrl = $"http://127.0.0.1:{port}";
        const string email = "killed@example.org";

        await using (var first = Start(port, send: false))
        {
            await first.WaitReadyAsync(baseUrl, TimeSpan.FromMinutes(2));
            using var http = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false }) { BaseAddress = new Uri(baseUrl) };
            var form = await http.GetStringAsync("/account/signup");
            var token = WebUtility.HtmlDecode(Antiforgery().Match(form).Groups[1].Value);
            using var signup = await http.PostAsync("/account/signup", new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["Handle"] = "killed", ["Email"] = email, ["Password"] = "correct horse battery staple 42", ["__RequestVerificationToken"] = token,
            }));
            Assert.Equal(HttpStatusCode.OK, signup.StatusCode);
            Assert.Contains("Check your mail", await signup.Content.ReadAsStringAsync());
        } // disposing kills the process tree with SIGKILL right after the answer
        Assert.Empty(_smtp.Messages);

        await using (var second = Start(port, send: true))
        {
            await second.WaitReadyAsync(baseUrl, TimeSpan.FromMinutes(2));
            var mail = await _smtp.WaitForAsync(m => m.To.Mailboxes.Any(x => x.Address == email), TimeSpan.FromSeconds(60));
            Assert.Contains("/account/confirm?", mail.TextBody);
            // Killed again once the outbox has recorded the delivery (a kill between the SMTP answer and that commit
            // would send it again on the next start: at-least-once is the promise for that split second).
            await WaitForStatusAsync(email, "sent");
        }

        await using (var third = Start(port, send: true))
        {
            await third.WaitReadyAsync(baseUrl, TimeSpan.FromMinutes(2));
            await Task.Delay(TimeSpan.FromSeconds(3)); // three send polls: time enough to send a mail still marked as due
        }
        Assert.Single(_smtp.To(email));
        Assert.Equal("sent", await StatusAsync(email));
    }
}
