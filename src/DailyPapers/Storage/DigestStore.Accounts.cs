using DailyPapers.Digests;
using Dapper;

namespace DailyPapers.Storage;

// A signed-in user's own subscription, managed from /account/digest. Their account address is already confirmed,
// so it is subscribed directly (no double opt-in) and linked to the user: alerts go to the row linked to them.
public sealed partial class DigestStore
{
    /// <summary>
    /// The subscriber row linked to a user: the confirmed one if any, else the newest (an unsubscribed or bounced
    /// row still says what happened to the address). Null when the user never subscribed.
    /// </summary>
    public async Task<Subscriber?> ForUserAsync(long userId, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        return await c.QueryFirstOrDefaultAsync<Subscriber>($"""
            SELECT {SubscriberColumns} FROM digest_subscribers WHERE user_id = @userId
            ORDER BY CASE status WHEN 'confirmed' THEN 0 WHEN 'pending' THEN 1 ELSE 2 END, id DESC LIMIT 1
            """, new { userId });
    }

    /// <summary>
    /// Subscribes a user's confirmed account address with a cadence (or changes the cadence), confirmed at once and
    /// linked to the user. Rows linked to the user under another address (an address they changed since) are
    /// unsubscribed and unlinked, so one user's alerts go to one mailbox.
    /// </summary>
    public async Task<Subscriber> SubscribeAccountAsync(long userId, string normalizedEmail, Cadence cadence, CancellationToken ct = default)
    {
        var now = SqlTime.Ts(_clock.GetUtcNow());
        await using var c = await db.OpenAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        await c.ExecuteAsync("""
            UPDATE digest_subscribers SET user_id = NULL,
                status = CASE WHEN status IN ('pending', 'confirmed') THEN 'unsubscribed' ELSE status END,
                unsubscribed_at = CASE WHEN status IN ('pending', 'confirmed') THEN @now ELSE unsubscribed_at END
            WHERE user_id = @userId AND email <> @email
            """, new { userId, email = normalizedEmail, now }, tx);
        var s = await c.QuerySingleAsync<Subscriber>($"""
            INSERT INTO digest_subscribers (email, cadence, status, user_id, created_at, confirmed_at)
            VALUES (@email, @cadence, 'confirmed', @userId, @now, @now)
            ON CONFLICT (email) DO UPDATE SET cadence = excluded.cadence, status = 'confirmed', user_id = excluded.user_id,
                confirmed_at = CASE WHEN digest_subscribers.status = 'confirmed' THEN digest_subscribers.confirmed_at ELSE excluded.confirmed_at END,
                unsubscribed_at = NULL, bounced_at = NULL, bounce_reason = NULL
            RETURNING {SubscriberColumns}
            """, new { email = normalizedEmail, cadence = Name(cadence), userId, now }, tx);
        await tx.CommitAsync(ct);
        return s;
    }

    /// <summary>Unsubscribes every row linked to the user (they stay linked, so the settings page can say so). Returns how many changed.</summary>
    public async Task<int> UnsubscribeAccountAsync(long userId, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        return await c.ExecuteAsync("""
            UPDATE digest_subscribers SET status = 'unsubscribed', unsubscribed_at = @now
            WHERE user_id = @userId AND status IN ('pending', 'confirmed')
            """, new { userId, now = SqlTime.Ts(_clock.GetUtcNow()) });
    }

    /// <summary>One user's alerts, oldest first.</summary>
    public Task<IReadOnlyList<DigestAlert>> AlertsOfAsync(long userId, CancellationToken ct = default) => AlertsAsync([userId], ct);

    /// <summary>Changes where an alert's matches go; false when the alert is not this user's.</summary>
    public async Task<bool> SetAlertDeliveryAsync(long userId, long alertId, AlertDelivery delivery, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        return await c.ExecuteAsync("UPDATE digest_alerts SET delivery = @delivery WHERE id = @alertId AND user_id = @userId",
            new { userId, alertId, delivery = delivery.ToString().ToLowerInvariant() }) > 0;
    }
}
