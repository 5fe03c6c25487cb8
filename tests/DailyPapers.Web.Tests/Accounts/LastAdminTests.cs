using System.Net;
using DailyPapers.Accounts;
using DailyPapers.Community;
using DailyPapers.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace DailyPapers.Web.Tests.Accounts;

/// <summary>The site never ends up without an admin through the settings page's "delete my account".</summary>
public sealed class LastAdminTests : IAsyncLifetime
{
    private readonly AccountsApp _app = new();
    public Task InitializeAsync() => _app.InitializeAsync();
    public Task DisposeAsync() => _app.DisposeAsync();

    private async Task<(HttpClient Client, string Handle)> AdminAsync()
    {
        var handle = AccountsApp.NewHandle();
        var created = await _app.Factory.Services.GetRequiredService<AccountStore>()
            .CreateAsync(handle, handle + "@example.org", Passwords.Hash(AccountsApp.Password), Role.Admin, confirmed: true);
        Assert.Equal(CreateAccountOutcome.Created, created.Outcome);
        var client = _app.Client();
        Assert.Equal(HttpStatusCode.Redirect, (await AccountsApp.SignInAsync(client, handle + "@example.org", AccountsApp.Password)).StatusCode);
        return (client, handle);
    }

    private static Task<HttpResponseMessage> DeleteAsync(HttpClient client, string handle) =>
        AccountsApp.PostFormAsync(client, "/account/settings", new Dictionary<string, string>
        {
            ["ConfirmHandle"] = handle, ["CurrentPassword"] = AccountsApp.Password,
        }, handler: "Delete");

    [Fact]
    public async Task The_only_admin_cannot_delete_their_account_until_there_is_another()
    {
        var (first, firstHandle) = await AdminAsync();
        var refused = await DeleteAsync(first, firstHandle);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("only admin", await refused.Content.ReadAsStringAsync());
        Assert.NotNull(await _app.Factory.Services.GetRequiredService<AccountStore>().FindByHandleAsync(firstHandle));

        await AdminAsync();
        var deleted = await DeleteAsync(first, firstHandle);
        Assert.Equal(HttpStatusCode.Redirect, deleted.StatusCode);
        Assert.Null(await _app.Factory.Services.GetRequiredService<AccountStore>().FindByHandleAsync(firstHandle));
    }
}
