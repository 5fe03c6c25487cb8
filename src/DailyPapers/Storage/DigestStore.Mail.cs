using DailyPapers.Mail;
using Dapper;

namespace DailyPapers.Storage;

/// <summary>A rendered mail to queue: account mail, a subscription confirmation, one notification.</summary>
public sealed record OutgoingMail(string Kind, MailPriority Priority, string To, string Subject, string Text, string? Html, string MessageId);

/// <summary>The outbox rows of mail that is not a digest: written with their text, sent by the one sender.</summary>
public sealed partial class DigestStore
{
    private const string InsertMail = """
        INSERT INTO digest_outbox (kind, priority, recipient, subject, body, body_html, message_id, status, attempts, next_attempt_at, created_at)
        VALUES (@Kind, @priority, @To, @Subject, @Text, @Html, @MessageId, 'queued', 0, @due, @now)
        """;

    /// <summary>Queues a mail, due now.</summary>
    public async Task EnqueueMailAsync(OutgoingMail mail, CancellationToken ct = default)
    {
        var now = SqlTime.Ts(_clock.GetUtcNow());
        await using var c = await db.OpenAsync(ct);
        await c.ExecuteAsync(new CommandDefinition(InsertMail, Args(mail, now, now), cancellationToken: ct));
    }

    /// <summary>
    /// Queues a notification, due when the person's last notification mail is <paramref name="window"/> old (now,
    /// if there was none). Rows due together are sent together, so what arrives within a window becomes one mail.
    /// </summary>
    public async Task EnqueueNotificationAsync(OutgoingMail mail, TimeSpan window, CancellationToken ct = default)
    {
        var now = _clock.GetUtcNow();
        var due = await LastNotificationSentAsync(mail.To, ct) is { } l && l + window > now ? l + window : now;
        await using var c = await db.OpenAsync(ct);
        await c.ExecuteAsync(new CommandDefinition(InsertMail, Args(mail, SqlTime.Ts(due), SqlTime.Ts(now)), cancellationToken: ct));
    }

    /// <summary>When the person's last notification mail was accepted, or null when there was none.</summary>
    public async Task<DateTimeOffset?> LastNotificationSentAsync(string recipient, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        return SqlTime.ParseTs(await c.ExecuteScalarAsync<string?>(new CommandDefinition(
            "SELECT MAX(sent_at) FROM digest_outbox WHERE recipient = @recipient AND kind = @kind AND status = 'sent'",
            new { recipient, kind = MailKind.Notification }, cancellationToken: ct)));
    }

    /// <summary>Moves the person's queued notifications to <paramref name="until"/> (no attempt is used up).</summary>
    public async Task PostponeNotificationsAsync(string recipient, DateTimeOffset until, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        await c.ExecuteAsync(new CommandDefinition(
            "UPDATE digest_outbox SET next_attempt_at = @until WHERE recipient = @recipient AND kind = @kind AND status = 'queued' AND next_attempt_at < @until",
            new { recipient, kind = MailKind.Notification, until = SqlTime.Ts(until) }, cancellationToken: ct));
    }

    private static object Args(OutgoingMail m, string? due, string? now) =>
        new { m.Kind, priority = (int)m.Priority, m.To, m.Subject, m.Text, m.Html, m.MessageId, due, now };

    /// <summary>One person's queued notifications that are due, oldest first: the sender sends them as one mail.</summary>
    public async Task<IReadOnlyList<OutboxRow>> DueNotificationsAsync(string recipient, int limit, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        return (await c.QueryAsync<OutboxRow>(new CommandDefinition("""
            SELECT id, kind, priority, message_id, attempts, recipient AS email, subject, body, body_html
            FROM digest_outbox
            WHERE recipient = @recipient AND kind = @kind AND status = 'queued' AND next_attempt_at <= @now
            ORDER BY id LIMIT @limit
            """, new { recipient, kind = MailKind.Notification, now = SqlTime.Ts(_clock.GetUtcNow()), limit }, cancellationToken: ct))).AsList();
    }

    /// <summary>The rows of one coalesced mail were accepted together: marked sent in one transaction.</summary>
    public async Task MarkSentAsync(IReadOnlyList<long> ids, CancellationToken ct = default)
    {
        var now = SqlTime.Ts(_clock.GetUtcNow());
        await using var c = await db.OpenAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        // One statement per row rather than IN @ids: Dapper expands lists on SQLite but sends an array to PostgreSQL.
        await c.ExecuteAsync(new CommandDefinition(
            "UPDATE digest_outbox SET status = 'sent', sent_at = @now, attempts = attempts + 1, last_error = NULL WHERE id = @id AND status = 'queued'",
            ids.Select(id => new { id, now }), tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
    }

    /// <summary>Queued mail that is not a digest or alert, optionally of one kind.</summary>
    public async Task<long> QueuedMailCountAsync(string? kind = null, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        return await c.ExecuteScalarAsync<long>(new CommandDefinition(
            $"SELECT COUNT(*) FROM digest_outbox WHERE status = 'queued' AND subscriber_id IS NULL {(kind is null ? "" : "AND kind = @kind")}",
            new { kind }, cancellationToken: ct));
    }
}
