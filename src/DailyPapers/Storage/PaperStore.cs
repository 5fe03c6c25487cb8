using System.Data.Common;
using DailyPapers.Papers;
using Dapper;

namespace DailyPapers.Storage;

/// <summary>
/// Papers, their authors and versions, and the daily feed. Reads live in <c>PaperStore.Read.cs</c>,
/// the batch import in <c>PaperStore.Import.cs</c>.
/// </summary>
public sealed partial class PaperStore(Database db, TimeProvider? clock = null)
{
    private readonly TimeProvider _clock = clock ?? TimeProvider.System;

    static PaperStore() => DapperSetup.Init();

    public Database Database => db;

    private const string PaperColumns = """
        p.id, p.arxiv_id, p.version, p.title, p.abstract, p.published_at, p.updated_at, p.categories, p.doi,
        p.journal_ref, p.comments, p.license, p.submitter, p.github_repo, p.github_stars, p.project_page,
        p.ai_summary, p.ai_keywords, p.thumbnail, p.media_urls, p.discussion_id, p.withdrawn_at, p.organization_id,
        p.hf_upvotes, p.hf_num_comments, p.upvotes, p.num_comments, p.hotness, p.first_featured_at, p.created_at,
        o.name AS org_name, o.full_name AS org_full_name, o.avatar_url AS org_avatar_url, o.hf_id AS org_hf_id
        """;

    private const string EntryColumns = """
        e.id, e.paper_id, p.arxiv_id, e.feed_date, e.submitted_at, e.title, e.num_comments, e.is_author_participating, e.source,
        u.handle, u.full_name, u.avatar_url, u.hf_id AS user_hf_id, u.is_pro,
        o.name AS org_name, o.full_name AS org_full_name, o.avatar_url AS org_avatar_url, o.hf_id AS org_hf_id
        """;

    private const string EntryJoins = """
        JOIN papers p ON p.id = e.paper_id
        LEFT JOIN users u ON u.id = e.submitted_by
        LEFT JOIN organizations o ON o.id = e.organization_id
        """;

    /// <summary>Loads papers (with authors, versions, organisation) by arXiv id, keyed by arXiv id.</summary>
    internal static async Task<Dictionary<string, PaperView>> LoadByArxivIdsAsync(DbConnection c, DbTransaction? tx, IReadOnlyCollection<string> arxivIds)
    {
        var result = new Dictionary<string, PaperView>(arxivIds.Count, StringComparer.Ordinal);
        if (arxivIds.Count == 0) return result;
        var rows = (await c.QueryAsync<PaperRow>(
            $"SELECT {PaperColumns} FROM papers p LEFT JOIN organizations o ON o.id = p.organization_id WHERE p.arxiv_id {Dialect.InList(c, "@ids")}",
            new { ids = arxivIds }, tx)).AsList();
        await FillAsync(c, tx, rows, result);
        return result;
    }

    internal static async Task<List<PaperView>> LoadByIdsAsync(DbConnection c, DbTransaction? tx, IReadOnlyList<long> ids)
    {
        if (ids.Count == 0) return [];
        var rows = (await c.QueryAsync<PaperRow>(
            $"SELECT {PaperColumns} FROM papers p LEFT JOIN organizations o ON o.id = p.organization_id WHERE p.id {Dialect.InList(c, "@ids")}",
            new { ids }, tx)).AsList();
        var byArxiv = new Dictionary<string, PaperView>(StringComparer.Ordinal);
        await FillAsync(c, tx, rows, byArxiv);
        var byId = byArxiv.Values.ToDictionary(v => v.Id);
        return ids.Where(byId.ContainsKey).Select(id => byId[id]).ToList();
    }

    private static async Task FillAsync(DbConnection c, DbTransaction? tx, List<PaperRow> rows, Dictionary<string, PaperView> into)
    {
        if (rows.Count == 0) return;
        var pids = rows.Select(r => r.Id).ToList();
        var authors = (await c.QueryAsync<AuthorRow>($"""
            SELECT a.paper_id, a.position, a.name, a.status, a.hidden, a.hf_id, a.status_changed_at, a.affiliation,
                   u.handle, u.full_name, u.avatar_url, u.hf_id AS user_hf_id, u.is_pro
            FROM paper_authors a LEFT JOIN users u ON u.id = a.user_id
            WHERE a.paper_id {Dialect.InList(c, "@pids")} ORDER BY a.paper_id, a.position
            """, new { pids }, tx)).ToLookup(a => a.PaperId);
        var versions = (await c.QueryAsync<VersionRow>(
            $"SELECT paper_id, version, submitted_at, size FROM paper_versions WHERE paper_id {Dialect.InList(c, "@pids")} ORDER BY paper_id, version",
            new { pids }, tx)).ToLookup(v => v.PaperId);
        foreach (var r in rows)
        {
            var paper = new Paper
            {
                ArxivId = r.ArxivId,
                Version = r.Version,
                Title = r.Title,
                Abstract = r.Abstract,
                PublishedAt = SqlTime.ParseTs(r.PublishedAt),
                UpdatedAt = SqlTime.ParseTs(r.UpdatedAt),
                Categories = r.Categories.Length == 0 ? [] : r.Categories.Split(' '),
                Doi = r.Doi,
                JournalRef = r.JournalRef,
                Comments = r.Comments,
                License = r.License,
                Submitter = r.Submitter,
                GithubRepo = r.GithubRepo,
                GithubStars = r.GithubStars,
                ProjectPage = r.ProjectPage,
                AiSummary = r.AiSummary,
                AiKeywords = JsonList.Read(r.AiKeywords),
                Thumbnail = r.Thumbnail,
                MediaUrls = JsonList.Read(r.MediaUrls),
                HfUpvotes = r.HfUpvotes,
                DiscussionId = r.DiscussionId,
                WithdrawnAt = SqlTime.ParseTs(r.WithdrawnAt),
                Organization = r.OrgName is null ? null : new OrganizationRef(r.OrgName) { FullName = r.OrgFullName, AvatarUrl = r.OrgAvatarUrl, HfId = r.OrgHfId },
                Authors = authors[r.Id].Select(a => new PaperAuthor(a.Name)
                {
                    Status = a.Status,
                    Hidden = a.Hidden,
                    HfId = a.HfId,
                    StatusChangedAt = SqlTime.ParseTs(a.StatusChangedAt),
                    Affiliation = a.Affiliation,
                    User = a.Handle is null ? null : new UserRef(a.Handle) { FullName = a.FullName, AvatarUrl = a.AvatarUrl, HfId = a.UserHfId, IsPro = a.IsPro },
                }).ToList(),
                Versions = versions[r.Id].Select(v => new PaperVersion(v.Version, SqlTime.ParseTs(v.SubmittedAt), v.Size)).ToList(),
            };
            into[r.ArxivId] = new PaperView(r.Id, paper, r.Upvotes, r.NumComments, r.Hotness, SqlTime.ParseTs(r.FirstFeaturedAt))
            {
                CreatedAt = SqlTime.ParseTs(r.CreatedAt) ?? default,
                HfNumComments = r.HfNumComments,
            };
        }
    }
}
