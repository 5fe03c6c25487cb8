using Dapper;

namespace DailyPapers.Storage;

/// <summary>One-time Dapper settings: snake_case columns map to PascalCase properties.</summary>
internal static class DapperSetup
{
    private static int _done;

    public static void Init()
    {
        if (Interlocked.Exchange(ref _done, 1) == 1) return;
        DefaultTypeMap.MatchNamesWithUnderscores = true;
    }
}
