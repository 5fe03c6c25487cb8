using DailyPapers.Storage;
using DailyPapers.Tests.Storage;
using Microsoft.Extensions.Time.Testing;

namespace DailyPapers.Tests.Accounts;

/// <summary>Issue 10, point 7: server-side sessions and token revocation in AccountStore, on both dialects.</summary>
public sealed class Issue10SessionStoreTests
{
    private const string Hash = "pbkdf2-sha512$1$AAAA$AAAA";
    private static readonly TimeSpan Idle = TimeSpan.FromDays(14);

    private static async Task<(AccountStore Store, FakeTimeProvider Clock, long Id)> AccountAsync(TestDatabase t)
    {
        var clock = new FakeTimeProvider(DateTimeOffset.Parse("2026-03-02T10:00:00Z"));
        var store = new AccountStore(t.Db, clock);
        var id = (await store.CreateAsync("ada", "ada@example.org", Hash, confirmed: true)).Id;
        return (store, clock, id);
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Dialects), MemberType = typeof(TestDatabase))]
    public async Task A_session_is_found_until_it_is_ended_and_ending_one_keeps_the_others(string dialect)
    {
        await using var t = await TestDatabase.CreateAsync(dialect);
        var (store, _, id) = await AccountAsync(t);
        var changed = new List<long>();
        store.SessionsChanged = changed.Add;
        var laptop = await store.StartSessionAsync(id, Idle);
        var phone = await store.StartSessionAsync(id, Idle);
        var stamp = (await store.FindByIdAsync(id))!.SecurityStamp;

        Assert.Equal(new SessionOwner(id, stamp), await store.FindSessionAsync(laptop, Idle));
        Assert.Equal(id, await store.EndSessionAsync(laptop));
        Assert.Null(await store.FindSessionAsync(laptop, Idle));
        Assert.Null(await store.EndSessionAsync(laptop)); // twice is harmless
        Assert.NotNull(await store.FindSessionAsync(phone, Idle));
        Assert.Equal([id], changed);
        Assert.Null(await store.FindSessionAsync("not-a-session", Idle));
        Assert.Null(await store.FindSessionAsync(null, Idle));
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Dialects), MemberType = typeof(TestDatabase))]
    public async Task A_password_change_ends_every_session_and_deletion_too(string dialect)
    {
        await using var t = await TestDatabase.CreateAsync(dialect);
        var (store, _, id) = await AccountAsync(t);
        var changed = new List<long>();
        store.SessionsChanged = changed.Add;
        var a = await store.StartSessionAsync(id, Idle);
        await store.StartSessionAsync(id, Idle);
        Assert.Equal(2, await store.CountSessionsAsync(id));

        await store.SetPasswordAsync(id, Hash);
        Assert.Null(await store.FindSessionAsync(a, Idle));
        Assert.Equal(0, await store.CountSessionsAsync(id));
        Assert.Equal([id], changed);

        var b = await store.StartSessionAsync(id, Idle);
        Assert.Equal(1, await store.EndAllSessionsAsync(id));
        Assert.Null(await store.FindSessionAsync(b, Idle));

        var c = await store.StartSessionAsync(id, Idle);
        await store.DeleteAsync(id);
        Assert.Null(await store.FindSessionAsync(c, Idle));
        Assert.Equal(0, await store.CountSessionsAsync(id));
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Dialects), MemberType = typeof(TestDatabase))]
    public async Task Idle_sessions_expire_and_use_keeps_a_session_alive(string dialect)
    {
        await using var t = await TestDatabase.CreateAsync(dialect);
        var (store, clock, id) = await AccountAsync(t);
        var used = await store.StartSessionAsync(id, Idle);
        var left = await store.StartSessionAsync(id, Idle);

        clock.Advance(TimeSpan.FromDays(10));
        Assert.NotNull(await store.FindSessionAsync(used, Idle)); // records the use (older than the touch resolution)
        clock.Advance(TimeSpan.FromDays(5));
        Assert.NotNull(await store.FindSessionAsync(used, Idle));
        Assert.Null(await store.FindSessionAsync(left, Idle));
        // A new sign-in sweeps the account's idle rows.
        await store.StartSessionAsync(id, Idle);
        Assert.Equal(2, await store.CountSessionsAsync(id));
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Dialects), MemberType = typeof(TestDatabase))]
    public async Task Revoking_all_api_tokens_stops_each_of_them(string dialect)
    {
        await using var t = await TestDatabase.CreateAsync(dialect);
        var (store, _, id) = await AccountAsync(t);
        var (one, _) = await store.CreateApiTokenAsync(id, "one");
        var (two, info) = await store.CreateApiTokenAsync(id, "two");
        Assert.True(await store.RevokeApiTokenAsync(id, info.Id));
        Assert.Equal(1, await store.RevokeAllApiTokensAsync(id)); // the one still active
        Assert.Null(await store.AuthenticateApiTokenAsync(one));
        Assert.Null(await store.AuthenticateApiTokenAsync(two));
        Assert.All(await store.ListApiTokensAsync(id), tok => Assert.NotNull(tok.RevokedAt));
    }
}
