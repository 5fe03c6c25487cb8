using DailyPapers.Digests;
using DailyPapers.Storage;
using DailyPapers.Tests.Storage;
using Microsoft.Extensions.Time.Testing;

namespace DailyPapers.Tests.Digests;

/// <summary>Subscriber and outbox state transitions, on SQLite and PostgreSQL.</summary>
public sealed class DigestStoreTests
{
    private static readonly DigestPeriod Monday = DigestPeriod.Parse("daily:2025-06-16");

    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Dialects), MemberType = typeof(TestDatabase))]
    public async Task Subscribe_confirm_unsubscribe_and_the_resend_window(string dialect)
    {
        await using var t = await TestDatabase.CreateAsync(dialect);
        var clock = new FakeTimeProvider(DateTimeOffset.Parse("2025-06-16T10:00:00Z"));
        var store = new DigestStore(t.Db, clock);
        var window = TimeSpan.FromMinutes(10);

        var (s, send) = await store.SubscribeAsync("reader@example.org", Cadence.Daily, window);
        Assert.True(send);
        Assert.Equal("pending", s.Status);
        (_, send) = await store.SubscribeAsync("reader@example.org", Cadence.Weekly, window);
        Assert.False(send); // a second request within the window sends no second mail
        clock.Advance(TimeSpan.FromMinutes(11));
        (s, send) = await store.SubscribeAsync("reader@example.org", Cadence.Weekly, window);
        Assert.True(send);
        Assert.Equal("weekly", s.Cadence);

        Assert.Equal("confirmed", (await store.ConfirmAsync(s.Id))!.Status);
        clock.Advance(TimeSpan.FromHours(1));
        (_, send) = await store.SubscribeAsync("reader@example.org", Cadence.Daily, window);
        Assert.False(send); // confirmed readers get no mail from the form
        Assert.Equal("weekly", (await store.GetAsync(s.Id))!.Cadence);

        Assert.Equal("unsubscribed", (await store.UnsubscribeAsync(s.Id))!.Status);
        Assert.Equal("unsubscribed", (await store.ConfirmAsync(s.Id))!.Status); // an old confirmation link cannot re-subscribe
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Dialects), MemberType = typeof(TestDatabase))]
    public async Task The_outbox_holds_one_row_per_subscriber_period_and_kind(string dialect)
    {
        await using var t = await TestDatabase.CreateAsync(dialect);
        var store = new DigestStore(t.Db);
        await store.ImportConfirmedAsync([("a@example.org", Cadence.Daily, null), ("b@example.org", Cadence.Daily, null)]);
        var subs = await store.ConfirmedAsync(Cadence.Daily, 0, 10);
        OutboxEntry Row(long id, string kind = "digest") => new(id, Monday.Key, kind, Guid.NewGuid().ToString("N") + "@t", null);

        Assert.Equal(2, await store.EnqueueAsync([Row(subs[0].Id), Row(subs[1].Id)]));
        Assert.Equal(1, await store.EnqueueAsync([Row(subs[0].Id), Row(subs[0].Id, "alerts")])); // the digest exists, the alert mail is new
        Assert.Equal(0, await store.EnqueueAsync([Row(subs[1].Id)]));
        Assert.Equal(3, (await store.OutboxCountsAsync(Monday.Key))["queued"]);
        Assert.Equal(subs[1].Id, await store.BuiltUpToAsync(Monday.Key));
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Dialects), MemberType = typeof(TestDatabase))]
    public async Task Outbox_rows_move_from_queued_to_sent_retry_failed_bounced_and_dropped(string dialect)
    {
        await using var t = await TestDatabase.CreateAsync(dialect);
        var clock = new FakeTimeProvider(DateTimeOffset.Parse("2025-06-17T07:00:00Z"));
        var store = new DigestStore(t.Db, clock);
        var emails = new[] { "sent@example.org", "retry@example.org", "fail@example.org", "bounce@example.org", "left@example.org" };
        await store.ImportConfirmedAsync(emails.Select(e => (e, Cadence.Daily, (long?)null)));
        var subs = (await store.ConfirmedAsync(Cadence.Daily, 0, 10)).ToDictionary(s => s.Email);
        await store.EnqueueAsync(emails.Select(e => new OutboxEntry(subs[e].Id, Monday.Key, "digest", e + ".id@t", null)).ToList());
        var due = (await store.DueAsync(0, 100)).ToDictionary(r => r.Email);
        Assert.Equal(5, due.Count);

        await store.MarkSentAsync(due["sent@example.org"].Id);
        await store.MarkSentAsync(due["sent@example.org"].Id); // idempotent
        await store.MarkRetryAsync(due["retry@example.org"].Id, clock.GetUtcNow().AddMinutes(2), "451 try later");
        await store.MarkRetryAsync(due["fail@example.org"].Id, null, "451 again and again");
        await store.MarkBouncedAsync(due["bounce@example.org"].Id, subs["bounce@example.org"].Id, "550 no such user");
        await store.UnsubscribeAsync(subs["left@example.org"].Id);
        Assert.Equal(1, await store.DropUndeliverableAsync());

        Assert.Empty(await store.DueAsync(0, 100)); // the retry is not due yet
        clock.Advance(TimeSpan.FromMinutes(3));
        Assert.Equal(["retry@example.org"], (await store.DueAsync(0, 100)).Select(r => r.Email));
        Assert.Equal(1, (await store.DueAsync(0, 100)).Single().Attempts);
        var counts = await store.OutboxCountsAsync();
        Assert.Equal(1, counts["sent"]);
        Assert.Equal(1, counts["queued"]);
        Assert.Equal(2, counts["failed"]);
        Assert.Equal(1, counts["dropped"]);
        Assert.Equal("bounced", (await store.GetAsync(subs["bounce@example.org"].Id))!.Status);
        Assert.Empty(await store.ConfirmedAsync(Cadence.Daily, subs["bounce@example.org"].Id - 1, 1, "bounce@example.org"));
    }
}
