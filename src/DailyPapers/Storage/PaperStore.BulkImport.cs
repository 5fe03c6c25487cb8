using System.Data.Common;
using DailyPapers.Community;
using DailyPapers.Papers;
using DailyPapers.Ranking;

namespace DailyPapers.Storage;

public sealed partial class PaperStore
{
    /// <summary>
    /// Import batches write papers that are not stored yet through the dialect's bulk path (binary COPY on PostgreSQL,
    /// multi-row INSERTs on SQLite) instead of statement by statement; the rows are the same. Off: every record takes
    /// the merge path (tests compare the two).
    /// </summary>
    public bool BulkInsertNew { get; init; } = true;

    /// <summary>
    /// Writes the batch's papers that are not in <paramref name="stored"/> (the first record of each such arXiv id)
    /// with <see cref="BulkPaperWriter"/>, as the merge path would write them: same merge, same linked users and
    /// organisations looked up in the same order, same counters and hotness, one change-log row each. Adds them to
    /// <paramref name="stored"/> and <paramref name="storedEntries"/> so later records of the same paper in the batch
    /// merge into them. Returns the indexes of the records written.
    /// </summary>
    private async Task<HashSet<int>> BulkInsertNewAsync(DbConnection c, DbTransaction tx, IReadOnlyList<ImportRecord> batch,
        Dictionary<string, PaperView> stored, Dictionary<(long, DateOnly), DailyEntry> storedEntries, ImportOutcome[] outcomes,
        string now, Dictionary<string, long> users, Dictionary<string, long> orgs, CancellationToken ct)
    {
        var fresh = new HashSet<int>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < batch.Count; i++)
        {
            var id = batch[i].Paper.ArxivId;
            if (!stored.ContainsKey(id) && seen.Add(id)) fresh.Add(i);
        }
        if (fresh.Count == 0) return fresh;

        var writer = db.Dialect.BulkWriter(c, tx);
        var ids = await writer.ReserveIdsAsync(fresh.Count, ct);
        var rows = new List<NewPaperRow>(fresh.Count);
        var k = 0;
        foreach (var i in fresh.Order())
        {
            ct.ThrowIfCancellationRequested();
            var rec = batch[i];
            var paperId = ids[k++];
            var p = PaperMerge.Merge(null, rec.Paper, false);
            var orgId = p.Organization is null ? (long?)null : await OrgIdAsync(c, tx, p.Organization, now, orgs);
            var authorUsers = new long?[p.Authors.Count];
            for (var a = 0; a < p.Authors.Count; a++)
                if (p.Authors[a].User is { } u) authorUsers[a] = await UserIdAsync(c, tx, u, now, users);

            NewEntryRow? entry = null;
            var numComments = 0;
            string? firstFeatured = null;
            double hotness;
            if (rec.Entry is { } incoming)
            {
                var e = PaperMerge.MergeEntry(null, incoming with { ArxivId = p.ArxivId });
                // A local submission's submitter is an account, never looked up by handle (as in UpsertEntryAsync).
                var local = e.Source == SubmissionStore.Source;
                var submittedBy = e.SubmittedBy is null || local ? (long?)null : await UserIdAsync(c, tx, e.SubmittedBy, now, users);
                var entryOrg = e.Organization is null || local ? (long?)null : await OrgIdAsync(c, tx, e.Organization, now, orgs);
                entry = new NewEntryRow(e, submittedBy, entryOrg);
                // What RecomputeCountersSql derives from a paper's only entry.
                numComments = e.NumComments;
                firstFeatured = SqlTime.Ts(e.SubmittedAt) ?? SqlTime.Date(e.FeedDate) + "T00:00:00.000Z";
                hotness = HotnessOf(p.HfUpvotes ?? 0, numComments, firstFeatured, SqlTime.Ts(p.PublishedAt), now);
                storedEntries[(paperId, e.FeedDate)] = e;
            }
            else
            {
                // A paper without a feed entry ranks by its publication date (as in InsertPaperAsync).
                hotness = Hotness.Compute(p.HfUpvotes ?? 0, 0, p.PublishedAt ?? _clock.GetUtcNow());
            }
            rows.Add(new NewPaperRow(paperId, p, orgId, hotness, numComments, firstFeatured, authorUsers, entry));
            stored[p.ArxivId] = new PaperView(paperId, p, 0, 0, 0, null);
            outcomes[i] = ImportOutcome.New;
        }
        await writer.WriteAsync(rows, now, ct);
        return fresh;
    }
}
