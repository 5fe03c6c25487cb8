namespace DailyPapers.Papers;

/// <summary>
/// Merges what a new record says about a paper into what is stored. Pure, so each rule has a table test.
/// Rules: the newer arXiv version wins the arXiv fields (title, abstract, authors, categories, …); a record that
/// does not know its version (HF data) only fills arXiv fields that are empty unless the stored row does not know
/// its version either; HF extras (AI summary, GitHub, thumbnails …) take the incoming value when it has one;
/// counters that only grow (HF upvotes, stars, comments) keep the maximum, so re-importing an older snapshot
/// changes nothing.
/// </summary>
public static class PaperMerge
{
    public static Paper Normalize(Paper p) => p with
    {
        Title = PaperText.CollapseWhitespace(p.Title),
        Abstract = PaperText.NormalizeAbstract(p.Abstract),
        PublishedAt = Storage.SqlTime.Truncate(p.PublishedAt),
        UpdatedAt = Storage.SqlTime.Truncate(p.UpdatedAt),
        WithdrawnAt = Storage.SqlTime.Truncate(p.WithdrawnAt),
        Authors = p.Authors.Select(a => a with
        {
            Name = PaperText.CollapseWhitespace(a.Name),
            StatusChangedAt = Storage.SqlTime.Truncate(a.StatusChangedAt),
        }).ToList(),
        Versions = p.Versions
            .GroupBy(v => v.Version)
            .Select(g => new PaperVersion(g.Key, Storage.SqlTime.Truncate(g.Select(v => v.SubmittedAt).FirstOrDefault(t => t != null)), g.Select(v => v.Size).FirstOrDefault(s => s != null)))
            .OrderBy(v => v.Version).ToList(),
        Categories = p.Categories.Where(c => !string.IsNullOrWhiteSpace(c)).Select(c => c.Trim()).Distinct().ToList(),
        AiKeywords = p.AiKeywords.Where(k => !string.IsNullOrWhiteSpace(k)).Select(k => k.Trim()).ToList(),
        MediaUrls = p.MediaUrls.Where(u => !string.IsNullOrWhiteSpace(u)).ToList(),
        Version = p.Version ?? (p.Versions.Count > 0 ? p.Versions.Max(v => v.Version) : null),
    };

    /// <param name="incomingIsOlder">The incoming record is an older snapshot than the stored one (an HF item of an
    /// earlier feed day): it then only fills gaps, so importing days in any order gives the same result.</param>
    public static Paper Merge(Paper? stored, Paper incoming, bool incomingIsOlder = false)
    {
        incoming = Normalize(incoming);
        if (stored is null) return incoming;
        if (incomingIsOlder)
        {
            var filled = Merge(incoming, stored);
            return filled with { Version = Max(stored.Version, incoming.Version) };
        }

        var incomingWinsArxiv = incoming.Version switch
        {
            null => stored.Version is null,
            { } iv => stored.Version is not { } sv || iv >= sv,
        };
        var (primary, secondary) = incomingWinsArxiv ? (incoming, stored) : (stored, incoming);

        return stored with
        {
            Version = Max(stored.Version, incoming.Version),
            Title = NonEmpty(primary.Title, secondary.Title),
            Abstract = NonEmpty(primary.Abstract, secondary.Abstract),
            // v1 date never changes: keep the earliest known.
            PublishedAt = Min(stored.PublishedAt, incoming.PublishedAt),
            UpdatedAt = Max(stored.UpdatedAt, incoming.UpdatedAt),
            Categories = primary.Categories.Count > 0 ? primary.Categories : secondary.Categories,
            Doi = primary.Doi ?? secondary.Doi,
            JournalRef = primary.JournalRef ?? secondary.JournalRef,
            Comments = primary.Comments ?? secondary.Comments,
            License = primary.License ?? secondary.License,
            Submitter = primary.Submitter ?? secondary.Submitter,
            Authors = MergeAuthors(primary.Authors, secondary.Authors),
            Versions = MergeVersions(stored.Versions, incoming.Versions),

            GithubRepo = incoming.GithubRepo ?? stored.GithubRepo,
            GithubStars = Max(stored.GithubStars, incoming.GithubStars),
            ProjectPage = incoming.ProjectPage ?? stored.ProjectPage,
            AiSummary = incoming.AiSummary ?? stored.AiSummary,
            AiKeywords = incoming.AiKeywords.Count > 0 ? incoming.AiKeywords : stored.AiKeywords,
            Thumbnail = incoming.Thumbnail ?? stored.Thumbnail,
            MediaUrls = incoming.MediaUrls.Count > 0 ? incoming.MediaUrls : stored.MediaUrls,
            HfUpvotes = Max(stored.HfUpvotes, incoming.HfUpvotes),
            DiscussionId = incoming.DiscussionId ?? stored.DiscussionId,
            WithdrawnAt = incoming.WithdrawnAt ?? stored.WithdrawnAt,
            Organization = incoming.Organization ?? stored.Organization,
        };
    }

