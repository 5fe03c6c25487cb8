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
    [InlineData("name a sub-command: create-admin")]
    [InlineData("unknown sub-command \"drop\" (expected create-admin)", "drop")]
    [InlineData("--email: Enter your email address.", "create-admin", "--handle", "h")]
    [InlineData("--handle: Choose a user name.", "create-admin", "--email", "a@example.org")]
    [InlineData("--password-stdin: Use at least 10 characters for your password.", "create-admin", "--email", "a@example.org", "--handle", "abc", "--password-stdin")]
    public async Task Usage_errors_exit_2_with_the_reason(string message, params string[] args)
    {
        var (code, _, err) = await RunAsync("short\n", args);
        Assert.Equal(2, code);
        Assert.Contains(message, err);
    }
}
