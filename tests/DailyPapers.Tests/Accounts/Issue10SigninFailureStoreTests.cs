using DailyPapers.Accounts;
using DailyPapers.Storage;
using DailyPapers.Tests.Storage;
using Microsoft.Extensions.Time.Testing;

namespace DailyPapers.Tests.Accounts;

/// <summary>Issue 10, point 6: failed password checks per (account, client address), on both dialects.</summary>
public sealed class Issue10SigninFailureStoreTests
{
    private static readonly SigninBackoff Backoff = new(2, TimeSpan.FromSeconds(10), TimeSpan.FromMinutes(15));
    private const string Account = "email:abc";

    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Dialects), MemberType = typeof(TestDatabase))]
    public async Task Failures_beyond_the_free_ones_block_that_client_only_with_a_growing_wait(string dialect)
    {
        await using var t = await TestDatabase.CreateAsync(dialect);
        var clock = new FakeTimeProvider(DateTimeOffset.Parse("2026-03-02T10:00:00Z"));
        var store = new AccountStore(t.Db, clock);

        Assert.Equal(new SigninFailures(1, null), await store.RecordSigninFailureAsync(Account, "ip:198.51.100.1", Backoff));
        Assert.Equal(new SigninFailures(2, null), await store.RecordSigninFailureAsync(Account, "ip:198.51.100.1", Backoff));
        Assert.Null(await store.SigninBlockedUntilAsync(Account, "ip:198.51.100.1"));
        var third = await store.RecordSigninFailureAsync(Account, "ip:198.51.100.1", Backoff);
        Assert.Equal(new SigninFailures(3, clock.GetUtcNow().AddSeconds(10)), third);
        Assert.Equal(third.BlockedUntil, await store.SigninBlockedUntilAsync(Account, "ip:198.51.100.1"));
        // Another address, and the same address against another account, are not slowed down.
        Assert.Null(await store.SigninBlockedUntilAsync(Account, "ip:198.51.100.2"));
        Assert.Null(await store.SigninBlockedUntilAsync("email:other", "ip:198.51.100.1"));

        clock.Advance(TimeSpan.FromSeconds(10));
        Assert.Null(await store.SigninBlockedUntilAsync(Account, "ip:198.51.100.1"));
        Assert.Equal(new SigninFailures(4, clock.GetUtcNow().AddSeconds(20)), await store.RecordSigninFailureAsync(Account, "ip:198.51.100.1", Backoff));

        // The right password clears the pair.
        await store.ClearSigninFailuresAsync(Account, "ip:198.51.100.1");
        Assert.Null(await store.SigninBlockedUntilAsync(Account, "ip:198.51.100.1"));
        Assert.Equal(new SigninFailures(1, null), await store.RecordSigninFailureAsync(Account, "ip:198.51.100.1", Backoff));
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Dialects), MemberType = typeof(TestDatabase))]
    public async Task Failures_are_forgotten_a_day_after_the_last_one(string dialect)
    {
        await using var t = await TestDatabase.CreateAsync(dialect);
        var clock = new FakeTimeProvider(DateTimeOffset.Parse("2026-03-02T10:00:00Z"));
        var store = new AccountStore(t.Db, clock);
        for (var i = 0; i < 5; i++) await store.RecordSigninFailureAsync(Account, "ip:198.51.100.1", Backoff);

        clock.Advance(SigninBackoff.Memory + TimeSpan.FromSeconds(1));
        Assert.Equal(new SigninFailures(1, null), await store.RecordSigninFailureAsync(Account, "ip:198.51.100.1", Backoff));
    }
}
