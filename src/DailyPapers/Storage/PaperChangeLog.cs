using System.Data.Common;
using Dapper;

namespace DailyPapers.Storage;

/// <summary>
/// The change log every node's search index follows (<see cref="Search.IndexFollower"/>): one row per change of a
/// paper, written inside the transaction of the change, so a committed change is never missed by an index and a
/// rolled-back one never seen. Imports write the same rows in bulk (<c>ImportWriter</c>, <c>BulkPaperWriter</c>).
/// </summary>
internal static class PaperChangeLog
{
    public static Task AppendAsync(DbConnection c, DbTransaction tx, long paperId, string now) =>
        c.ExecuteAsync("INSERT INTO paper_changes (paper_id, changed_at) VALUES (@paperId, @now)", new { paperId, now }, tx);
}
