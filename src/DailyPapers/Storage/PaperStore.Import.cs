using System.Data.Common;
using System.Text;
using System.Text.Json;
using DailyPapers.Community;
using DailyPapers.Papers;
using DailyPapers.Ranking;
using Dapper;

namespace DailyPapers.Storage;

public sealed partial class PaperStore
{
    /// <summary>
    /// Writes one batch in one transaction: papers not stored yet are written in bulk (<see cref="BulkInsertNew"/>),
    /// every other record is merged into what is stored (<see cref="PaperMerge"/>) and only what changed is written,
    /// so re-importing the same data reports every record unchanged.
    /// Returns one outcome per record, in order.
    /// </summary>
    public async Task<IReadOnlyList<ImportOutcome>> ImportBatchAsync(IReadOnlyList<ImportRecord> batch, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        if (db.Dialect.BulkWriteSettingsSql is { } settings)
        {
            await using var cmd = c.CreateCommand();
            cmd.CommandText = settings;
            await cmd.ExecuteNonQueryAsync(ct);
        }
        await using var tx = await c.BeginTransactionAsync(ct);
        var outcomes = await ImportBatchAsync(c, tx, batch, ct);
        await tx.CommitAsync(ct);
        return outcomes;
    }

    internal async Task<IReadOnlyList<ImportOutcome>> ImportBatchAsync(DbConnection c, DbTransaction tx, IReadOnlyList<ImportRecord> batch, CancellationToken ct)
    {
        var now = SqlTime.Ts(_clock.GetUtcNow())!;
        var ids = batch.Select(r => r.Paper.ArxivId).Distinct(StringComparer.Ordinal).ToList();
        var stored = await LoadByArxivIdsAsync(c, tx, ids);
        var storedEntries = await LoadEntriesAsync(c, tx, stored.Values.Select(v => v.Id).ToList());
        // Verifications made here (approved claims, admin assignments) outrank whatever the incoming data says.
        var local = await ClaimStore.LoadApprovedAsync(c, tx, stored.Values.Select(v => v.Id).ToList());
        var users = new Dictionary<string, long>(StringComparer.Ordinal);
        var orgs = new Dictionary<string, long>(StringComparer.Ordinal);
        await using var w = new ImportWriter(c, tx);

        var outcomes = new ImportOutcome[batch.Count];
        // Papers not stored yet go in whole tables at a time; the rest (and repeats within the batch) merge below.
        var bulk = BulkInsertNew ? await BulkInsertNewAsync(c, tx, batch, stored, storedEntries, outcomes, now, users, orgs, ct) : [];
        for (var i = 0; i < batch.Count; i++)
        {
            ct.ThrowIfCancellationRequested();
            if (bulk.Contains(i)) continue;
            var rec = batch[i];
            stored.TryGetValue(rec.Paper.ArxivId, out var before);
            var older = before is not null && rec.Entry is { } re
                && storedEntries.Keys.Any(k => k.Item1 == before.Id && k.Item2 > re.FeedDate);
            var merged = PaperMerge.Merge(before?.Paper, rec.Paper, older);
            var localAuthors = before is null ? [] : local[before.Id].ToList();
            if (localAuthors.Count > 0)
                merged = merged with { Authors = AuthorshipRules.Overlay(merged.Authors, localAuthors.Select(l => l.Authorship).ToList()) };
            var paperChanged = before is null || Canonical(before.Paper) != Canonical(merged);

            long paperId;
            if (before is null)
            {
                paperId = await InsertPaperAsync(c, tx, w, merged, rec.Entry is null, now, users, orgs, ct);
            }
            else
            {
                paperId = before.Id;
                // Its own statements (DELETE of authors and versions) must follow what is queued for this paper.
                await w.FlushAsync(ct);
                if (paperChanged)
                    await UpdatePaperAsync(c, tx, w, paperId, before.Paper, merged, now, users, orgs,
                        localAuthors.ToDictionary(l => l.Authorship.User.Handle, l => l.UserId, StringComparer.Ordinal), ct);
            }

            var entryChanged = false;
            var entryIsNew = false;
            if (rec.Entry is { } incomingEntry)
            {
                var key = (paperId, incomingEntry.FeedDate);
                storedEntries.TryGetValue(key, out var oldEntry);
                var mergedEntry = PaperMerge.MergeEntry(oldEntry, incomingEntry with { ArxivId = merged.ArxivId });
                entryIsNew = oldEntry is null;
                entryChanged = entryIsNew || Canonical(oldEntry!) != Canonical(mergedEntry);
                if (entryChanged)
                {
                    await UpsertEntryAsync(c, tx, w, paperId, mergedEntry, now, users, orgs, ct);
                    storedEntries[key] = mergedEntry;
                }
            }

            if (paperChanged || entryChanged)
            {
                if (before is not null || rec.Entry is not null)
                    await w.RecomputeCountersAsync(paperId, ct);
                await w.InsertChangeAsync(paperId, now, ct);
            }

            stored[merged.ArxivId] = new PaperView(paperId, merged, 0, 0, 0, null);
            outcomes[i] = before is null || entryIsNew ? ImportOutcome.New
                : paperChanged || entryChanged ? ImportOutcome.Updated
                : ImportOutcome.Unchanged;
        }
        await w.FlushAsync(ct);
        return outcomes;
    }

