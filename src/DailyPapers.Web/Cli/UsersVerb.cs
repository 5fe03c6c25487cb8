using DailyPapers.Accounts;
using DailyPapers.Community;
using DailyPapers.Storage;

namespace DailyPapers.Web.Cli;

/// <summary>
/// <c>users create-admin --email E --handle H [--password-stdin]</c>: makes the first admin (confirmed, ready to
/// sign in), or makes an existing local account with that email an admin. Without --password-stdin a random
/// password is printed once. <c>users set-role</c> and <c>users list</c> are in <c>UsersVerb.Roles.cs</c>.
/// </summary>
public static partial class UsersVerb
{
    private const string SubCommands = "create-admin, set-role or list";

    public static async Task<int> RunAsync(CliContext cx)
    {
        if (cx.Positionals.Count == 0) throw new CliUsageException($"name a sub-command: {SubCommands}");
        if (cx.Positionals.Count > 1) throw new CliUsageException($"unexpected argument \"{cx.Positionals[1]}\"");
        return cx.Positionals[0] switch
        {
            "create-admin" => await CreateAdminAsync(cx),
            "set-role" => await SetRoleAsync(cx),
            "list" => await ListAsync(cx),
            var other => throw new CliUsageException($"unknown sub-command \"{other}\" (expected {SubCommands})"),
        };
    }

    private static async Task<int> CreateAdminAsync(CliContext cx)
    {
        var email = AccountRules.NormaliseEmail(cx.Option("--email"), out var emailProblem)
            ?? throw new CliUsageException($"--email: {emailProblem}");
        var accounts = new AccountStore(cx.Database, cx.Clock);

        if (await accounts.FindByEmailAsync(email, cx.Cancellation) is { IsLocal: true } existing)
        {
            await accounts.SetRoleAsync(existing.Id, Role.Admin, cx.Cancellation);
            await accounts.ConfirmEmailAsync(existing.Id, cx.Cancellation);
            cx.Out.WriteLine($"users: {existing.Handle} <{email}> is now an admin");
            return 0;
        }

        var handle = cx.Option("--handle")?.Trim();
        if (AccountRules.HandleProblem(handle) is { } handleProblem) throw new CliUsageException($"--handle: {handleProblem}");
        string password;
        var generated = !cx.Flag("--password-stdin");
        if (generated)
        {
            password = AccountRules.NewSecret()[..20];
        }
        else
        {
            password = (await cx.In.ReadLineAsync(cx.Cancellation) ?? "").TrimEnd('\r', '\n');
            if (AccountRules.PasswordProblem(password, email, handle) is { } problem) throw new CliUsageException($"--password-stdin: {problem}");
        }
        var created = await accounts.CreateAsync(handle!, email, Passwords.Hash(password), Role.Admin, confirmed: true, cx.Cancellation);
        switch (created.Outcome)
        {
            case CreateAccountOutcome.Created:
                cx.Out.WriteLine($"users: created admin {handle} <{email}> (id {created.Id})");
                if (generated) cx.Out.WriteLine($"users: password (shown once, change it on the settings page): {password}");
                return 0;
            case CreateAccountOutcome.HandleTakenByImportedUser:
                cx.Error.WriteLine($"users: the handle \"{handle}\" belongs to a Hugging Face user imported with the papers; choose another");
                return 1;
            case CreateAccountOutcome.HandleTaken:
                cx.Error.WriteLine($"users: the handle \"{handle}\" is taken by another account; choose another");
                return 1;
            default:
                cx.Error.WriteLine($"users: {email} belongs to a deleted or imported account; use another address");
                return 1;
        }
    }
}
