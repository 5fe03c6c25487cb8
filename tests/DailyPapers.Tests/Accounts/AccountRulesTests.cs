using DailyPapers.Accounts;

namespace DailyPapers.Tests.Accounts;

public sealed class AccountRulesTests
{
    [Theory]
    [InlineData("Ada@Example.ORG", "ada@example.org")]
    [InlineData("  bob@example.org ", "bob@example.org")]
    [InlineData("", null)]
    [InlineData("bob", null)]
    [InlineData("bob@localhost", null)]
    [InlineData("Bob <bob@example.org>", null)]
    [InlineData("a@b.c@d.org", null)]
    public void Emails_are_trimmed_and_lower_cased_or_refused(string input, string? expected)
    {
        var got = AccountRules.NormaliseEmail(input, out var error);
        Assert.Equal(expected, got);
        Assert.Equal(expected is null, error is not null);
    }

    [Theory]
    [InlineData("ada", true)]
    [InlineData("Ada_Lovelace-2", true)]
    [InlineData("a", true)]
    [InlineData("-ada", false)]
    [InlineData("ada-", false)]
    [InlineData("ada lovelace", false)]
    [InlineData("Admin", false)]
    [InlineData("deleted-12", false)]
    [InlineData("ädä", false)]
    [InlineData("a234567890123456789012345678901234567890", false)]
    public void Handles(string handle, bool ok) => Assert.Equal(ok, AccountRules.HandleProblem(handle) is null);

    [Theory]
    [InlineData("correct horse battery", true)]
    [InlineData("short", false)]
    [InlineData("aaaaaaaaaaaa", false)]
    [InlineData("ada@example.org", false)]
    public void Passwords_must_be_long_varied_and_not_the_email(string password, bool ok) =>
        Assert.Equal(ok, AccountRules.PasswordProblem(password, "ada@example.org", "ada") is null);

    [Fact]
    public void Password_hashes_verify_only_the_right_password_and_are_salted()
    {
        var a = Passwords.Hash("correct horse battery");
        Assert.StartsWith($"pbkdf2-sha512${Passwords.Iterations}$", a);
        Assert.NotEqual(a, Passwords.Hash("correct horse battery"));
        Assert.Equal(Passwords.Result.Success, Passwords.Verify(a, "correct horse battery"));
        Assert.Equal(Passwords.Result.Failed, Passwords.Verify(a, "correct horse batterY"));
        Assert.Equal(Passwords.Result.Failed, Passwords.Verify(null, "anything"));
        Assert.Equal(Passwords.Result.Failed, Passwords.Verify("md5$abc", "anything"));
        Assert.Equal(Passwords.Result.Failed, Passwords.Verify("pbkdf2-sha512$x$!!$!!", "anything"));
    }

    [Fact]
    public void Hashes_with_fewer_iterations_still_verify_and_ask_for_a_rehash()
    {
        var salt = new byte[16];
        var key = System.Security.Cryptography.Rfc2898DeriveBytes.Pbkdf2("old password!", salt, 1000, System.Security.Cryptography.HashAlgorithmName.SHA512, 32);
        var stored = $"pbkdf2-sha512$1000${Convert.ToBase64String(salt)}${Convert.ToBase64String(key)}";
        Assert.Equal(Passwords.Result.SuccessRehashNeeded, Passwords.Verify(stored, "old password!"));
    }

    [Fact]
    public void Secrets_are_url_safe_and_distinct()
    {
        var a = AccountRules.NewSecret();
        Assert.Equal(43, a.Length);
        Assert.Matches("^[A-Za-z0-9_-]+$", a);
        Assert.NotEqual(a, AccountRules.NewSecret());
        Assert.Equal(64, AccountRules.HashToken(a).Length);
    }
}
