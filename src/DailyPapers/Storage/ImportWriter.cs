using System.Data;
using System.Data.Common;
using DailyPapers.Papers;

namespace DailyPapers.Storage;

/// <summary>
/// The INSERTs of a batch import as commands created once per batch and re-executed with new values. A bulk import
/// is dominated by statement count: re-using a command skips SQL parsing and statement preparation (SQLite keeps
/// the prepared statement while the command text is unchanged) and Dapper's per-call parameter building.
/// </summary>
internal sealed class ImportWriter(DbConnection c, DbTransaction tx) : IAsyncDisposable
{
    private DbCommand? _paper, _author, _version, _change, _entry, _counters, _hotness;

    private DbCommand Command(ref DbCommand? slot, string sql, params (string Name, DbType Type)[] parameters)
    {
        if (slot is not null) return slot;
        var cmd = c.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = sql;
        foreach (var (name, type) in parameters)
        {
            var p = cmd.CreateParameter();
            p.ParameterName = name;
            p.DbType = type;
            cmd.Parameters.Add(p);
        }
        // PostgreSQL: a server-side prepared statement skips parsing and planning on each of the batch's executions.
        if (c is Npgsql.NpgsqlConnection) cmd.Prepare();
        return slot = cmd;
    }

    private static void Set(DbCommand cmd, int index, object? value) => cmd.Parameters[index].Value = value ?? DBNull.Value;

    public async Task<long> InsertPaperAsync(Paper p, long? organizationId, double hotness, string now, CancellationToken ct)
    {
        var cmd = Command(ref _paper, """
            INSERT INTO papers (arxiv_id, version, title, abstract, published_at, updated_at, categories, doi, journal_ref,
                comments, license, submitter, github_repo, github_stars, project_page, ai_summary, ai_keywords, thumbnail,
                media_urls, discussion_id, withdrawn_at, organization_id, hf_upvotes, upvotes, hotness, created_at, modified_at)
            VALUES (@arxiv_id, @version, @title, @abstract, @published_at, @updated_at, @categories, @doi, @journal_ref,
                @comments, @license, @submitter, @github_repo, @github_stars, @project_page, @ai_summary, @ai_keywords, @thumbnail,
                @media_urls, @discussion_id, @withdrawn_at, @organization_id, @hf_upvotes, @hf_upvotes, @hotness, @now, @now)
            RETURNING id
            """,
            ("@arxiv_id", DbType.String), ("@version", DbType.Int32), ("@title", DbType.String), ("@abstract", DbType.String),
            ("@published_at", DbType.String), ("@updated_at", DbType.String), ("@categories", DbType.String), ("@doi", DbType.String),
            ("@journal_ref", DbType.String), ("@comments", DbType.String), ("@license", DbType.String), ("@submitter", DbType.String),
            ("@github_repo", DbType.String), ("@github_stars", DbType.Int32), ("@project_page", DbType.String), ("@ai_summary", DbType.String),
            ("@ai_keywords", DbType.String), ("@thumbnail", DbType.String), ("@media_urls", DbType.String), ("@discussion_id", DbType.String),
            ("@withdrawn_at", DbType.String), ("@organization_id", DbType.Int64), ("@hf_upvotes", DbType.Int32), ("@hotness", DbType.Double),
            ("@now", DbType.String));
        Set(cmd, 0, p.ArxivId);
        Set(cmd, 1, p.Version);
        Set(cmd, 2, p.Title);
        Set(cmd, 3, p.Abstract);
        Set(cmd, 4, SqlTime.Ts(p.PublishedAt));
        Set(cmd, 5, SqlTime.Ts(p.UpdatedAt));
        Set(cmd, 6, string.Join(' ', p.Categories));
        Set(cmd, 7, p.Doi);
        Set(cmd, 8, p.JournalRef);
        Set(cmd, 9, p.Comments);
        Set(cmd, 10, p.License);
        Set(cmd, 11, p.Submitter);
        Set(cmd, 12, p.GithubRepo);
        Set(cmd, 13, p.GithubStars);
        Set(cmd, 14, p.ProjectPage);
        Set(cmd, 15, p.AiSummary);
        Set(cmd, 16, JsonList.Write(p.AiKeywords));
        Set(cmd, 17, p.Thumbnail);
        Set(cmd, 18, JsonList.Write(p.MediaUrls));
        Set(cmd, 19, p.DiscussionId);
        Set(cmd, 20, SqlTime.Ts(p.WithdrawnAt));
        Set(cmd, 21, organizationId);
        Set(cmd, 22, p.HfUpvotes ?? 0);
        Set(cmd, 23, hotness);
        Set(cmd, 24, now);
        return Convert.ToInt64(await cmd.ExecuteScalarAsync(ct));
    }

