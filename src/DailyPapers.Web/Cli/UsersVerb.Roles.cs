using System.CommandLine;
using System.Globalization;
using DailyPapers.Community;
using DailyPapers.Storage;

namespace DailyPapers.Web.Cli;

/// <summary>
/// <c>users set-role --handle H --role user|moderator|admin</c>: the command-line twin of the /admin/users page,
/// with the same guard (the last admin keeps the role). <c>users list [--role R] [--search TEXT]</c>: the local
/// accounts, newest first, one per line.
/// </summary>
public sealed partial class UsersVerb
{
    /// <summary>Rows read per query while listing; the list itself is not cut.</summary>
    private const int ListBatch = 500;

    private async Task<int> SetRoleAsync(VerbContext cx)
    {
        var handle = cx.Value(_handle)?.Trim();
        if (string.IsNullOrEmpty(handle)) throw new CliUsageException("--handle: name the account whose role to change");
        var roleName = cx.Value(_role);
        if (roleName is null) throw new CliUsageException("--role: choose user, moderator or admin");
        var role = AccountStore.TryParseRole(roleName) ?? throw new CliUsageException($"--role: \"{roleName}\" is not a role (expected user, moderator or admin)");

        var accounts = cx.Service<AccountStore>();
        if (await accounts.FindByHandleAsync(handle, cx.Cancellation) is not { } account)
        {
            cx.Error.WriteLine($"users: there is no account with the handle \"{handle}\"");
            return 1;
        }
        var name = AccountStore.RoleName(role);
        switch (await accounts.ChangeRoleAsync(account.Id, role, cx.Cancellation))
        {
            case RoleChangeOutcome.Changed:
                cx.Out.WriteLine($"users: {account.Handle} is now {name} (was {AccountStore.RoleName(account.Role)}); their sessions were signed out");
                return 0;
            case RoleChangeOutcome.Unchanged:
                cx.Out.WriteLine($"users: {account.Handle} already is {name}; nothing changed");
                return 0;
            case RoleChangeOutcome.NotLocal:
                cx.Error.WriteLine($"users: \"{account.Handle}\" was imported from Hugging Face and cannot sign in here; only local accounts have roles");
                return 1;
            case RoleChangeOutcome.LastAdmin:
                cx.Error.WriteLine($"users: {account.Handle} is the last admin; make another account an admin first");
                return 1;
            default:
                cx.Error.WriteLine($"users: the account \"{handle}\" was deleted");
                return 1;
        }
    }

    private async Task<int> ListAsync(VerbContext cx)
    {
        Role? role = null;
        if (cx.Value(_role) is { } roleName)
            role = AccountStore.TryParseRole(roleName) ?? throw new CliUsageException($"--role: \"{roleName}\" is not a role (expected user, moderator or admin)");
        var search = cx.Value(_search);
        var accounts = cx.Service<AccountStore>();
        var now = cx.Clock.GetUtcNow();
        var shown = 0;
        int total;
        cx.Out.WriteLine($"{"ID",-8} {"HANDLE",-24} {"ROLE",-10} {"CONFIRMED",-10} {"CREATED",-11} {"LOCKED",-7} EMAIL");
        do
        {
            (var page, total) = await accounts.ListAsync(new AccountQuery(search, role, AccountOrigins.Local, shown, ListBatch), cx.Cancellation);
            foreach (var a in page)
            {
                var locked = a.LockedUntil is { } until && until > now ? "yes" : "no";
                cx.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{a.Id,-8} {a.Handle,-24} {AccountStore.RoleName(a.Role),-10} {(a.IsConfirmed ? "yes" : "no"),-10} {a.CreatedAt.UtcDateTime:yyyy-MM-dd}  {locked,-7} {a.Email}"));
            }
            shown += page.Count;
            if (page.Count == 0) break;
        } while (shown < total);
        cx.Error.WriteLine($"users: {shown} account(s){(role is { } r ? $" with the role {AccountStore.RoleName(r)}" : "")}{(search is null ? "" : $" matching \"{search}\"")}");
        return 0;
    }
}
