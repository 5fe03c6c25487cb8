using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace DailyPapers.Storage.Backup;

/// <summary>
/// What a backup file holds, stored inside the file itself (table <see cref="SqliteBackup.ManifestTable"/>, one JSON
/// row) so a backup is one file an operator can copy, rotate and restore without a companion. Every count and
/// checksum is taken from the copy, so they describe exactly the state that was copied.
/// </summary>
public sealed record BackupManifest
{
    public const string CurrentFormat = "dailypapers-backup/1";

    public string Format { get; init; } = CurrentFormat;
    public DateTimeOffset CreatedAt { get; init; }
    /// <summary>The DailyPapers build that made the backup (its informational version).</summary>
    public string AppVersion { get; init; } = "";
    /// <summary>The newest migration in the copy's schema_version table.</summary>
    public int SchemaVersion { get; init; }
    public string SchemaName { get; init; } = "";
    /// <summary>The database file that was copied.</summary>
    public string Source { get; init; } = "";
    /// <summary>Every table of the copy (the manifest's own table and SQLite's internal ones aside), by name.</summary>
    public SortedDictionary<string, TableSummary> Tables { get; init; } = new(StringComparer.Ordinal);

    /// <summary>Rows and a SHA-256 over the table's rows in rowid order (see <see cref="DatabaseContent"/>).</summary>
    public sealed record TableSummary(long Rows, string Sha256);

    public string ToJson() => JsonSerializer.Serialize(this, Json.BackupManifest);

    // Read by people in a terminal, never embedded in HTML: "1.0.0+abc" rather than "1.0.0\u002Babc".
    private static readonly BackupJsonContext Json = new(new JsonSerializerOptions(BackupJsonContext.Default.Options)
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });

    /// <summary>Parses a manifest; a text that is not one throws <see cref="BackupException"/> naming <paramref name="where"/>.</summary>
    public static BackupManifest Parse(string json, string where)
    {
        try
        {
            return JsonSerializer.Deserialize(json, Json.BackupManifest)
                ?? throw new BackupException($"{where}: the backup manifest is empty");
        }
        catch (JsonException e)
        {
            throw new BackupException($"{where}: the backup manifest is not valid JSON ({e.Message})", e);
        }
    }
}

[JsonSourceGenerationOptions(WriteIndented = true, PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(BackupManifest))]
internal sealed partial class BackupJsonContext : JsonSerializerContext;

/// <summary>A backup or restore refused or failed; the message names the file and what to do.</summary>
public sealed class BackupException(string message, Exception? inner = null) : IOException(message, inner);