    public async Task InsertAuthorAsync(long paperId, int position, PaperAuthor a, long? userId, CancellationToken ct)
    {
        var cmd = Command(ref _author, """
            INSERT INTO paper_authors (paper_id, position, name, status, hidden, user_id, hf_id, status_changed_at, affiliation)
            VALUES (@paper_id, @position, @name, @status, @hidden, @user_id, @hf_id, @status_changed_at, @affiliation)
            """,
            ("@paper_id", DbType.Int64), ("@position", DbType.Int32), ("@name", DbType.String), ("@status", DbType.String),
            ("@hidden", DbType.Boolean), ("@user_id", DbType.Int64), ("@hf_id", DbType.String), ("@status_changed_at", DbType.String),
            ("@affiliation", DbType.String));
        Set(cmd, 0, paperId);
        Set(cmd, 1, position);
        Set(cmd, 2, a.Name);
        Set(cmd, 3, a.Status);
        Set(cmd, 4, a.Hidden);
        Set(cmd, 5, userId);
        Set(cmd, 6, a.HfId);
        Set(cmd, 7, SqlTime.Ts(a.StatusChangedAt));
        Set(cmd, 8, a.Affiliation);
        await cmd.ExecuteNonQueryAsync(ct);
    }

    public async Task InsertVersionAsync(long paperId, PaperVersion v, CancellationToken ct)
    {
        var cmd = Command(ref _version, """
            INSERT INTO paper_versions (paper_id, version, submitted_at, size) VALUES (@paper_id, @version, @submitted_at, @size)
            """,
            ("@paper_id", DbType.Int64), ("@version", DbType.Int32), ("@submitted_at", DbType.String), ("@size", DbType.String));
        Set(cmd, 0, paperId);
        Set(cmd, 1, v.Version);
        Set(cmd, 2, SqlTime.Ts(v.SubmittedAt));
        Set(cmd, 3, v.Size);
        await cmd.ExecuteNonQueryAsync(ct);
    }

    /// <summary>Appends to the change log that per-node search indexes follow.</summary>
    public async Task InsertChangeAsync(long paperId, string now, CancellationToken ct)
    {
        var cmd = Command(ref _change, "INSERT INTO paper_changes (paper_id, changed_at) VALUES (@paper_id, @now)",
            ("@paper_id", DbType.Int64), ("@now", DbType.String));
        Set(cmd, 0, paperId);
        Set(cmd, 1, now);
        await cmd.ExecuteNonQueryAsync(ct);
    }

    public async Task UpsertEntryAsync(long paperId, DailyEntry e, long? submittedBy, long? organizationId, string now, CancellationToken ct)
    {
        var cmd = Command(ref _entry, """
            INSERT INTO daily_entries (paper_id, feed_date, submitted_at, submitted_by, organization_id, title, num_comments,
                is_author_participating, source, created_at)
            VALUES (@paper_id, @feed_date, @submitted_at, @submitted_by, @organization_id, @title, @num_comments,
                @is_author_participating, @source, @now)
            ON CONFLICT (paper_id, feed_date) DO UPDATE SET
                submitted_at = excluded.submitted_at, submitted_by = excluded.submitted_by,
                organization_id = excluded.organization_id, title = excluded.title, num_comments = excluded.num_comments,
                is_author_participating = excluded.is_author_participating
            """,
            ("@paper_id", DbType.Int64), ("@feed_date", DbType.String), ("@submitted_at", DbType.String), ("@submitted_by", DbType.Int64),
            ("@organization_id", DbType.Int64), ("@title", DbType.String), ("@num_comments", DbType.Int32),
            ("@is_author_participating", DbType.Boolean), ("@source", DbType.String), ("@now", DbType.String));
        Set(cmd, 0, paperId);
        Set(cmd, 1, SqlTime.Date(e.FeedDate));
        Set(cmd, 2, SqlTime.Ts(e.SubmittedAt));
        Set(cmd, 3, submittedBy);
        Set(cmd, 4, organizationId);
        Set(cmd, 5, e.Title);
        Set(cmd, 6, e.NumComments);
        Set(cmd, 7, e.IsAuthorParticipating);
        Set(cmd, 8, e.Source);
        Set(cmd, 9, now);
        await cmd.ExecuteNonQueryAsync(ct);
    }

    /// <summary>The import form of <see cref="PaperStore.RecomputeCountersAsync"/> (same SQL, re-used commands).</summary>
    public async Task RecomputeCountersAsync(long paperId, CancellationToken ct)
    {
        var counters = Command(ref _counters, PaperStore.RecomputeCountersSql, ("@paper_id", DbType.Int64));
        Set(counters, 0, paperId);
        double hotness;
        await using (var r = await counters.ExecuteReaderAsync(ct))
        {
            if (!await r.ReadAsync(ct)) throw new InvalidOperationException($"recompute counters: paper {paperId} not found");
            hotness = PaperStore.HotnessOf(r.GetInt32(0), r.GetInt32(1), r.IsDBNull(2) ? null : r.GetString(2),
                r.IsDBNull(3) ? null : r.GetString(3), r.GetString(4));
        }
        var set = Command(ref _hotness, PaperStore.SetHotnessSql, ("@hotness", DbType.Double), ("@paper_id", DbType.Int64));
        Set(set, 0, hotness);
        Set(set, 1, paperId);
        await set.ExecuteNonQueryAsync(ct);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var cmd in new[] { _paper, _author, _version, _change, _entry, _counters, _hotness })
            if (cmd is not null) await cmd.DisposeAsync();
    }
}
