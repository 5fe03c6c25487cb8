using Dapper;

namespace DailyPapers.Storage;

/// <summary>Small key/value state for jobs: harvest positions, first-start markers, index high-water marks.</summary>
public sealed class AppState(Database db, TimeProvider? clock = null)
{
    private readonly TimeProvider _clock = clock ?? TimeProvider.System;

    public async Task<string?> GetAsync(string key, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        return await c.ExecuteScalarAsync<string?>("SELECT value FROM app_state WHERE key = @key", new { key });
    }

    public async Task SetAsync(string key, string value, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        await c.ExecuteAsync("""
            INSERT INTO app_state (key, value, updated_at) VALUES (@key, @value, @now)
            ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at
            """, new { key, value, now = SqlTime.Ts(_clock.GetUtcNow()) });
    }

    public async Task DeleteAsync(string key, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        await c.ExecuteAsync("DELETE FROM app_state WHERE key = @key", new { key });
    }
}
