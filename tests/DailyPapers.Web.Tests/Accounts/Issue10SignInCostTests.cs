using System.Net;
using DailyPapers.Web.Accounts;
using DailyPapers.Web.Tests.Submissions;
using Microsoft.Extensions.DependencyInjection;
using static DailyPapers.Web.Tests.Accounts.AccountsApp;

namespace DailyPapers.Web.Tests.Accounts;

/// <summary>
/// Issue 10, point 6: password hashing is bounded (queue, then 503), checks are limited per account as well as per
/// address, a progressive delay per (account, address) replaces the lockout, and the settings page's
/// current-password check has the same limits. Clients "come from" addresses set by <see cref="TestPeerFilter"/>.
/// </summary>
public sealed class Issue10SignInCostTests
{
    private static Dictionary<string, string> Settings(params (string Key, string Value)[] more)
    {
        var s = new Dictionary<string, string>
        {
            ["DailyPapers:Accounts:AuthPostsPerWindow"] = "10000",
            ["DailyPapers:Accounts:RateWindowSeconds"] = "3600", // no window rolls over during a test
            ["DailyPapers:Accounts:FirstSigninDelaySeconds"] = "600", // nor does a wait run out (unless the test moves the clock)
        };
        foreach (var (k, v) in more) s[k] = v;
        return s;
    }

    private static Dictionary<string, string> Form(params (string Key, string Value)[] fields) => fields.ToDictionary(f => f.Key, f => f.Value);

    private static async Task<string> BodyAsync(HttpResponseMessage r) => WebUtility.HtmlDecode(await r.Content.ReadAsStringAsync());

    [Fact]
    public async Task With_every_hashing_worker_busy_and_no_queue_sign_in_answers_503_with_retry_after_then_works_again()
    {
        using var app = new ProxyApp(Settings(("DailyPapers:Accounts:MaxConcurrentHashes", "1"), ("DailyPapers:Accounts:HashQueueLimit", "0")));
        var email = await app.CreateAccountAsync();
        var guard = app.Factory.Services.GetRequiredService<PasswordGuard>();
        var client = app.Browser("198.51.100.1");

        using (var busy = await guard.BeginHashingAsync(CancellationToken.None)) // the one worker, taken
        {
            Assert.Null(busy.Refusal);
            var refused = await SignInAsync(client, email, Password);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
            Assert.Equal(TimeSpan.FromSeconds(PasswordGuard.BusyRetrySeconds), refused.Headers.RetryAfter!.Delta);
            Assert.Contains("The server is busy checking other passwords", await BodyAsync(refused));
            // Sign-up hashes too, and waits its turn the same way.
            var signup = await PostFormAsync(client, "/account/signup", Form(("Handle", NewHandle()), ("Email", "new-" + email), ("Password", Password)));
            Assert.Equal(HttpStatusCode.ServiceUnavailable, signup.StatusCode);
        }
        var signedIn = await SignInAsync(client, email, Password);
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
    }

    [Fact]
    public async Task Settings_current_password_check_also_waits_for_a_hashing_worker()
    {
        using var app = new ProxyApp(Settings(("DailyPapers:Accounts:MaxConcurrentHashes", "1"), ("DailyPapers:Accounts:HashQueueLimit", "0")));
        var email = await app.CreateAccountAsync();
        var client = app.Browser("198.51.100.1");
        Assert.Equal(HttpStatusCode.Redirect, (await SignInAsync(client, email, Password)).StatusCode);
        var guard = app.Factory.Services.GetRequiredService<PasswordGuard>();
        using var busy = await guard.BeginHashingAsync(CancellationToken.None);
        var refused = await PostFormAsync(client, "/account/settings",
            Form(("CurrentPassword", Password), ("NewPassword", "another good password")), "Password");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        Assert.True(refused.Headers.Contains("Retry-After"));
    }

