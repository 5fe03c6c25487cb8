using DailyPapers.Community;
using DailyPapers.Papers;
using DailyPapers.Storage;
using DailyPapers.Tests.Storage;
using Dapper;
using Microsoft.Extensions.Time.Testing;

namespace DailyPapers.Tests.Community;

/// <summary>The claim workflow and organisation membership on both dialects, and HF re-imports keeping local claims.</summary>
public sealed class ClaimStoreTests
{
    private const string Id = "2501.00001";

    private static ImportRecord Rec(params PaperAuthor[] authors) => new(new Paper
    {
        ArxivId = Id, Title = "A paper", Abstract = "About things.", HfUpvotes = 3,
        PublishedAt = DateTimeOffset.Parse("2025-01-02T03:04:05Z"), Authors = authors,
    }, new DailyEntry { ArxivId = Id, FeedDate = new DateOnly(2025, 1, 3) });

    private static readonly PaperAuthor[] HfAuthors =
    [
        new("Ada Lovelace"),
        new("Alan Turing") { Status = AuthorStatus.ExtractedPending, User = new UserRef("aturing") },
        new("Grace Hopper") { Status = AuthorStatus.ClaimedVerified, User = new UserRef("ghopper") },
    ];

    private sealed record Setup(TestDatabase T, PaperStore Papers, ClaimStore Claims, long PaperId, long Ada, long Bob, long Mod, FakeTimeProvider Clock) : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => T.DisposeAsync();
    }

    private static async Task<Setup> SetupAsync(string dialect)
    {
        var t = await TestDatabase.CreateAsync(dialect);
        var clock = new FakeTimeProvider(DateTimeOffset.Parse("2026-03-02T10:00:00Z"));
        var papers = new PaperStore(t.Db, clock);
        await papers.ImportBatchAsync([Rec(HfAuthors)]);
        var accounts = new AccountStore(t.Db, clock);
        long Make(string h, Role r = Role.User) => accounts.CreateAsync(h, h + "@uni.example.edu", "pbkdf2-sha512$1$AAAA$AAAA", r, confirmed: true).GetAwaiter().GetResult().Id;
        var paperId = (await papers.GetAsync(Id))!.Id;
        return new Setup(t, papers, new ClaimStore(t.Db, clock), paperId, Make("ada"), Make("bob"), Make("mod", Role.Moderator), clock);
    }

    private static async Task<long> ChangeCountAsync(Database db)
    {
        await using var c = await db.OpenAsync();
        return await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM paper_changes");
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Dialects), MemberType = typeof(TestDatabase))]
    public async Task A_claim_goes_pending_then_approved_and_links_the_author_with_a_logged_change(string dialect)
    {
        await using var s = await SetupAsync(dialect);
        var (outcome, claimId) = await s.Claims.ClaimAsync(s.Ada, s.PaperId, 0);
        Assert.Equal(ClaimOutcome.Created, outcome);
        var (queue, total) = await s.Claims.ListPendingAsync(10);
        Assert.Equal(1, total);
        Assert.Equal((claimId, "Ada Lovelace", "ada", "uni.example.edu"), (queue[0].Id, queue[0].AuthorName, queue[0].Handle, queue[0].EmailDomain));
        Assert.Null((await s.Papers.GetAsync(Id))!.Paper.Authors[0].Status); // nothing shown before a decision

        var changes = await ChangeCountAsync(s.T.Db);
        s.Clock.Advance(TimeSpan.FromHours(1));
        Assert.Equal(DecideOutcome.Approved, await s.Claims.DecideAsync(claimId, s.Mod, approve: true, null));
        var ada = (await s.Papers.GetAsync(Id))!.Paper.Authors[0];
        Assert.Equal(("ada", AuthorStatus.ClaimedVerified, s.Clock.GetUtcNow()), (ada.User?.Handle, ada.Status, ada.StatusChangedAt));
        Assert.Equal(changes + 1, await ChangeCountAsync(s.T.Db)); // search indexes re-read the paper
        Assert.Equal(0, (await s.Claims.ListPendingAsync(10)).Total);
        Assert.Equal(DecideOutcome.NotPending, await s.Claims.DecideAsync(claimId, s.Mod, approve: false, "late"));
        Assert.Equal(ClaimOutcome.AlreadyYours, (await s.Claims.ClaimAsync(s.Ada, s.PaperId, 0)).Outcome);
        Assert.Equal(ClaimOutcome.AlreadyVerified, (await s.Claims.ClaimAsync(s.Bob, s.PaperId, 0)).Outcome);
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Dialects), MemberType = typeof(TestDatabase))]
    public async Task Rejection_and_withdrawal_close_a_claim_and_free_the_entry(string dialect)
    {
        await using var s = await SetupAsync(dialect);
        var (_, first) = await s.Claims.ClaimAsync(s.Bob, s.PaperId, 1);
        Assert.Equal(DecideOutcome.Rejected, await s.Claims.DecideAsync(first, s.Mod, approve: false, "  not this Alan  "));
        var rejected = (await s.Claims.GetAsync(first))!;
        Assert.Equal((ClaimStatus.Rejected, "not this Alan", "mod"), (rejected.Status, rejected.Reason, rejected.DecidedByHandle));
        Assert.Equal(AuthorStatus.ExtractedPending, (await s.Papers.GetAsync(Id))!.Paper.Authors[1].Status);

        var (again, second) = await s.Claims.ClaimAsync(s.Bob, s.PaperId, 1);
        Assert.Equal(ClaimOutcome.Created, again);
        Assert.False(await s.Claims.WithdrawAsync(second, s.Ada)); // not Ada's claim
        Assert.True(await s.Claims.WithdrawAsync(second, s.Bob));
        Assert.False(await s.Claims.WithdrawAsync(second, s.Bob)); // already withdrawn
        Assert.Equal(DecideOutcome.NotPending, await s.Claims.DecideAsync(second, s.Mod, approve: true, null));
        Assert.Equal([ClaimStatus.Withdrawn, ClaimStatus.Rejected], (await s.Claims.ListForUserAsync(s.Bob, 10)).Select(c => c.Status));
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Dialects), MemberType = typeof(TestDatabase))]
    public async Task Duplicate_and_verified_claims_are_refused(string dialect)
    {
        await using var s = await SetupAsync(dialect);
        Assert.Equal(ClaimOutcome.Created, (await s.Claims.ClaimAsync(s.Ada, s.PaperId, 0)).Outcome);
        Assert.Equal(ClaimOutcome.OpenClaimExists, (await s.Claims.ClaimAsync(s.Ada, s.PaperId, 0)).Outcome);
        Assert.Equal(ClaimOutcome.OpenClaimExists, (await s.Claims.ClaimAsync(s.Bob, s.PaperId, 0)).Outcome); // one open claim per entry
        Assert.Equal(ClaimOutcome.YouClaimedAnother, (await s.Claims.ClaimAsync(s.Ada, s.PaperId, 1)).Outcome);
        Assert.Equal(ClaimOutcome.AlreadyVerified, (await s.Claims.ClaimAsync(s.Bob, s.PaperId, 2)).Outcome); // HF-verified Grace
        Assert.Equal(ClaimOutcome.NoSuchAuthor, (await s.Claims.ClaimAsync(s.Bob, s.PaperId, 3)).Outcome);
        Assert.Equal(1, (await s.Claims.ListPendingAsync(10)).Total);
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Dialects), MemberType = typeof(TestDatabase))]
    public async Task An_admin_assignment_replaces_open_claims_and_hiding_keeps_the_verification(string dialect)
    {
        await using var s = await SetupAsync(dialect);
        var (_, bobs) = await s.Claims.ClaimAsync(s.Bob, s.PaperId, 0);
        Assert.True(await s.Claims.AssignAsync(s.Mod, s.PaperId, 0, s.Ada));
        Assert.Equal(ClaimStatus.Rejected, (await s.Claims.GetAsync(bobs))!.Status);
        var ada = (await s.Papers.GetAsync(Id))!.Paper.Authors[0];
        Assert.Equal(("ada", AuthorStatus.AdminAssigned), (ada.User?.Handle, ada.Status));

        Assert.False(await s.Claims.SetHiddenFromProfileAsync(s.Bob, s.PaperId, true)); // not Bob's paper
        Assert.True(await s.Claims.SetHiddenFromProfileAsync(s.Ada, s.PaperId, true));
        var accounts = new AccountStore(s.T.Db);
        var profile = await accounts.GetProfilePapersAsync((await accounts.FindByIdAsync(s.Ada))!, 10);
        Assert.Empty(profile.Claimed);
        Assert.True(await s.Claims.SetHiddenFromProfileAsync(s.Ada, s.PaperId, false));
        profile = await accounts.GetProfilePapersAsync((await accounts.FindByIdAsync(s.Ada))!, 10);
        Assert.Equal([s.PaperId], profile.Claimed);
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Dialects), MemberType = typeof(TestDatabase))]
    public async Task Re_importing_HF_data_keeps_local_claims(string dialect)
    {
        await using var s = await SetupAsync(dialect);
        var (_, claim) = await s.Claims.ClaimAsync(s.Ada, s.PaperId, 0);
        await s.Claims.DecideAsync(claim, s.Mod, approve: true, null);
        await s.Claims.SetHiddenFromProfileAsync(s.Ada, s.PaperId, true);

        // The same HF record again: nothing to write.
        Assert.Equal([ImportOutcome.Unchanged], await s.Papers.ImportBatchAsync([Rec(HfAuthors)]));

        // Newer HF data says someone else on HF verified "Ada Lovelace", and adds a first author.
        PaperAuthor[] newer = [new("New Author"), new("Ada Lovelace") { Status = AuthorStatus.ClaimedVerified, User = new UserRef("ada-on-hf") }, .. HfAuthors[1..]];
        Assert.Equal([ImportOutcome.Updated], await s.Papers.ImportBatchAsync([Rec(newer) with { Paper = Rec(newer).Paper with { Title = "A paper, v2" } }]));
        var authors = (await s.Papers.GetAsync(Id))!.Paper.Authors;
        Assert.Equal(4, authors.Count);
        Assert.Equal(("Ada Lovelace", "ada", AuthorStatus.ClaimedVerified, true), (authors[1].Name, authors[1].User?.Handle, authors[1].Status, authors[1].Hidden));
        Assert.Equal("ghopper", authors[3].User?.Handle);
        await using var c = await s.T.Db.OpenAsync();
        Assert.Equal(s.Ada, await c.ExecuteScalarAsync<long>("SELECT user_id FROM paper_authors WHERE paper_id = @id AND position = 1", new { id = s.PaperId }));
        // The import never attached the local account's claim to an HF look-alike.
        Assert.Equal(0, await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM users WHERE handle = 'hf:ada'"));
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Dialects), MemberType = typeof(TestDatabase))]
    public async Task Organisations_count_papers_from_either_attribution_and_keep_members(string dialect)
    {
        await using var s = await SetupAsync(dialect);
        var orgs = new OrganizationStore(s.T.Db, s.Clock);
        var lab = await orgs.EnsureAsync("lab", "The Lab");
        Assert.Equal(lab, await orgs.EnsureAsync("lab", "Other name"));
        Assert.Equal(0, (await orgs.GetAsync("LAB"))!.PaperCount);
        await new PaperLinkStore(s.T.Db, s.Clock).UpdateAsync(s.PaperId, new PaperLinkEdit("https://github.com/o/r", null, true, lab));
        var org = (await orgs.GetAsync("lab"))!;
        Assert.Equal(("The Lab", 1), (org.DisplayName, org.PaperCount));
        Assert.Equal([s.PaperId], (await orgs.GetPaperIdsAsync(lab, OrgPaperSort.Trending, 0, 10)).PaperIds);
        Assert.Equal("https://github.com/o/r", (await s.Papers.GetAsync(Id))!.Paper.GithubRepo);

        await orgs.SetMemberAsync(lab, s.Ada, OrganizationStore.MemberRole);
        await orgs.SetMemberAsync(lab, s.Bob, OrganizationStore.AdminRole);
        await orgs.SetMemberAsync(lab, s.Ada, OrganizationStore.AdminRole); // role change, not a second row
        Assert.Equal(["ada", "bob"], (await orgs.ListMembersAsync(lab)).Select(m => m.Handle));
        Assert.Equal(["lab"], await orgs.MembershipsAsync(s.Ada));
        Assert.True(await orgs.RemoveMemberAsync(lab, s.Ada));
        Assert.Null(await orgs.RoleOfAsync(lab, s.Ada));
        Assert.Equal(OrganizationStore.AdminRole, await orgs.RoleOfAsync(lab, s.Bob));
    }
}