    private static async Task<Dictionary<(long, DateOnly), DailyEntry>> LoadEntriesAsync(DbConnection c, DbTransaction tx, List<long> paperIds)
    {
        var d = new Dictionary<(long, DateOnly), DailyEntry>();
        if (paperIds.Count == 0) return d;
        var rows = await c.QueryAsync<EntryRow>($"SELECT {EntryColumns} FROM daily_entries e {EntryJoins} WHERE e.paper_id {Dialect.InList(c, "@paperIds")}", new { paperIds }, tx);
        foreach (var r in rows) d[(r.PaperId, SqlTime.ParseDate(r.FeedDate))] = r.ToEntry();
        return d;
    }

    /// <summary>
    /// What counts as a change: display data of linked users and organisations (avatars, names) is refreshed
    /// but not counted, since every HF snapshot carries its own copy.
    /// </summary>
    private static string HfHandle(string handle) => handle.StartsWith(HfHandlePrefix, StringComparison.Ordinal) ? handle[HfHandlePrefix.Length..] : handle;

    private static string Canonical(Paper p) => JsonSerializer.Serialize(p with
    {
        Organization = p.Organization is null ? null : new OrganizationRef(p.Organization.Name),
        Authors = p.Authors.Select(a => a with { User = a.User is null ? null : new UserRef(HfHandle(a.User.Handle)) }).ToList(),
        HfUpvotes = p.HfUpvotes ?? 0,
    });

    private static string Canonical(DailyEntry e) => JsonSerializer.Serialize(e with
    {
        SubmittedBy = e.SubmittedBy is null ? null : new UserRef(HfHandle(e.SubmittedBy.Handle)),
        Organization = e.Organization is null ? null : new OrganizationRef(e.Organization.Name),
    });

    private const string PaperValues = """
        version = @Version, title = @Title, abstract = @Abstract, published_at = @PublishedAt, updated_at = @UpdatedAt,
        categories = @Categories, doi = @Doi, journal_ref = @JournalRef, comments = @Comments, license = @License,
        submitter = @Submitter, github_repo = @GithubRepo, github_stars = @GithubStars, project_page = @ProjectPage,
        ai_summary = @AiSummary, ai_keywords = @AiKeywords, thumbnail = @Thumbnail, media_urls = @MediaUrls,
        discussion_id = @DiscussionId, withdrawn_at = @WithdrawnAt, organization_id = @OrganizationId,
        modified_at = @Now
        """;

    private static async Task<object> PaperParamsAsync(DbConnection c, DbTransaction tx, Paper p, string now,
        Dictionary<string, long> users, Dictionary<string, long> orgs) => new
    {
        p.ArxivId,
        p.Version,
        p.Title,
        p.Abstract,
        PublishedAt = SqlTime.Ts(p.PublishedAt),
        UpdatedAt = SqlTime.Ts(p.UpdatedAt),
        Categories = string.Join(' ', p.Categories),
        p.Doi,
        p.JournalRef,
        p.Comments,
        p.License,
        p.Submitter,
        p.GithubRepo,
        p.GithubStars,
        p.ProjectPage,
        p.AiSummary,
        AiKeywords = JsonList.Write(p.AiKeywords),
        p.Thumbnail,
        MediaUrls = JsonList.Write(p.MediaUrls),
        p.DiscussionId,
        WithdrawnAt = SqlTime.Ts(p.WithdrawnAt),
        OrganizationId = p.Organization is null ? (long?)null : await OrgIdAsync(c, tx, p.Organization, now, orgs),
        HfUpvotes = p.HfUpvotes ?? 0,
        Now = now,
    };

