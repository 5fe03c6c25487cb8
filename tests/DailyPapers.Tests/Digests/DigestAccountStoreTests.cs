using DailyPapers.Digests;
using DailyPapers.Storage;
using DailyPapers.Tests.Storage;

namespace DailyPapers.Tests.Digests;

/// <summary>A signed-in user's own subscription and alert delivery (what /account/digest calls), on SQLite and PostgreSQL.</summary>
public sealed class DigestAccountStoreTests
{
    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Dialects), MemberType = typeof(TestDatabase))]
    public async Task An_account_subscribes_directly_moves_address_and_unsubscribes(string dialect)
    {
        await using var t = await TestDatabase.CreateAsync(dialect);
        var store = new DigestStore(t.Db);
        var (ada, bob) = await store.AddUsersAsync(["ada", "bob"]) is [var a, var b] ? (a, b) : throw new InvalidOperationException();
        Assert.Null(await store.ForUserAsync(ada));

        // The account address was on the list already (subscribed by hand): subscribing from the account links it.
        await store.ImportConfirmedAsync([("ada@example.org", Cadence.Daily, null)]);
        var first = (await store.FindAsync("ada@example.org"))!;
        var s = await store.SubscribeAccountAsync(ada, "ada@example.org", Cadence.Weekly);
        Assert.Equal((first.Id, "confirmed", "weekly", (long?)ada), (s.Id, s.Status, s.Cadence, s.UserId));
        Assert.Equal(s.Id, (await store.ForUserAsync(ada))!.Id);

        // A new account address: the old row is unsubscribed and unlinked, so alerts go to one mailbox.
        var moved = await store.SubscribeAccountAsync(ada, "ada@new.example.org", Cadence.Daily);
        Assert.NotEqual(s.Id, moved.Id);
        var old = (await store.GetAsync(s.Id))!;
        Assert.Equal(("unsubscribed", (long?)null), (old.Status, old.UserId));
        Assert.Equal(moved.Id, (await store.ForUserAsync(ada))!.Id);
        Assert.Null(await store.ForUserAsync(bob));

        Assert.Equal(1, await store.UnsubscribeAccountAsync(ada));
        Assert.Equal(0, await store.UnsubscribeAccountAsync(ada));
        var after = (await store.ForUserAsync(ada))!;
        Assert.Equal(("unsubscribed", (long?)ada), (after.Status, after.UserId)); // still linked: the page can say so
        Assert.Empty(await store.ConfirmedAsync(Cadence.Daily, 0, 10));
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Dialects), MemberType = typeof(TestDatabase))]
    public async Task Only_the_owner_changes_or_deletes_an_alert(string dialect)
    {
        await using var t = await TestDatabase.CreateAsync(dialect);
        var store = new DigestStore(t.Db);
        var (ada, bob) = await store.AddUsersAsync(["ada", "bob"]) is [var a, var b] ? (a, b) : throw new InvalidOperationException();
        var id = await store.AddAlertAsync(ada, AlertKind.Author, "Ada Lovelace", AlertDelivery.Digest);

        Assert.False(await store.SetAlertDeliveryAsync(bob, id, AlertDelivery.Own));
        Assert.False(await store.DeleteAlertAsync(bob, id));
        Assert.Equal(AlertDelivery.Digest, (await store.AlertsOfAsync(ada)).Single().Delivery);
        Assert.True(await store.SetAlertDeliveryAsync(ada, id, AlertDelivery.Own));
        Assert.Equal(AlertDelivery.Own, (await store.AlertsOfAsync(ada)).Single().Delivery);
        Assert.True(await store.DeleteAlertAsync(ada, id));
        Assert.Empty(await store.AlertsOfAsync(ada));
    }
}