    /// <summary>
    /// Takes the author list of the winning record, keeping claim data (status, linked user, hidden) from the other
    /// list for the same name at the same position, since plain arXiv metadata knows names only.
    /// </summary>
    public static IReadOnlyList<PaperAuthor> MergeAuthors(IReadOnlyList<PaperAuthor> primary, IReadOnlyList<PaperAuthor> secondary)
    {
        if (primary.Count == 0) return secondary;
        if (secondary.Count == 0) return primary;
        var result = new List<PaperAuthor>(primary.Count);
        for (var i = 0; i < primary.Count; i++)
        {
            var a = primary[i];
            var other = i < secondary.Count && SameName(secondary[i].Name, a.Name) ? secondary[i] : null;
            if (other is not null)
                a = a with
                {
                    Status = a.Status ?? other.Status,
                    User = a.User ?? other.User,
                    HfId = a.HfId ?? other.HfId,
                    StatusChangedAt = a.StatusChangedAt ?? other.StatusChangedAt,
                    Affiliation = a.Affiliation ?? other.Affiliation,
                    Hidden = a.Status is null ? other.Hidden : a.Hidden,
                };
            result.Add(a);
        }
        return result;
    }

    private static bool SameName(string a, string b) =>
        string.Equals(PaperText.CollapseWhitespace(a), PaperText.CollapseWhitespace(b), StringComparison.OrdinalIgnoreCase);

    public static IReadOnlyList<PaperVersion> MergeVersions(IReadOnlyList<PaperVersion> a, IReadOnlyList<PaperVersion> b)
    {
        if (b.Count == 0) return a;
        if (a.Count == 0) return b;
        return a.Concat(b).GroupBy(v => v.Version)
            .Select(g => new PaperVersion(g.Key, g.Select(v => v.SubmittedAt).FirstOrDefault(t => t != null), g.Select(v => v.Size).FirstOrDefault(s => s != null)))
            .OrderBy(v => v.Version).ToList();
    }

    public static DailyEntry MergeEntry(DailyEntry? stored, DailyEntry incoming)
    {
        incoming = incoming with
        {
            SubmittedAt = Storage.SqlTime.Truncate(incoming.SubmittedAt),
            Title = incoming.Title is null ? null : PaperText.CollapseWhitespace(incoming.Title),
        };
        if (stored is null) return incoming;
        // A paper submitted here keeps its submitter, time and organisation when the same day arrives from HF.
        var local = stored.Source == Storage.SubmissionStore.Source;
        return stored with
        {
            SubmittedAt = local ? stored.SubmittedAt : stored.SubmittedAt ?? incoming.SubmittedAt,
            SubmittedBy = local ? stored.SubmittedBy : incoming.SubmittedBy ?? stored.SubmittedBy,
            Organization = local ? stored.Organization : incoming.Organization ?? stored.Organization,
            Title = incoming.Title ?? stored.Title,
            NumComments = Math.Max(stored.NumComments, incoming.NumComments),
            IsAuthorParticipating = incoming.IsAuthorParticipating ?? stored.IsAuthorParticipating,
        };
    }

    private static string NonEmpty(string a, string b) => string.IsNullOrWhiteSpace(a) ? b : a;
    private static int? Max(int? a, int? b) => a is null ? b : b is null ? a : Math.Max(a.Value, b.Value);
    private static DateTimeOffset? Max(DateTimeOffset? a, DateTimeOffset? b) => a is null ? b : b is null ? a : (a > b ? a : b);
    private static DateTimeOffset? Min(DateTimeOffset? a, DateTimeOffset? b) => a is null ? b : b is null ? a : (a < b ? a : b);
}
