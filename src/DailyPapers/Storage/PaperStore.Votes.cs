using System.Data.Common;
using Dapper;

namespace DailyPapers.Storage;

public sealed partial class PaperStore
{
    /// <summary>
    /// Recomputes upvotes from the HF snapshot plus the votes table, then the derived hotness, in the caller's
    /// transaction (which holds the paper row lock). Logs a change so search indexes pick up the new score.
    /// </summary>
    internal static async Task<(int Upvotes, double Hotness)> RecountVotesAsync(DbConnection c, DbTransaction tx, long paperId, string now)
    {
        await c.ExecuteAsync("""
            UPDATE papers SET upvotes = hf_upvotes + (SELECT COUNT(*) FROM votes WHERE paper_id = @paperId), modified_at = @now
            WHERE id = @paperId
            """, new { paperId, now }, tx);
        await RecomputeCountersAsync(c, tx, paperId);
        await PaperChangeLog.AppendAsync(c, tx, paperId, now);
        return await c.QuerySingleAsync<(int, double)>("SELECT upvotes, hotness FROM papers WHERE id = @paperId", new { paperId }, tx);
    }
}
