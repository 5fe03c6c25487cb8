using System.Net;
using System.Text.RegularExpressions;
using DailyPapers.Accounts;
using DailyPapers.Community;
using DailyPapers.Storage;
using DailyPapers.Web.Tests.Accounts;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;

namespace DailyPapers.Web.Tests.Mail;

/// <summary>
/// Issue 15 point 1: on the embedded default (no DailyPapers:Smtp:Host) mail is written to {DataDir}/mail as .eml
/// files, and an admin reads it at /admin/mail, so a newcomer can confirm an account without a mail server.
/// </summary>
public sealed partial class MailWithoutSmtpTests : IDisposable
{
    private readonly DailyPapersFactory _app = new();

    public void Dispose() => _app.Dispose();

    private HttpClient Client() => _app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, BaseAddress = new Uri("https://localhost") });

    [GeneratedRegex(@"https?://\S+?(/account/confirm\?token=[^\s""<]+)")]
    private static partial Regex ConfirmLink();

    private async Task<HttpClient> SignedInAsync(Role role)
    {
        var handle = AccountsApp.NewHandle();
        await _app.Services.GetRequiredService<AccountStore>().CreateAsync(handle, handle + "@example.org", Passwords.Hash(AccountsApp.Password), role, confirmed: true);
        var client = Client();
        Assert.Equal(HttpStatusCode.Redirect, (await AccountsApp.SignInAsync(client, handle + "@example.org", AccountsApp.Password)).StatusCode);
        return client;
    }

    [Fact]
    public async Task A_sign_up_without_smtp_writes_the_confirmation_as_an_eml_file_that_an_admin_reads_at_admin_mail()
    {
        var handle = AccountsApp.NewHandle();
        var email = handle + "@example.org";
        var visitor = Client();
        var signup = await AccountsApp.PostFormAsync(visitor, "/account/signup",
            new Dictionary<string, string> { ["Handle"] = handle, ["Email"] = email, ["Password"] = AccountsApp.Password });
        Assert.Equal(HttpStatusCode.OK, signup.StatusCode);

        // The sender writes it into DataDir/mail shortly after the page answered.
        var folder = Path.Combine(_app.DataDir, "mail");
        MimeMessage? mail = null;
        for (var until = DateTime.UtcNow.AddSeconds(30); mail is null && DateTime.UtcNow < until; await Task.Delay(50))
            foreach (var f in Directory.Exists(folder) ? Directory.GetFiles(folder, "*.eml") : [])
                if ((await MimeMessage.LoadAsync(f)) is var m && m.To.Mailboxes.Any(x => x.Address == email)) mail = m;
        Assert.NotNull(mail);
        Assert.Equal("Confirm your email for DailyPapers", mail.Subject);
        var link = ConfirmLink().Match(mail.TextBody!);
        Assert.True(link.Success, mail.TextBody);

        var admin = await SignedInAsync(Role.Admin);
        var page = await admin.GetAsync("/admin/mail");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("Mail is not delivered: set DailyPapers:Smtp", html);
        Assert.Contains("Confirm your email for DailyPapers", html);
        Assert.Contains(email, html);
        Assert.Contains($"<a href=\"{System.Text.Encodings.Web.HtmlEncoder.Default.Encode(link.Value)}\"", html); // the link is clickable

        // The newcomer confirms with the link the admin passed on.
        var path = WebUtility.HtmlDecode(link.Groups[1].Value);
        var confirmed = await AccountsApp.PostFormAsync(visitor, path, new Dictionary<string, string> { ["Token"] = AccountsApp.TokenOf(path) });
        Assert.Equal(HttpStatusCode.Redirect, confirmed.StatusCode);
        Assert.NotNull((await _app.Services.GetRequiredService<AccountStore>().FindByEmailAsync(email))!.EmailConfirmedAt);
    }

    [Fact]
    public async Task Admin_mail_is_for_admins_only()
    {
        foreach (var role in new[] { Role.User, Role.Moderator })
        {
            var r = await (await SignedInAsync(role)).GetAsync("/admin/mail");
            Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
            Assert.StartsWith("/account/denied", r.Headers.Location!.PathAndQuery);
        }
        var anonymous = await Client().GetAsync("/admin/mail");
        Assert.Equal(HttpStatusCode.Redirect, anonymous.StatusCode);
        Assert.StartsWith("/account/signin", anonymous.Headers.Location!.PathAndQuery);
    }
}
