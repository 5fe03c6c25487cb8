using System.Collections.Concurrent;
using System.Net;
using DailyPapers.TestSupport;
using DailyPapers.Web.Tests.Accounts;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Logging;

namespace DailyPapers.Web.Tests.Operations;

/// <summary>
/// Issue 15, point 5: with the shipped appsettings.json a normal request logs nothing at Information from ASP.NET Core
/// (start-up and the site's own lines still show), and an account's sign-up, confirmation and sign-ins never put its
/// password, its one-time token or its full email address into the logs.
/// </summary>
public sealed class LoggingTests : IAsyncLifetime
{
    /// <summary>Every entry the host's filters let through (the filters of appsettings.json apply to every provider).</summary>
    private sealed class Capture : ILoggerProvider
    {
        public readonly ConcurrentQueue<(string Category, LogLevel Level, string Text)> Entries = new();
        public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);
        public void Dispose() { }

        private sealed class Logger(Capture owner, string category) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
            public bool IsEnabled(LogLevel logLevel) => true;
            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                // The message, every structured value (what a JSON formatter would write) and the exception.
                var values = state is IEnumerable<KeyValuePair<string, object?>> kv ? string.Join(" ", kv.Select(p => $"{p.Key}={p.Value}")) : "";
                owner.Entries.Enqueue((category, logLevel, $"{formatter(state, exception)} {values} {exception}"));
            }
        }
    }

    private readonly Capture _logs = new();
    private readonly TestSmtpServer _smtp = new();
    private readonly DailyPapersFactory _root = new();
    private WebApplicationFactory<Program> _app = null!;

    public async Task InitializeAsync()
    {
        // Only what the tests need changed: mail to a real SMTP server, enough form posts. Logging stays as shipped.
        _app = _root.WithWebHostBuilder(b =>
        {
            b.UseSetting("DailyPapers:Smtp:Host", "127.0.0.1");
            b.UseSetting("DailyPapers:Smtp:Port", _smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture));
            b.UseSetting("DailyPapers:Smtp:Security", "None");
            b.UseSetting("DailyPapers:Accounts:AuthPostsPerWindow", "10000");
            b.UseSetting("DailyPapers:Accounts:FreeFailedSignins", "3");
            b.ConfigureLogging(l => l.AddProvider(_logs));
        });
        await DailyPapersFactory.SeedAsync(_app.Services);
    }

    public async Task DisposeAsync()
    {
        _app.Dispose();
        _root.Dispose();
        await _smtp.DisposeAsync();
    }

    private HttpClient Client() => _app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, BaseAddress = new Uri("https://localhost") });

    [Fact]
    public async Task A_normal_request_logs_nothing_at_Information_from_ASP_NET_Core_while_start_up_lines_still_show()
    {
        using var http = Client();
        var before = _logs.Entries.Count;
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/papers")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/api/papers/search?q=diffusion")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync("/no-such-page")).StatusCode);
        var during = _logs.Entries.Skip(before).ToList();
        Assert.DoesNotContain(during, e => e.Category.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal) && e.Level <= LogLevel.Information);
        // Default Warning: nothing at Information from any category but the site's own and the host's lifetime.
        Assert.DoesNotContain(_logs.Entries, e => e.Level <= LogLevel.Information
            && !e.Category.StartsWith("DailyPapers", StringComparison.Ordinal) && e.Category != "Microsoft.Hosting.Lifetime");
        // The site's own start-up lines are still there.
        Assert.Contains(_logs.Entries, e => e.Category == "DailyPapers.Startup" && e.Level == LogLevel.Information && e.Text.Contains("database:", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Sign_up_confirmation_and_sign_ins_never_log_the_password_the_token_or_the_full_email()
    {
        using var http = Client();
        var handle = AccountsApp.NewHandle();
        var email = handle + "@example.org";
        const string wrong = "wrong horse battery staple";
        var signup = await AccountsApp.PostFormAsync(http, "/account/signup",
            new Dictionary<string, string> { ["Handle"] = handle, ["Email"] = email, ["Password"] = AccountsApp.Password });
        Assert.Equal(HttpStatusCode.OK, signup.StatusCode);
        var mail = await _smtp.WaitForAsync(m => m.To.Mailboxes.Any(x => x.Address == email));
        var link = WebUtility.HtmlDecode(System.Text.RegularExpressions.Regex.Match(mail.TextBody ?? "", @"https?://\S+?(/account/confirm\?\S+)").Groups[1].Value);
        var token = AccountsApp.TokenOf(link);
        Assert.NotEmpty(token);
        Assert.Equal(HttpStatusCode.Redirect, (await AccountsApp.PostFormAsync(http, link, new Dictionary<string, string> { ["Token"] = token })).StatusCode);
        using var other = Client();
        Assert.NotEqual(HttpStatusCode.Redirect, (await AccountsApp.SignInAsync(other, email, wrong)).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await AccountsApp.SignInAsync(other, email, AccountsApp.Password)).StatusCode);

        // The flow was logged (so the check below looks at something): the sender's round reports the mail it sent.
        var until = DateTime.UtcNow.AddSeconds(30);
        while (!_logs.Entries.Any(e => e.Text.StartsWith("mail send: ", StringComparison.Ordinal)) && DateTime.UtcNow < until)
            await Task.Delay(100);
        var all = _logs.Entries.ToList();
        Assert.Contains(all, e => e.Text.StartsWith("mail send: ", StringComparison.Ordinal) && e.Level == LogLevel.Information);
        foreach (var secret in new[] { AccountsApp.Password, wrong, token, Uri.EscapeDataString(token), email })
            Assert.DoesNotContain(all, e => e.Text.Contains(secret, StringComparison.OrdinalIgnoreCase));
    }
}