    private async Task<long> InsertPaperAsync(DbConnection c, DbTransaction tx, ImportWriter w, Paper p, bool noEntry, string now,
        Dictionary<string, long> users, Dictionary<string, long> orgs, CancellationToken ct)
    {
        // A paper without a feed entry ranks by its publication date; the counters are the HF snapshot.
        var hot = noEntry ? Hotness.Compute(p.HfUpvotes ?? 0, 0, p.PublishedAt ?? _clock.GetUtcNow()) : 0;
        var orgId = p.Organization is null ? (long?)null : await OrgIdAsync(c, tx, p.Organization, now, orgs);
        var id = await w.InsertPaperAsync(p, orgId, hot, now, ct);
        await WriteAuthorsAsync(c, tx, w, id, p.Authors, now, users, ct);
        foreach (var v in p.Versions) await w.InsertVersionAsync(id, v, ct);
        return id;
    }

    private static async Task UpdatePaperAsync(DbConnection c, DbTransaction tx, ImportWriter w, long id, Paper before, Paper p, string now,
        Dictionary<string, long> users, Dictionary<string, long> orgs, IReadOnlyDictionary<string, long> localUsers, CancellationToken ct)
    {
        var args = new DynamicParameters(await PaperParamsAsync(c, tx, p, now, users, orgs));
        args.Add("Id", id);
        // upvotes - hf_upvotes is the number of local votes; it is kept while the HF snapshot moves.
        await c.ExecuteAsync($"""
            UPDATE papers SET {PaperValues}, upvotes = upvotes - hf_upvotes + @HfUpvotes, hf_upvotes = @HfUpvotes
            WHERE id = @Id
            """, args, tx);
        if (JsonSerializer.Serialize(before.Authors) != JsonSerializer.Serialize(p.Authors))
        {
            await c.ExecuteAsync("DELETE FROM paper_authors WHERE paper_id = @id", new { id }, tx);
            await WriteAuthorsAsync(c, tx, w, id, p.Authors, now, users, ct, localUsers);
        }
        if (JsonSerializer.Serialize(before.Versions) != JsonSerializer.Serialize(p.Versions))
        {
            await c.ExecuteAsync("DELETE FROM paper_versions WHERE paper_id = @id", new { id }, tx);
            foreach (var v in p.Versions) await w.InsertVersionAsync(id, v, ct);
        }
    }

    private static async Task WriteAuthorsAsync(DbConnection c, DbTransaction tx, ImportWriter w, long paperId,
        IReadOnlyList<PaperAuthor> authors, string now, Dictionary<string, long> users, CancellationToken ct,
        IReadOnlyDictionary<string, long>? localUsers = null)
    {
        // One re-used single-row INSERT per author: measured faster here than multi-row INSERTs prepared per row count.
        for (var i = 0; i < authors.Count; i++)
        {
            var a = authors[i];
            // Local verified authors are accounts, never looked up by handle among HF people (see UserIdAsync).
            var userId = a.User is null ? (long?)null
                : localUsers is not null && localUsers.TryGetValue(a.User.Handle, out var localId) ? localId
                : await UserIdAsync(c, tx, a.User, now, users);
            await w.InsertAuthorAsync(paperId, i, a, userId, ct);
        }
    }

    private static async Task UpsertEntryAsync(DbConnection c, DbTransaction tx, ImportWriter w, long paperId, DailyEntry e, string now,
        Dictionary<string, long> users, Dictionary<string, long> orgs, CancellationToken ct)
    {
        // A local submission's submitter is an account, kept by the upsert as it is (never looked up by handle here).
        var local = e.Source == SubmissionStore.Source;
        var submittedBy = e.SubmittedBy is null || local ? (long?)null : await UserIdAsync(c, tx, e.SubmittedBy, now, users);
        var organizationId = e.Organization is null || local ? (long?)null : await OrgIdAsync(c, tx, e.Organization, now, orgs);
        await w.UpsertEntryAsync(paperId, e, submittedBy, organizationId, now, ct);
    }

