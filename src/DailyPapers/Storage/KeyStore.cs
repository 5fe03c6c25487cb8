using Dapper;

namespace DailyPapers.Storage;

/// <summary>Named XML key documents shared by all nodes (the web host's Data Protection key ring).</summary>
public sealed class KeyStore(Database db, TimeProvider? clock = null)
{
    private readonly TimeProvider _clock = clock ?? TimeProvider.System;

    public IReadOnlyList<string> GetAll()
    {
        // Data Protection's repository interface is synchronous; it is called rarely (key ring refresh).
        using var c = db.OpenAsync().GetAwaiter().GetResult();
        return c.Query<string>("SELECT xml FROM data_protection_keys ORDER BY id").AsList();
    }

    public void Store(string friendlyName, string xml)
    {
        using var c = db.OpenAsync().GetAwaiter().GetResult();
        c.Execute("""
            INSERT INTO data_protection_keys (friendly_name, xml, created_at) VALUES (@friendlyName, @xml, @now)
            ON CONFLICT (friendly_name) DO NOTHING
            """, new { friendlyName, xml, now = SqlTime.Ts(_clock.GetUtcNow()) });
    }
}
