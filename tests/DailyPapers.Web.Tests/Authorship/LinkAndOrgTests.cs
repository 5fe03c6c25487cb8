using System.Net;
using DailyPapers.Community;
using DailyPapers.Papers;
using DailyPapers.Storage;
using Dapper;

namespace DailyPapers.Web.Tests.Authorship;

/// <summary>Who may edit a paper's links, what is accepted, and the organisation pages.</summary>
public sealed class LinkAndOrgTests(AuthorshipApp app) : IClassFixture<AuthorshipApp>
{
    private static Dictionary<string, string> Links(string id, string github = "", string project = "", string? org = null)
    {
        var f = new Dictionary<string, string> { ["paper"] = id, ["githubRepo"] = github, ["projectPage"] = project };
        if (org is not null) f["organization"] = org;
        return f;
    }

    private async Task<Paper> PaperAsync(string id) => (await app.Service<PaperStore>().GetAsync(id))!.Paper;

    [Fact]
    public async Task Verified_authors_submitters_and_admins_edit_links_others_get_403()
    {
        const string Id = "2608.20335"; // organisation AntResearch, submitted on HF
        var page = "/papers/" + Id;
        var paperId = await app.PaperIdAsync(Id);
        var org = (await PaperAsync(Id)).Organization?.Name;
        var author = await app.SignedInAsync();
        var submitter = await app.SignedInAsync();
        var admin = await app.SignedInAsync(Role.Admin);
        var other = await app.SignedInAsync();
        await app.Service<ClaimStore>().AssignAsync(admin.Id, paperId, 0, author.Id);
        await using (var c = await app.Service<Database>().OpenAsync())
            await c.ExecuteAsync("UPDATE daily_entries SET submitted_by = @u WHERE paper_id = @p", new { u = submitter.Id, p = paperId });

        Assert.DoesNotContain("Edit links", await AuthorshipApp.HtmlAsync(other.Client, page));
        var refused = await AuthorshipApp.PostAsync(other.Client, page, "/authorship/links", Links(Id, "https://github.com/x/y", "", org));
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Contains("Only a verified author, the submitter or an admin", await refused.Content.ReadAsStringAsync());

        foreach (var (who, repo, stored) in new[]
        {
            (author, "github.com/author/repo.git", "https://github.com/author/repo"),
            (submitter, "https://github.com/submitter/repo/", "https://github.com/submitter/repo"),
            (admin, "https://github.com/admin/repo", "https://github.com/admin/repo"),
        })
        {
            Assert.Contains("Edit links", await AuthorshipApp.HtmlAsync(who.Client, page));
            var ok = await AuthorshipApp.PostAsync(who.Client, page, "/authorship/links", Links(Id, repo, "https://example.org/p", org));
            Assert.Equal(HttpStatusCode.Redirect, ok.StatusCode);
            Assert.Equal(stored, (await PaperAsync(Id)).GithubRepo);
        }
        var p = await PaperAsync(Id);
        Assert.Equal(("https://example.org/p", org), (p.ProjectPage, p.Organization?.Name));

        var anonymous = await app.App.Client().PostAsync("/authorship/links", new FormUrlEncodedContent(Links(Id, "https://github.com/a/b")));
        Assert.StartsWith("/account/signin", anonymous.Headers.Location!.PathAndQuery);
        Assert.Equal(HttpStatusCode.BadRequest, (await AuthorshipApp.PostAsync(admin.Client, null, "/authorship/links", Links(Id, "https://github.com/a/b"))).StatusCode);

        var bad = await AuthorshipApp.PostAsync(author.Client, page, "/authorship/links", Links(Id, "https://gitlab.com/a/b", "", org));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("https://github.com/owner/repo", await bad.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.BadRequest, (await AuthorshipApp.PostAsync(author.Client, page, "/authorship/links", Links(Id, "", "javascript:alert(1)", org))).StatusCode);
        Assert.Equal("https://github.com/admin/repo", (await PaperAsync(Id)).GithubRepo); // nothing written by refused posts
    }

