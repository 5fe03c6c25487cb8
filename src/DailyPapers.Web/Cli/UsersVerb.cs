using System.CommandLine;
using DailyPapers.Accounts;
using DailyPapers.Community;
using DailyPapers.Storage;

namespace DailyPapers.Web.Cli;

/// <summary>
/// <c>users create-admin --email E --handle H [--password-stdin]</c>: makes the first admin (confirmed, ready to
/// sign in), or makes an existing local account with that email an admin. Without --password-stdin a random
/// password is printed once. <c>users set-role</c> and <c>users list</c> are in <c>UsersVerb.Roles.cs</c>.
/// </summary>
public sealed partial class UsersVerb : IVerb
{
    private const string SubCommands = "create-admin, set-role or list";

    private readonly Argument<string?> _action = new("action") { Description = SubCommands, Arity = ArgumentArity.ZeroOrOne };
    private readonly Option<string?> _email = CliOptions.Text("--email", "E", "create-admin: the admin's email address");
    private readonly Option<string?> _handle = CliOptions.Text("--handle", "H", "create-admin, set-role: the account's user name");
    private readonly Option<bool> _passwordStdin = CliOptions.Flag("--password-stdin", "create-admin: read the password from standard input (default: print a random one once)");
    private readonly Option<string?> _role = CliOptions.Text("--role", "user|moderator|admin", "set-role: the new role; list: only accounts with it");
    private readonly Option<string?> _search = CliOptions.Text("--search", "TEXT", "list: only accounts whose handle or email contains TEXT");

    public Command Define() => new("users", "create the first admin, change an account's role, or list the local accounts")
    {
        _action, _email, _handle, _passwordStdin, _role, _search,
    };

    public async Task<int> RunAsync(VerbContext cx) =>
        cx.Value(_action) switch
        {
            null => throw new CliUsageException($"name a sub-command: {SubCommands}"),
            "create-admin" => await CreateAdminAsync(cx),
            "set-role" => await SetRoleAsync(cx),
            "list" => await ListAsync(cx),
            var other => throw new CliUsageException($"unknown sub-command \"{other}\" (expected {SubCommands})"),
        };

    private async Task<int> CreateAdminAsync(VerbContext cx)
    {
        var email = AccountRules.NormaliseEmail(cx.Value(_email), out var emailProblem)
            ?? throw new CliUsageException($"--email: {emailProblem}");
        var accounts = cx.Service<AccountStore>();

        if (await accounts.FindByEmailAsync(email, cx.Cancellation) is { IsLocal: true } existing)
        {
            await accounts.SetRoleAsync(existing.Id, Role.Admin, cx.Cancellation);
            await accounts.ConfirmEmailAsync(existing.Id, cx.Cancellation);
            cx.Out.WriteLine($"users: {existing.Handle} <{email}> is now an admin");
            return 0;
        }

        var handle = cx.Value(_handle)?.Trim();
        if (AccountRules.HandleProblem(handle) is { } handleProblem) throw new CliUsageException($"--handle: {handleProblem}");
        string password;
        var generated = !cx.Value(_passwordStdin);
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
