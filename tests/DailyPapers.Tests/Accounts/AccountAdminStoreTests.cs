using DailyPapers.Community;
using DailyPapers.Storage;
using DailyPapers.Tests.Storage;
using Dapper;
using Microsoft.Extensions.Time.Testing;

namespace DailyPapers.Tests.Accounts;

/// <summary>AccountStore's admin queries on both dialects: the user list (filters, search, paging) and guarded role changes.</summary>
public sealed class AccountAdminStoreTests
{
    private const string Hash = "pbkdf2-sha512$1$AAAA$AAAA";

    private static async Task<(AccountStore Store, FakeTimeProvider Clock)> SeedAsync(TestDatabase t)
    {
        var clock = new FakeTimeProvider(DateTimeOffset.Parse("2026-03-02T10:00:00Z"));
        var store = new AccountStore(t.Db, clock);
        await using (var c = await t.Db.OpenAsync())
            await c.ExecuteAsync("""
                INSERT INTO users (handle, full_name, created_at) VALUES ('AdaHF', 'Ada from HF', '2024-01-01T00:00:00.000Z');
                INSERT INTO users (handle, full_name, created_at) VALUES ('hf_person', 'Someone', '2024-01-02T00:00:00.000Z');
                """);
        foreach (var (handle, email, role) in new[] { ("ada", "ada@lab.org", Role.User), ("Bob_1", "bob@uni.edu", Role.Moderator), ("carol", "c%x@lab.org", Role.Admin) })
        {
            clock.Advance(TimeSpan.FromMinutes(1));
            await store.CreateAsync(handle, email, Hash, role, confirmed: true);
        }
        return (store, clock);
    }

    private static string[] Handles(IEnumerable<Account> accounts) => accounts.Select(a => a.Handle).ToArray();

    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Dialects), MemberType = typeof(TestDatabase))]
    public async Task The_list_shows_local_accounts_newest_first_and_imported_people_only_when_asked(string dialect)
    {
        await using var t = await TestDatabase.CreateAsync(dialect);
        var (store, _) = await SeedAsync(t);

        var (local, total) = await store.ListAsync(new AccountQuery());
        Assert.Equal(["carol", "Bob_1", "ada"], Handles(local));
        Assert.Equal(3, total);
        Assert.Equal(["hf_person", "AdaHF"], Handles((await store.ListAsync(new AccountQuery(Origins: AccountOrigins.Imported))).Accounts));
        // Both: local accounts first.
        Assert.Equal(["carol", "Bob_1", "ada", "hf_person", "AdaHF"], Handles((await store.ListAsync(new AccountQuery(Origins: AccountOrigins.All))).Accounts));

        var page2 = await store.ListAsync(new AccountQuery(Origins: AccountOrigins.All, Offset: 2, Limit: 2));
        Assert.Equal(["ada", "hf_person"], Handles(page2.Accounts));
        Assert.Equal(5, page2.Total);
        Assert.Equal(["Bob_1"], Handles((await store.ListAsync(new AccountQuery(Role: Role.Moderator))).Accounts));
    }

    public static IEnumerable<object?[]> Search_cases => TestDatabase.WithDialects(
        ["ADA", AccountOrigins.All, new[] { "ada", "AdaHF" }],
        ["lab.org", AccountOrigins.Local, new[] { "carol", "ada" }],
        ["b_", AccountOrigins.Local, new[] { "Bob_1" }],          // "_" is literal, not a wildcard
        ["%", AccountOrigins.Local, new[] { "carol" }],           // so is "%"
        ["  UNI.EDU ", AccountOrigins.Local, new[] { "Bob_1" }],
        ["nobody", AccountOrigins.All, Array.Empty<string>()]);

    [SkippableTheory]
    [MemberData(nameof(Search_cases))]
    public async Task Search_matches_handle_or_email_as_a_substring_in_any_case(string search, AccountOrigins origins, string[] expected, string dialect)
    {
        await using var t = await TestDatabase.CreateAsync(dialect);
        var (store, _) = await SeedAsync(t);
        var (found, total) = await store.ListAsync(new AccountQuery(search, Origins: origins));
        Assert.Equal(expected, Handles(found));
        Assert.Equal(expected.Length, total);
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Dialects), MemberType = typeof(TestDatabase))]
    public async Task Role_changes_rotate_the_stamp_and_the_last_admin_keeps_the_role(string dialect)
    {
        await using var t = await TestDatabase.CreateAsync(dialect);
        var (store, _) = await SeedAsync(t);
        var ada = (await store.FindByHandleAsync("ada"))!;
        var carol = (await store.FindByHandleAsync("carol"))!;
        var hf = (await store.FindByHandleAsync("AdaHF"))!;

        Assert.Equal(RoleChangeOutcome.LastAdmin, await store.ChangeRoleAsync(carol.Id, Role.Moderator));
        Assert.Equal((Role.Admin, carol.SecurityStamp), ((await store.FindByIdAsync(carol.Id))!.Role, (await store.FindByIdAsync(carol.Id))!.SecurityStamp));

        Assert.Equal(RoleChangeOutcome.Changed, await store.ChangeRoleAsync(ada.Id, Role.Admin));
        var adaNow = (await store.FindByIdAsync(ada.Id))!;
        Assert.Equal(Role.Admin, adaNow.Role);
        Assert.NotEqual(ada.SecurityStamp, adaNow.SecurityStamp);
        Assert.Equal(2, await store.CountAdminsAsync());

        // With two admins one may step down; then the other is the last again.
        Assert.Equal(RoleChangeOutcome.Changed, await store.ChangeRoleAsync(carol.Id, Role.User));
        Assert.Equal(RoleChangeOutcome.LastAdmin, await store.ChangeRoleAsync(ada.Id, Role.User));
        Assert.Equal(1, await store.CountAdminsAsync());

        // Same role: nothing happens, not even a sign-out.
        Assert.Equal(RoleChangeOutcome.Unchanged, await store.ChangeRoleAsync(ada.Id, Role.Admin));
        Assert.Equal(adaNow.SecurityStamp, (await store.FindByIdAsync(ada.Id))!.SecurityStamp);

        Assert.Equal(RoleChangeOutcome.NotLocal, await store.ChangeRoleAsync(hf.Id, Role.Moderator));
        Assert.Equal(RoleChangeOutcome.NotFound, await store.ChangeRoleAsync(999_999, Role.Moderator));
        await store.DeleteAsync(carol.Id);
        Assert.Equal(RoleChangeOutcome.NotFound, await store.ChangeRoleAsync(carol.Id, Role.Admin));
    }

    [Theory]
    [InlineData("user", Role.User)]
    [InlineData(" Moderator ", Role.Moderator)]
    [InlineData("ADMIN", Role.Admin)]
    [InlineData("root", null)]
    [InlineData("", null)]
    [InlineData(null, null)]
    public void Role_names_parse_strictly(string? name, Role? expected) => Assert.Equal(expected, AccountStore.TryParseRole(name));
}
