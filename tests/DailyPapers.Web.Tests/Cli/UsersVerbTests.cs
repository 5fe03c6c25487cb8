using DailyPapers.Accounts;
using DailyPapers.Community;
using DailyPapers.Storage;
using DailyPapers.Web.Cli;

namespace DailyPapers.Web.Tests.Cli;

public sealed class UsersVerbTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "dp-users-verb-" + Guid.NewGuid().ToString("N"));
    private string Db => Path.Combine(_dir, "test.db");

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }

    private async Task<(int Code, string Out, string Err)> RunAsync(string? stdin, params string[] args)
    {
        var o = new StringWriter();
        var e = new StringWriter();
        var code = await CliApp.RunAsync(["users", .. args, "--database", Db], o, e, stdin: new StringReader(stdin ?? ""));
        return (code, o.ToString(), e.ToString());
    }

    [Fact]
    public async Task Create_admin_reads_the_password_from_stdin_and_makes_a_confirmed_admin()
    {
        var (code, output, _) = await RunAsync("a long admin password\n", "create-admin", "--email", "Root@Example.org", "--handle", "boss", "--password-stdin");
        Assert.Equal(0, code);
        Assert.Contains("created admin boss <root@example.org>", output);
        Assert.DoesNotContain("a long admin password", output);

        var admin = (await new AccountStore(Database.Sqlite(Db)).FindByEmailAsync("root@example.org"))!;
        Assert.Equal((Role.Admin, true), (admin.Role, admin.IsConfirmed));
        Assert.Equal(Passwords.Result.Success, Passwords.Verify(admin.PasswordHash, "a long admin password"));

        var again = await RunAsync(null, "create-admin", "--email", "other@example.org", "--handle", "BOSS");
        Assert.Equal(1, again.Code);
        Assert.Contains("the handle \"BOSS\" is taken", again.Err);
    }

    [Fact]
    public async Task Without_stdin_a_password_is_generated_and_printed_once()
    {
        var (code, output, _) = await RunAsync(null, "create-admin", "--email", "x@example.org", "--handle", "xadmin");
        Assert.Equal(0, code);
        var password = System.Text.RegularExpressions.Regex.Match(output, "shown once, change it on the settings page\\): (\\S+)").Groups[1].Value;
        var admin = (await new AccountStore(Database.Sqlite(Db)).FindByEmailAsync("x@example.org"))!;
        Assert.Equal(Passwords.Result.Success, Passwords.Verify(admin.PasswordHash, password));
    }

    [Theory]
    [InlineData("name a sub-command: create-admin, set-role or list")]
    [InlineData("unknown sub-command \"drop\" (expected create-admin, set-role or list)", "drop")]
    [InlineData("--handle: name the account whose role to change", "set-role", "--role", "admin")]
    [InlineData("--role: choose user, moderator or admin", "set-role", "--handle", "someone")]
    [InlineData("--role: \"root\" is not a role (expected user, moderator or admin)", "set-role", "--handle", "someone", "--role", "root")]
    [InlineData("--role: \"boss\" is not a role (expected user, moderator or admin)", "list", "--role", "boss")]
    [InlineData("unexpected argument \"extra\"", "list", "extra")]
    [InlineData("--email: Enter your email address.", "create-admin", "--handle", "h")]
    [InlineData("--handle: Choose a user name.", "create-admin", "--email", "a@example.org")]
    [InlineData("--password-stdin: Use at least 10 characters for your password.", "create-admin", "--email", "a@example.org", "--handle", "abc", "--password-stdin")]
    public async Task Usage_errors_exit_2_with_the_reason(string message, params string[] args)
    {
        var (code, _, err) = await RunAsync("short\n", args);
        Assert.Equal(2, code);
        Assert.Contains(message, err);
    }

    private async Task<long> CreateAsync(string handle, Role role)
    {
        var db = Database.Sqlite(Db);
        await Migrator.MigrateAsync(db);
        return (await new AccountStore(db).CreateAsync(handle, handle + "@example.org", "pbkdf2-sha512$1$AAAA$AAAA", role, confirmed: true)).Id;
    }

    [Fact]
    public async Task Set_role_changes_a_role_ends_the_sessions_and_keeps_the_last_admin()
    {
        var root = await CreateAsync("root", Role.Admin);
        var ada = await CreateAsync("ada", Role.User);
        var store = new AccountStore(Database.Sqlite(Db));
        var stamp = (await store.FindByIdAsync(ada))!.SecurityStamp;

        var (code, output, _) = await RunAsync(null, "set-role", "--handle", "ADA", "--role", "Moderator");
        Assert.Equal(0, code);
        Assert.Contains("users: ada is now moderator (was user); their sessions were signed out", output);
        var after = (await store.FindByIdAsync(ada))!;
        Assert.Equal(Role.Moderator, after.Role);
        Assert.NotEqual(stamp, after.SecurityStamp);

        var same = await RunAsync(null, "set-role", "--handle", "ada", "--role", "moderator");
        Assert.Equal((0, true), (same.Code, same.Out.Contains("already is moderator; nothing changed")));

        var last = await RunAsync(null, "set-role", "--handle", "root", "--role", "user");
        Assert.Equal(1, last.Code);
        Assert.Contains("users: root is the last admin; make another account an admin first", last.Err);
        Assert.Equal(Role.Admin, (await store.FindByIdAsync(root))!.Role);

        // With a second admin, the first may step down.
        Assert.Equal(0, (await RunAsync(null, "set-role", "--handle", "ada", "--role", "admin")).Code);
        Assert.Equal(0, (await RunAsync(null, "set-role", "--handle", "root", "--role", "user")).Code);
        Assert.Equal(Role.User, (await store.FindByIdAsync(root))!.Role);

        var missing = await RunAsync(null, "set-role", "--handle", "nobody", "--role", "user");
        Assert.Equal((1, true), (missing.Code, missing.Err.Contains("there is no account with the handle \"nobody\"")));
        await using (var c = await Database.Sqlite(Db).OpenAsync())
            await Dapper.SqlMapper.ExecuteAsync(c, "INSERT INTO users (handle, created_at) VALUES ('hfperson', '2024-01-01T00:00:00.000Z')");
        var imported = await RunAsync(null, "set-role", "--handle", "hfperson", "--role", "moderator");
        Assert.Equal((1, true), (imported.Code, imported.Err.Contains("imported from Hugging Face")));
    }

    [Fact]
    public async Task List_prints_local_accounts_one_per_line_filtered_by_role()
    {
        await CreateAsync("root", Role.Admin);
        await CreateAsync("mod1", Role.Moderator);
        await CreateAsync("ada", Role.User);
        await using (var c = await Database.Sqlite(Db).OpenAsync())
            await Dapper.SqlMapper.ExecuteAsync(c, "INSERT INTO users (handle, created_at) VALUES ('hfperson', '2024-01-01T00:00:00.000Z')");

        var (code, output, err) = await RunAsync(null, "list");
        Assert.Equal(0, code);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("ID", lines[0]);
        Assert.Equal(["ada", "mod1", "root"], lines[1..].Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]).Order().ToArray());
        Assert.Matches(@"\broot\s+admin\s+yes\s+\d{4}-\d\d-\d\d\s+no\s+root@example.org", output);
        Assert.DoesNotContain("hfperson", output);
        Assert.Contains("users: 3 account(s)", err);

        var mods = await RunAsync(null, "list", "--role", "moderator");
        Assert.Equal(0, mods.Code);
        Assert.Contains("mod1", mods.Out);
        Assert.DoesNotContain("root", mods.Out);
        Assert.Contains("users: 1 account(s) with the role moderator", mods.Err);
    }
}
