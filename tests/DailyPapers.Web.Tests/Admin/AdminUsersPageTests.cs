using System.Net;
using DailyPapers.Community;
using DailyPapers.Storage;
using DailyPapers.Web.Tests.Accounts;
using DailyPapers.Web.Tests.Authorship;

namespace DailyPapers.Web.Tests.Admin;

/// <summary>/admin/users: who may open it, the list and its filters, role changes and what they do to sessions.</summary>
public sealed class AdminUsersPageTests(AuthorshipApp app) : IClassFixture<AuthorshipApp>
{
    private const string Page = "/admin/users";

    private static Dictionary<string, string> F(params (string K, string V)[] kv) => kv.ToDictionary(x => x.K, x => x.V);

    private static Task<HttpResponseMessage> SetRoleAsync(HttpClient client, long user, string role, string? page = Page, string? search = null) =>
        AuthorshipApp.PostAsync(client, page, Page + "?handler=Role", F(("user", user.ToString()), ("newRole", role), ("q", search ?? ""), ("listPage", "1")));

    [Fact]
    public async Task An_admin_sees_local_accounts_can_search_and_filter_and_finds_imported_people_apart()
    {
        var admin = await app.SignedInAsync(Role.Admin);
        var mod = await app.SignedInAsync(Role.Moderator);
        var html = await AuthorshipApp.HtmlAsync(admin.Client, Page);
        Assert.Contains("<h1>Users</h1>", html);
        Assert.Contains($"<a href=\"/users/{mod.Handle}\">{mod.Handle}</a>", html);
        Assert.Contains($"{mod.Handle}@lab.example.org", html);
        Assert.Contains("<label class=\"visually-hidden\" for=\"role-" + mod.Id + "\">Role of " + mod.Handle + "</label>", html);
        Assert.Matches($"<option value=\"moderator\" selected=\"selected\">moderator</option>", html);
        Assert.Contains("confirmed", html);
        Assert.Contains("(you)", html); // the admin's own row has no role form
        Assert.DoesNotContain($"id=\"role-{admin.Id}\"", html);
        Assert.DoesNotContain("bracio9623", html); // HF-imported people are not mixed in

        // Search by a substring of the email, in another case; only that account.
        var found = await AuthorshipApp.HtmlAsync(admin.Client, $"{Page}?q={mod.Handle[3..].ToUpperInvariant()}%40LAB");
        Assert.Contains($"id=\"user-{mod.Id}\"", found);
        Assert.DoesNotContain($"id=\"user-{admin.Id}\"", found);
        Assert.Contains("1 user matching", found);

        var moderators = await AuthorshipApp.HtmlAsync(admin.Client, Page + "?role=moderator");
        Assert.Contains($"id=\"user-{mod.Id}\"", moderators);
        Assert.DoesNotContain($"id=\"user-{admin.Id}\"", moderators);

        var imported = await AuthorshipApp.HtmlAsync(admin.Client, Page + "?origin=hf&q=bracio9623");
        Assert.Contains("<a href=\"/users/bracio9623\">bracio9623</a>", imported);
        Assert.Contains("cannot sign in", imported);

        // Bad input is a clear 400, never a 500.
        Assert.Contains("&quot;root&quot; is not a role", await AuthorshipApp.HtmlAsync(admin.Client, Page + "?role=root", HttpStatusCode.BadRequest));
        Assert.Contains("pages start at 1", await AuthorshipApp.HtmlAsync(admin.Client, Page + "?page=0", HttpStatusCode.BadRequest));
        Assert.Contains("keep it under", await AuthorshipApp.HtmlAsync(admin.Client, Page + "?q=" + new string('x', 300), HttpStatusCode.BadRequest));
        Assert.Contains("No users match", await AuthorshipApp.HtmlAsync(admin.Client, Page + "?q=nobody-has-this&page=7"));
    }

    [Fact]
    public async Task Users_and_moderators_are_refused_and_anonymous_visitors_sent_to_sign_in()
    {
        var victim = await app.SignedInAsync();
        foreach (var role in new[] { Role.User, Role.Moderator })
        {
            var who = await app.SignedInAsync(role);
            var get = await who.Client.GetAsync(Page);
            Assert.Equal(HttpStatusCode.Redirect, get.StatusCode);
            Assert.StartsWith("/account/denied", get.Headers.Location!.PathAndQuery);
            Assert.Equal(HttpStatusCode.Forbidden, (await who.Client.GetAsync(get.Headers.Location)).StatusCode);

            // A well-formed post (token from a page they can open) is refused too, and changes nothing.
            var post = await SetRoleAsync(who.Client, victim.Id, "admin", page: "/account/settings");
            Assert.StartsWith("/account/denied", post.Headers.Location!.PathAndQuery);
            Assert.Equal(Role.User, (await app.Service<AccountStore>().FindByIdAsync(victim.Id))!.Role);
        }
        var anonymous = await app.App.Client().GetAsync(Page);
        Assert.Equal(HttpStatusCode.Redirect, anonymous.StatusCode);
        Assert.StartsWith("/account/signin", anonymous.Headers.Location!.PathAndQuery);
    }

    [Fact]
    public async Task A_post_without_the_antiforgery_token_is_400_and_changes_nothing()
    {
        var admin = await app.SignedInAsync(Role.Admin);
        var target = await app.SignedInAsync();
        var r = await SetRoleAsync(admin.Client, target.Id, "moderator", page: null);
        Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
        Assert.Equal(Role.User, (await app.Service<AccountStore>().FindByIdAsync(target.Id))!.Role);
    }

