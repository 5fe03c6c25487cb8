using System.Text.Json;

namespace DailyPapers.Storage;

/// <summary>A list of strings stored as a JSON array in one text column.</summary>
internal static class JsonList
{
    public static string Write(IReadOnlyList<string> list) => JsonSerializer.Serialize(list);
    public static IReadOnlyList<string> Read(string? json) =>
        string.IsNullOrEmpty(json) || json == "[]" ? [] : JsonSerializer.Deserialize<List<string>>(json) ?? [];
}
