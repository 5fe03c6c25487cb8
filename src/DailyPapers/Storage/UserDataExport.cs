using System.Data.Common;
using System.Text.Json.Nodes;
using Dapper;

namespace DailyPapers.Storage;

/// <summary>One named part of a user's data export, read with the user's id.</summary>
public sealed record ExportSection(string Name, Func<DbConnection, long, Task<JsonNode?>> Load);

/// <summary>
/// "Export my data": everything a user made, as one JSON object of named sections, in <see cref="Sections"/> order.
/// A table-shaped section is one SQL query (<see cref="Rows"/>) whose column names become the JSON keys; a new
/// kind of user content is one more line in <see cref="Sections"/>.
/// </summary>
public sealed class UserDataExport(Database db, TimeProvider? clock = null)
{
    static UserDataExport() => DapperSetup.Init();

    public const int FormatVersion = 1;

    public static readonly IReadOnlyList<ExportSection> Sections =
    [
        new("profile", ProfileAsync),
        Rows("votes", """
            SELECT p.arxiv_id, v.created_at AS voted_at FROM votes v JOIN papers p ON p.id = v.paper_id
            WHERE v.user_id = @userId ORDER BY v.created_at, p.arxiv_id
            """),
        Rows("submissions", """
            SELECT p.arxiv_id, e.feed_date, e.submitted_at FROM daily_entries e JOIN papers p ON p.id = e.paper_id
            WHERE e.submitted_by = @userId ORDER BY e.feed_date, p.arxiv_id
            """),
        new("collections", CollectionsAsync),
        Rows("comments", """
            SELECT c.id, p.arxiv_id, c.parent_id AS reply_to, c.body AS markdown, c.created_at, c.edited_at, c.deleted_at,
                   c.hidden_at, c.hidden_reason
            FROM comments c JOIN papers p ON p.id = c.paper_id
            WHERE c.user_id = @userId ORDER BY c.created_at, c.id
            """),
        Rows("authorship_claims", """
            SELECT p.arxiv_id, a.author_name, a.kind, a.status, a.hidden_from_profile, a.created_at, a.decided_at, a.reason
            FROM author_claims a JOIN papers p ON p.id = a.paper_id
            WHERE a.user_id = @userId ORDER BY a.created_at, a.id
            """),
        Rows("sign_in_providers", "SELECT provider, subject, created_at, last_used_at FROM external_logins WHERE user_id = @userId ORDER BY provider"),
    ];

    /// <summary>Builds the whole export for one user.</summary>
    public async Task<JsonObject> BuildAsync(long userId, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        var root = new JsonObject
        {
            ["format"] = "dailypapers-user-export",
            ["version"] = FormatVersion,
            ["exported_at"] = SqlTime.Ts((clock ?? TimeProvider.System).GetUtcNow()),
        };
        foreach (var s in Sections) root[s.Name] = await s.Load(c, userId);
        return root;
    }

    /// <summary>A section that is one query with a <c>@userId</c> parameter: an array of one object per row.</summary>
    public static ExportSection Rows(string name, string sql) => new(name, async (c, userId) => ToArray(await c.QueryAsync(sql, new { userId })));

    private static JsonArray ToArray(IEnumerable<dynamic> rows)
    {
        var array = new JsonArray();
        foreach (IDictionary<string, object?> row in rows)
        {
            var o = new JsonObject();
            foreach (var (k, v) in row) o[k] = Value(v);
            array.Add(o);
        }
        return array;
    }

    private static JsonNode? Value(object? v) => v switch
    {
        null or DBNull => null,
        string s => s,
        bool b => b,
        long l => l,
        int i => i,
        double d => d,
        decimal m => m,
        _ => Convert.ToString(v, System.Globalization.CultureInfo.InvariantCulture),
    };

    private static async Task<JsonNode?> ProfileAsync(DbConnection c, long userId)
    {
        var u = await c.QuerySingleOrDefaultAsync<(string Handle, string? FullName, string? Email, string CreatedAt)>(
            "SELECT handle, full_name, email, created_at FROM users WHERE id = @userId", new { userId });
        return new JsonObject { ["handle"] = u.Handle, ["full_name"] = u.FullName, ["email"] = u.Email, ["created_at"] = u.CreatedAt };
    }

    private static async Task<JsonNode?> CollectionsAsync(DbConnection c, long userId)
    {
        var collections = (await c.QueryAsync<CollectionRow>(
            "SELECT id, slug, title, description, is_private, created_at, updated_at FROM collections WHERE user_id = @userId ORDER BY created_at, id",
            new { userId })).AsList();
        var items = (await c.QueryAsync<(long CollectionId, string ArxivId, string Note, string AddedAt)>("""
            SELECT i.collection_id, p.arxiv_id, i.note, i.added_at FROM collection_items i
            JOIN collections c ON c.id = i.collection_id JOIN papers p ON p.id = i.paper_id
            WHERE c.user_id = @userId ORDER BY i.collection_id, i.position, i.added_at, p.arxiv_id
            """, new { userId })).ToLookup(i => i.CollectionId);
        var array = new JsonArray();
        foreach (var col in collections)
        {
            var list = new JsonArray();
            foreach (var i in items[col.Id]) list.Add(new JsonObject { ["arxiv_id"] = i.ArxivId, ["note"] = i.Note, ["added_at"] = i.AddedAt });
            array.Add(new JsonObject
            {
                ["slug"] = col.Slug, ["title"] = col.Title, ["description"] = col.Description, ["private"] = col.IsPrivate,
                ["created_at"] = col.CreatedAt, ["updated_at"] = col.UpdatedAt, ["items"] = list,
            });
        }
        return array;
    }

    private sealed class CollectionRow
    {
        public long Id { get; set; }
        public string Slug { get; set; } = "";
        public string Title { get; set; } = "";
        public string Description { get; set; } = "";
        public bool IsPrivate { get; set; }
        public string CreatedAt { get; set; } = "";
        public string UpdatedAt { get; set; } = "";
    }
}
