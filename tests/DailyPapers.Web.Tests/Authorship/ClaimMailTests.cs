using System.Net;
using DailyPapers.Community;
using DailyPapers.Storage;
using MimeKit;

namespace DailyPapers.Web.Tests.Authorship;

/// <summary>A moderator's decision on an authorship claim reaches the claimant by mail (real SMTP server in-process).</summary>
public sealed class ClaimMailTests(AuthorshipApp app) : IClassFixture<AuthorshipApp>
{
    private static Dictionary<string, string> F(params (string K, string V)[] kv) => kv.ToDictionary(x => x.K, x => x.V);

    private async Task<(AuthorshipApp.User User, AuthorClaim Claim)> ClaimAsync(string arxivId, int position)
    {
        var user = await app.SignedInAsync();
        var claimed = await AuthorshipApp.PostAsync(user.Client, "/papers/" + arxivId, "/authorship/claim", F(("paper", arxivId), ("position", position.ToString())));
        Assert.Equal(HttpStatusCode.Redirect, claimed.StatusCode);
        return (user, (await app.Service<ClaimStore>().ListForUserAsync(user.Id, 5)).Single());
    }

    private Task<MimeMessage> MailToAsync(string handle, string subject) => app.App.Smtp.WaitForAsync(m =>
        m.To.Mailboxes.Any(x => x.Address == handle + "@lab.example.org") && (m.Subject ?? "").Contains(subject, StringComparison.Ordinal));

    [Fact]
    public async Task An_approval_mails_the_claimant_the_paper_the_author_name_and_a_link()
    {
        const string Id = "2506.11924";
        var (user, claim) = await ClaimAsync(Id, 2);
        var mod = await app.SignedInAsync(Role.Moderator);
        var approved = await AuthorshipApp.PostAsync(mod.Client, "/moderation/claims", "/moderation/claims?handler=Approve", F(("claim", claim.Id.ToString())));
        Assert.Equal(HttpStatusCode.Redirect, approved.StatusCode);

        var mail = await MailToAsync(user.Handle, "Authorship claim approved");
        var body = mail.TextBody ?? "";
        Assert.Contains($"Hello {user.Handle},", body);
        Assert.Contains(claim.Title, body);
        Assert.Contains($"as author: {claim.AuthorName}", body);
        Assert.Contains($"arXiv {Id}", body);
        Assert.Contains($"http://localhost/papers/{Id}#authors", body); // no PublicUrl: the listen address (in-memory test server: localhost), never the request's host
        Assert.DoesNotContain("Reason:", body);
        Assert.StartsWith("Authorship claim approved: ", mail.Subject);
    }

    [Fact]
    public async Task A_rejection_mails_the_reason_and_an_undecided_or_refused_decision_mails_nothing()
    {
        const string Id = "2506.10892";
        var (user, claim) = await ClaimAsync(Id, 0);
        var mod = await app.SignedInAsync(Role.Admin);
        var rejected = await AuthorshipApp.PostAsync(mod.Client, "/moderation/claims", "/moderation/claims?handler=Reject",
            F(("claim", claim.Id.ToString()), ("reason", "  Please claim with your university address ")));
        Assert.Equal(HttpStatusCode.Redirect, rejected.StatusCode);

        var mail = await MailToAsync(user.Handle, "Authorship claim not approved");
        var body = mail.TextBody ?? "";
        Assert.Contains("Reason: Please claim with your university address", body);
        Assert.Contains($"as author: {claim.AuthorName}", body);
        Assert.Contains($"http://localhost/papers/{Id}#authors", body);

        // Deciding again is refused (409) and sends no second mail.
        var twice = await AuthorshipApp.PostAsync(mod.Client, "/moderation/claims", "/moderation/claims?handler=Approve", F(("claim", claim.Id.ToString())));
        Assert.Equal(HttpStatusCode.Conflict, twice.StatusCode);
        // A later mail to someone else marks the point by which a wrong second mail would have been sent.
        var (other, otherClaim) = await ClaimAsync(Id, 1);
        await AuthorshipApp.PostAsync(mod.Client, "/moderation/claims", "/moderation/claims?handler=Reject", F(("claim", otherClaim.Id.ToString())));
        var otherMail = await MailToAsync(other.Handle, "Authorship claim not approved");
        Assert.Contains("Reason: (none given)", otherMail.TextBody);
        Assert.Single(app.App.Smtp.Messages, m => m.To.Mailboxes.Any(x => x.Address == user.Handle + "@lab.example.org"));
    }
}
