using System.Data;
using System.Data.Common;
using DailyPapers.Papers;

namespace DailyPapers.Storage;

/// <summary>
/// The INSERTs of a batch import as commands created once per batch and re-executed with new values. A bulk import
/// is dominated by statement count: re-using a command skips SQL parsing and statement preparation (SQLite keeps
/// the prepared statement while the command text is unchanged) and Dapper's per-call parameter building.
/// On PostgreSQL every statement is a network round trip, so the statements whose results nobody reads (authors,
/// versions, entry, change log, hotness) are queued and sent together with the next statement that returns rows:
/// a new paper costs two round trips instead of about fifteen. Callers that run their own SQL on the connection
/// and depend on queued rows call <see cref="FlushAsync"/> first.
/// </summary>
internal sealed class ImportWriter(DbConnection c, DbTransaction tx) : IAsyncDisposable
{
    private DbCommand? _paper, _author, _version, _change, _entry, _counters, _hotness;
    private readonly Npgsql.NpgsqlBatch? _pending = c is Npgsql.NpgsqlConnection pg
        ? new Npgsql.NpgsqlBatch(pg, (Npgsql.NpgsqlTransaction)tx) : null;

    /// <summary>Runs a statement whose result is not read: at once on SQLite, queued on PostgreSQL.</summary>
    private async Task RunAsync(DbCommand cmd, CancellationToken ct)
    {
        if (_pending is null)
        {
            await cmd.ExecuteNonQueryAsync(ct);
            return;
        }
        var queued = new Npgsql.NpgsqlBatchCommand(cmd.CommandText);
        foreach (DbParameter p in cmd.Parameters)
            queued.Parameters.Add(new Npgsql.NpgsqlParameter(p.ParameterName, p.DbType) { Value = p.Value });
        _pending.BatchCommands.Add(queued);
    }

    /// <summary>
    /// Runs a statement that returns one row, preceded by everything queued in the same round trip (the queued
    /// statements return no rows), and maps that row; null when there is none.
    /// </summary>
    private async Task<T?> ReadRowAsync<T>(DbCommand cmd, Func<DbDataReader, T> map, CancellationToken ct)
    {
        var batched = _pending is { BatchCommands.Count: > 0 };
        if (batched) await RunAsync(cmd, ct);
        try
        {
            await using var r = batched ? await _pending!.ExecuteReaderAsync(ct) : await cmd.ExecuteReaderAsync(ct);
            while (r.FieldCount == 0 && await r.NextResultAsync(ct)) { }
            return await r.ReadAsync(ct) ? map(r) : default;
        }
        finally
        {
            if (batched) _pending!.BatchCommands.Clear();
        }
    }

    /// <summary>Sends what is queued (PostgreSQL); a no-op when nothing is.</summary>
    public async Task FlushAsync(CancellationToken ct)
    {
        if (_pending is null || _pending.BatchCommands.Count == 0) return;
        try { await _pending.ExecuteNonQueryAsync(ct); }
        finally { _pending.BatchCommands.Clear(); }
    }

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
        return await ReadRowAsync(cmd, r => (long?)r.GetInt64(0), ct)
            ?? throw new InvalidOperationException($"import: inserting paper {p.ArxivId} returned no id");
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
        await RunAsync(cmd, ct);
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
        await RunAsync(cmd, ct);
    }

    /// <summary>Appends to the change log that per-node search indexes follow.</summary>
    public async Task InsertChangeAsync(long paperId, string now, CancellationToken ct)
    {
        var cmd = Command(ref _change, "INSERT INTO paper_changes (paper_id, changed_at) VALUES (@paper_id, @now)",
            ("@paper_id", DbType.Int64), ("@now", DbType.String));
        Set(cmd, 0, paperId);
        Set(cmd, 1, now);
        await RunAsync(cmd, ct);
    }

    public async Task UpsertEntryAsync(long paperId, DailyEntry e, long? submittedBy, long? organizationId, string now, CancellationToken ct)
    {
        var cmd = Command(ref _entry, """
            INSERT INTO daily_entries (paper_id, feed_date, submitted_at, submitted_by, organization_id, title, num_comments,
                is_author_participating, source, created_at)
            VALUES (@paper_id, @feed_date, @submitted_at, @submitted_by, @organization_id, @title, @num_comments,
                @is_author_participating, @source, @now)
            ON CONFLICT (paper_id, feed_date) DO UPDATE SET
                submitted_at = CASE WHEN daily_entries.source = 'submitted' THEN daily_entries.submitted_at ELSE excluded.submitted_at END,
                submitted_by = CASE WHEN daily_entries.source = 'submitted' THEN daily_entries.submitted_by ELSE excluded.submitted_by END,
                organization_id = CASE WHEN daily_entries.source = 'submitted' THEN daily_entries.organization_id ELSE excluded.organization_id END,
                title = excluded.title, num_comments = excluded.num_comments,
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
        await RunAsync(cmd, ct);
    }

    /// <summary>The import form of <see cref="PaperStore.RecomputeCountersAsync"/> (same SQL, re-used commands).</summary>
    public async Task RecomputeCountersAsync(long paperId, CancellationToken ct)
    {
        var counters = Command(ref _counters, PaperStore.RecomputeCountersSql, ("@paper_id", DbType.Int64));
        Set(counters, 0, paperId);
        var hotness = await ReadRowAsync(counters, r => (double?)PaperStore.HotnessOf(r.GetInt32(0), r.GetInt32(1),
                r.IsDBNull(2) ? null : r.GetString(2), r.IsDBNull(3) ? null : r.GetString(3), r.GetString(4)), ct)
            ?? throw new InvalidOperationException($"recompute counters: paper {paperId} not found");
        var set = Command(ref _hotness, PaperStore.SetHotnessSql, ("@hotness", DbType.Double), ("@paper_id", DbType.Int64));
        Set(set, 0, hotness);
        Set(set, 1, paperId);
        await RunAsync(set, ct);
    }

    public async ValueTask DisposeAsync()
    {
        if (_pending is not null) await _pending.DisposeAsync();
        foreach (var cmd in new[] { _paper, _author, _version, _change, _entry, _counters, _hotness })
            if (cmd is not null) await cmd.DisposeAsync();
    }
}