    [Fact]
    public async Task Authors_attribute_only_organisations_they_belong_to_and_admins_any()
    {
        const string Id = "2608.19799";
        var page = "/papers/" + Id;
        var paperId = await app.PaperIdAsync(Id);
        var orgs = app.Service<OrganizationStore>();
        var labName = "lab-" + Guid.NewGuid().ToString("N")[..6];
        var lab = await orgs.EnsureAsync(labName, "A Lab");
        var admin = await app.SignedInAsync(Role.Admin);
        var author = await app.SignedInAsync();
        await app.Service<ClaimStore>().AssignAsync(admin.Id, paperId, 1, author.Id);

        var notMember = await AuthorshipApp.PostAsync(author.Client, page, "/authorship/links", Links(Id, org: labName));
        Assert.Equal(HttpStatusCode.Forbidden, notMember.StatusCode);
        Assert.Contains("not a member", await notMember.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.BadRequest, (await AuthorshipApp.PostAsync(author.Client, page, "/authorship/links", Links(Id, org: "no-such-lab-zz"))).StatusCode);

        await orgs.SetMemberAsync(lab, author.Id, OrganizationStore.MemberRole);
        Assert.Equal(HttpStatusCode.Redirect, (await AuthorshipApp.PostAsync(author.Client, page, "/authorship/links", Links(Id, org: labName))).StatusCode);
        Assert.Equal(labName, (await PaperAsync(Id)).Organization?.Name);
        Assert.Contains($"href=\"/papers/{Id}\"", await AuthorshipApp.HtmlAsync(author.Client, "/organizations/" + labName));

        var fresh = "new-" + Guid.NewGuid().ToString("N")[..6];
        Assert.Equal(HttpStatusCode.Redirect, (await AuthorshipApp.PostAsync(admin.Client, page, "/authorship/links", Links(Id, org: fresh))).StatusCode);
        Assert.NotNull(await orgs.GetAsync(fresh));
        Assert.Equal(HttpStatusCode.Redirect, (await AuthorshipApp.PostAsync(author.Client, page, "/authorship/links", Links(Id, org: ""))).StatusCode);
        Assert.Null((await PaperAsync(Id)).Organization);
    }

    [Fact]
    public async Task Organisation_pages_list_papers_and_members_and_say_when_unknown()
    {
        var client = app.App.Client();
        var index = await AuthorshipApp.HtmlAsync(client, "/organizations");
        Assert.Contains("href=\"/organizations/google\"", index);
        var google = await AuthorshipApp.HtmlAsync(client, "/organizations/google");
        Assert.Contains("href=\"/papers/2608.19880\"", google);
        Assert.Contains("aria-current=\"page\">Newest", google);
        Assert.Contains("aria-current=\"page\">Trending", await AuthorshipApp.HtmlAsync(client, "/organizations/Google?sort=trending"));
        var missing = await AuthorshipApp.HtmlAsync(client, "/organizations/no-such-org-here", HttpStatusCode.NotFound);
        Assert.Contains("There is no organisation called", missing);
        Assert.Contains("sort must be", await AuthorshipApp.HtmlAsync(client, "/organizations/google?sort=bogus", HttpStatusCode.BadRequest));
        // Cards link the organisation to its page.
        Assert.Contains("<a class=\"org\" href=\"/organizations/google\">", await AuthorshipApp.HtmlAsync(client, "/papers/date/2026-08-21"));

        var admin = await app.SignedInAsync(Role.Admin);
        var member = await app.SignedInAsync();
        var add = await AuthorshipApp.PostAsync(admin.Client, "/organizations/google", "/organizations/google?handler=AddMember",
            new() { ["handle"] = member.Handle, ["role"] = "member" });
        Assert.Equal(HttpStatusCode.Redirect, add.StatusCode);
        Assert.Contains($"href=\"/users/{member.Handle}\"", await AuthorshipApp.HtmlAsync(admin.Client, "/organizations/google"));

        var refused = await AuthorshipApp.PostAsync(member.Client, "/organizations/google", "/organizations/google?handler=AddMember",
            new() { ["handle"] = admin.Handle, ["role"] = "admin" });
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await AuthorshipApp.PostAsync(admin.Client, "/organizations/google", "/organizations/google?handler=AddMember",
            new() { ["handle"] = "nobody-" + Guid.NewGuid().ToString("N")[..6], ["role"] = "member" })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await AuthorshipApp.PostAsync(admin.Client, "/organizations/google", "/organizations/google?handler=AddMember", new() { ["handle"] = member.Handle })).StatusCode);
        var remove = await AuthorshipApp.PostAsync(admin.Client, "/organizations/google", "/organizations/google?handler=RemoveMember", new() { ["user"] = member.Id.ToString() });
        Assert.Equal(HttpStatusCode.Redirect, remove.StatusCode);
        Assert.DoesNotContain($"href=\"/users/{member.Handle}\"", await AuthorshipApp.HtmlAsync(admin.Client, "/organizations/google"));
        Assert.Equal(HttpStatusCode.BadRequest, (await AuthorshipApp.PostAsync(admin.Client, null, "/organizations/google?handler=RemoveMember", new() { ["user"] = member.Id.ToString() })).StatusCode);
    }
}