    [Fact]
    public async Task Failures_slow_down_that_address_only_and_the_wait_ends()
    {
        var clock = new SettableClock(DateTimeOffset.UtcNow);
        using var app = new ProxyApp(Settings(("DailyPapers:Accounts:FreeFailedSignins", "2"), ("DailyPapers:Accounts:FirstSigninDelaySeconds", "30")),
            s => s.AddSingleton<TimeProvider>(clock));
        var email = await app.CreateAccountAsync();
        var attacker = app.Browser("198.51.100.66");
        for (var i = 0; i < 3; i++)
        {
            var wrong = await SignInAsync(attacker, email, "wrong password " + i);
            Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);
            Assert.Contains("Wrong email or password.", await BodyAsync(wrong));
        }
        // The third failure set a 30 s wait: even the right password is not checked from there now.
        var waiting = await SignInAsync(attacker, email, Password);
        Assert.Equal(HttpStatusCode.TooManyRequests, waiting.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(30), waiting.Headers.RetryAfter!.Delta);
        Assert.Contains("Too many wrong passwords for this account from your network. Try again in 30 seconds", await BodyAsync(waiting));

        // The owner, elsewhere, is not locked out (the old lockout let anyone who knew the address do that).
        Assert.Equal(HttpStatusCode.Redirect, (await SignInAsync(app.Browser("198.51.100.7"), email, Password)).StatusCode);

        clock.Now += TimeSpan.FromSeconds(30);
        Assert.Equal(HttpStatusCode.Redirect, (await SignInAsync(attacker, email, Password)).StatusCode);
    }

    [Fact]
    public async Task Unknown_addresses_are_slowed_down_alike_so_the_delay_reveals_no_account()
    {
        using var app = new ProxyApp(Settings(("DailyPapers:Accounts:FreeFailedSignins", "1")));
        var client = app.Browser("198.51.100.66");
        Assert.Equal(HttpStatusCode.OK, (await SignInAsync(client, "nobody@example.org", "wrong password")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await SignInAsync(client, "nobody@example.org", "wrong password")).StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await SignInAsync(client, "NoBody@example.org ", "wrong password")).StatusCode);
    }

    [Fact]
    public async Task Checks_against_one_account_are_limited_across_all_addresses()
    {
        using var app = new ProxyApp(Settings(("DailyPapers:Accounts:PasswordChecksPerAccount", "3")));
        var email = await app.CreateAccountAsync();
        for (var i = 0; i < 3; i++)
            Assert.Equal(HttpStatusCode.OK, (await SignInAsync(app.Browser($"198.51.100.{20 + i}"), email, "wrong password " + i)).StatusCode);
        var limited = await SignInAsync(app.Browser("198.51.100.30"), email, "wrong password 4");
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.True(limited.Headers.Contains("Retry-After"));
        Assert.Contains("Too many sign-in attempts for this account right now", await BodyAsync(limited));
        // Another account from the same address is unaffected.
        var other = await app.CreateAccountAsync();
        Assert.Equal(HttpStatusCode.Redirect, (await SignInAsync(app.Browser("198.51.100.30"), other, Password)).StatusCode);
    }

    [Fact]
    public async Task Settings_current_password_guesses_get_the_progressive_delay()
    {
        using var app = new ProxyApp(Settings(("DailyPapers:Accounts:FreeFailedSignins", "2")));
        var email = await app.CreateAccountAsync();
        var session = app.Browser("198.51.100.5");
        Assert.Equal(HttpStatusCode.Redirect, (await SignInAsync(session, email, Password)).StatusCode);

        string[] handlers = ["Password", "Email", "Password"]; // every form that asks for the current password counts
        foreach (var handler in handlers)
        {
            var wrong = await PostFormAsync(session, "/account/settings", Form(("CurrentPassword", "a wrong guess"),
                ("NewPassword", "another good password"), ("NewEmail", "moved-" + email)), handler);
            Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
            Assert.Contains("Your current password is not right.", await BodyAsync(wrong));
        }
        var waiting = await PostFormAsync(session, "/account/settings", Form(("CurrentPassword", Password), ("NewPassword", "another good password")), "Password");
        Assert.Equal(HttpStatusCode.TooManyRequests, waiting.StatusCode);
        Assert.Contains("Too many wrong passwords for this account", await BodyAsync(waiting));
        // Deleting the account asks for the password too, and is held back the same way.
        var handle = email.Split('@')[0];
        var delete = await PostFormAsync(session, "/account/settings", Form(("ConfirmHandle", handle), ("CurrentPassword", Password)), "Delete");
        Assert.Equal(HttpStatusCode.TooManyRequests, delete.StatusCode);
    }
}