    [Fact]
    public async Task Changing_a_role_signs_the_target_out_and_their_next_sign_in_carries_the_new_role()
    {
        var admin = await app.SignedInAsync(Role.Admin);
        var target = await app.SignedInAsync();
        Assert.StartsWith("/account/denied", (await target.Client.GetAsync("/moderation/claims")).Headers.Location!.PathAndQuery);
        Assert.DoesNotContain("Claims queue", await AuthorshipApp.HtmlAsync(target.Client, "/account/settings"));

        var changed = await SetRoleAsync(admin.Client, target.Id, "moderator", search: target.Handle);
        Assert.Equal(HttpStatusCode.Redirect, changed.StatusCode);
        var back = changed.Headers.Location!.OriginalString;
        Assert.StartsWith($"{Page}?q={target.Handle}&page=1&changed={target.Id}", back);
        Assert.Contains($"{target.Handle} is now a moderator", await AuthorshipApp.HtmlAsync(admin.Client, back));
        Assert.Equal(Role.Moderator, (await app.Service<AccountStore>().FindByIdAsync(target.Id))!.Role);

        // The target's session carried the old role: its next request finds it ended.
        var next = await target.Client.GetAsync("/moderation/claims");
        Assert.Equal(HttpStatusCode.Redirect, next.StatusCode);
        Assert.StartsWith("/account/signin", next.Headers.Location!.PathAndQuery);
        Assert.Equal(HttpStatusCode.Redirect, (await AccountsApp.SignInAsync(target.Client, target.Handle + "@lab.example.org", AccountsApp.Password)).StatusCode);
        Assert.Contains("Authorship claims", await AuthorshipApp.HtmlAsync(target.Client, "/moderation/claims"));
        var menu = await AuthorshipApp.HtmlAsync(target.Client, "/account/settings");
        Assert.Contains("<a href=\"/moderation/claims\">Claims queue</a>", menu);
        Assert.DoesNotContain("<a href=\"/admin/users\">Users</a>", menu);
        Assert.Contains("<a href=\"/admin/users\">Users</a>", await AuthorshipApp.HtmlAsync(admin.Client, "/account/settings"));

        // The same role again: a note, and the target stays signed in.
        var same = await SetRoleAsync(admin.Client, target.Id, "moderator");
        Assert.Contains("already has the role moderator", await AuthorshipApp.HtmlAsync(admin.Client, same.Headers.Location!.OriginalString));
        Assert.Equal(HttpStatusCode.OK, (await target.Client.GetAsync("/moderation/claims")).StatusCode);
    }

    [Fact]
    public async Task An_admin_cannot_change_their_own_role_and_bad_targets_get_clear_errors()
    {
        var admin = await app.SignedInAsync(Role.Admin);
        var self = await SetRoleAsync(admin.Client, admin.Id, "user");
        Assert.Equal(HttpStatusCode.BadRequest, self.StatusCode);
        Assert.Contains("You cannot change your own role here", await self.Content.ReadAsStringAsync());
        Assert.Equal(Role.Admin, (await app.Service<AccountStore>().FindByIdAsync(admin.Id))!.Role);

        var target = await app.SignedInAsync();
        var bad = await SetRoleAsync(admin.Client, target.Id, "root");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("&quot;root&quot; is not a role", await bad.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await SetRoleAsync(admin.Client, 987_654_321, "moderator")).StatusCode);
        var hf = (await app.Service<AccountStore>().FindByHandleAsync("bracio9623"))!;
        var imported = await SetRoleAsync(admin.Client, hf.Id, "moderator");
        Assert.Equal(HttpStatusCode.BadRequest, imported.StatusCode);
        Assert.Contains("imported from Hugging Face", await imported.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_last_admin_keeps_the_role_when_another_admin_tries_to_demote_them()
    {
        // Two admins; one is demoted from the store (as by the CLI) while still holding a page with its token. The
        // page's guard then refuses to demote the other, who has become the last admin.
        var first = await app.SignedInAsync(Role.Admin);
        var second = await app.SignedInAsync(Role.Admin);
        var accounts = app.Service<AccountStore>();
        // Every other admin this class made is demoted so that first and second are the only ones.
        foreach (var other in (await accounts.ListAsync(new AccountQuery(Role: Role.Admin, Limit: 1000))).Accounts.Where(a => a.Id != first.Id && a.Id != second.Id))
            Assert.Equal(RoleChangeOutcome.Changed, await accounts.ChangeRoleAsync(other.Id, Role.User));
        Assert.Equal(2, await accounts.CountAdminsAsync());
        Assert.Equal(RoleChangeOutcome.Changed, await accounts.ChangeRoleAsync(second.Id, Role.User));
        Assert.Equal(RoleChangeOutcome.LastAdmin, await accounts.ChangeRoleAsync(first.Id, Role.User));
        Assert.Equal(Role.Admin, (await accounts.FindByIdAsync(first.Id))!.Role);
        // The demoted admin's session ended with the role change, so their post does not get through.
        var late = await SetRoleAsync(second.Client, first.Id, "user", page: null);
        Assert.Equal(HttpStatusCode.Redirect, late.StatusCode);
        Assert.Equal(Role.Admin, (await accounts.FindByIdAsync(first.Id))!.Role);
    }
}