    /// <summary>
    /// Recomputes the paper's derived columns inside the caller's transaction: comment count from the HF snapshot
    /// plus local comments, first feature time from its entries, and hotness from those.
    /// </summary>
    internal static async Task RecomputeCountersAsync(DbConnection c, DbTransaction tx, long paperId)
    {
        var row = await c.QuerySingleAsync<(int Upvotes, int NumComments, string? FirstFeaturedAt, string? PublishedAt, string CreatedAt)>(
            RecomputeCountersSql, new { paper_id = paperId }, tx);
        await c.ExecuteAsync(SetHotnessSql, new { hotness = HotnessOf(row.Upvotes, row.NumComments, row.FirstFeaturedAt, row.PublishedAt, row.CreatedAt), paper_id = paperId }, tx);
    }

    internal const string RecomputeCountersSql = """
        UPDATE papers SET
            num_comments = num_comments - hf_num_comments
                + COALESCE((SELECT MAX(num_comments) FROM daily_entries WHERE paper_id = @paper_id), 0),
            hf_num_comments = COALESCE((SELECT MAX(num_comments) FROM daily_entries WHERE paper_id = @paper_id), 0),
            first_featured_at = (SELECT MIN(COALESCE(submitted_at, feed_date || 'T00:00:00.000Z')) FROM daily_entries WHERE paper_id = @paper_id)
        WHERE id = @paper_id
        RETURNING upvotes, num_comments, first_featured_at, published_at, created_at
        """;

    internal const string SetHotnessSql = "UPDATE papers SET hotness = @hotness WHERE id = @paper_id";

    internal static double HotnessOf(int upvotes, int numComments, string? firstFeaturedAt, string? publishedAt, string createdAt)
    {
        var featured = SqlTime.ParseTs(firstFeaturedAt) ?? SqlTime.ParseTs(publishedAt) ?? SqlTime.ParseTs(createdAt)!.Value;
        return Hotness.Compute(upvotes, numComments, featured);
    }

    /// <summary>Prefix of an HF person whose handle a local account already has (the import never touches accounts).</summary>
    public const string HfHandlePrefix = "hf:";

    private static async Task<long> UserIdAsync(DbConnection c, DbTransaction tx, UserRef u, string now, Dictionary<string, long> cache)
    {
        if (cache.TryGetValue(u.Handle, out var id)) return id;
        // Only HF-imported rows are updated; when a local account holds the handle, the HF person is kept apart
        // under "hf:handle", so an import can never attach someone's submissions or claims to a local account.
        const string upsert = """
            INSERT INTO users (handle, full_name, avatar_url, hf_id, is_pro, created_at) VALUES (@Handle, @FullName, @AvatarUrl, @HfId, @IsPro, @now)
            ON CONFLICT (handle) DO UPDATE SET
                full_name = COALESCE(excluded.full_name, users.full_name),
                avatar_url = COALESCE(excluded.avatar_url, users.avatar_url),
                hf_id = COALESCE(excluded.hf_id, users.hf_id)
            WHERE users.origin = 'hf'
            RETURNING id
            """;
        var found = await c.ExecuteScalarAsync<long?>(upsert, new { u.Handle, u.FullName, u.AvatarUrl, u.HfId, u.IsPro, now }, tx)
            ?? await c.ExecuteScalarAsync<long?>(upsert, new { Handle = HfHandlePrefix + u.Handle, u.FullName, u.AvatarUrl, u.HfId, u.IsPro, now }, tx);
        id = found ?? throw new InvalidOperationException($"import: could not store the HF user \"{u.Handle}\"");
        cache[u.Handle] = id;
        return id;
    }

    private static async Task<long> OrgIdAsync(DbConnection c, DbTransaction tx, OrganizationRef o, string now, Dictionary<string, long> cache)
    {
        if (cache.TryGetValue(o.Name, out var id)) return id;
        id = await c.ExecuteScalarAsync<long>("""
            INSERT INTO organizations (name, full_name, avatar_url, hf_id, created_at) VALUES (@Name, @FullName, @AvatarUrl, @HfId, @now)
            ON CONFLICT (name) DO UPDATE SET
                full_name = COALESCE(excluded.full_name, organizations.full_name),
                avatar_url = COALESCE(excluded.avatar_url, organizations.avatar_url),
                hf_id = COALESCE(excluded.hf_id, organizations.hf_id)
            RETURNING id
            """, new { o.Name, o.FullName, o.AvatarUrl, o.HfId, now }, tx);
        cache[o.Name] = id;
        return id;
    }
}
