using DailyPapers.Accounts;
using DailyPapers.Community;
using DailyPapers.Papers;
using DailyPapers.Storage;
using DailyPapers.Tests.Storage;
using Dapper;
using Microsoft.Extensions.Time.Testing;

namespace DailyPapers.Tests.Accounts;

/// <summary>AccountStore on both dialects: sign-up rules, lockout, one-time tokens, API tokens, deletion.</summary>
public sealed class AccountStoreTests
{
    private static readonly FakeTimeProvider Clock0 = new(DateTimeOffset.Parse("2026-03-02T10:00:00Z"));

    private static FakeTimeProvider NewClock() => new(Clock0.GetUtcNow());

    // A cheap, valid stored hash: the stores never look inside it.
    private const string Hash = "pbkdf2-sha512$1$AAAA$AAAA";

    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Dialects), MemberType = typeof(TestDatabase))]
    public async Task Sign_up_refuses_taken_handles_case_insensitively_and_says_when_an_HF_user_has_it(string dialect)
    {
        await using var t = await TestDatabase.CreateAsync(dialect);
        var store = new AccountStore(t.Db, NewClock());
        await using (var c = await t.Db.OpenAsync())
            await c.ExecuteAsync("INSERT INTO users (handle, full_name, created_at) VALUES ('AKhaliq', 'AK', '2024-01-01T00:00:00.000Z')");

        Assert.Equal(CreateAccountOutcome.HandleTakenByImportedUser, (await store.CreateAsync("akhaliq", "a@example.org", Hash)).Outcome);
        var created = await store.CreateAsync("Ada", "ada@example.org", Hash);
        Assert.Equal(CreateAccountOutcome.Created, created.Outcome);
        Assert.Equal(CreateAccountOutcome.HandleTaken, (await store.CreateAsync("ADA", "other@example.org", Hash)).Outcome);
        Assert.Equal(CreateAccountOutcome.EmailTaken, (await store.CreateAsync("ada2", "ada@example.org", Hash)).Outcome);

        var ada = await store.FindByEmailAsync("ada@example.org");
        Assert.NotNull(ada);
        Assert.Equal((created.Id, "Ada", Role.User, false, true), (ada.Id, ada.Handle, ada.Role, ada.IsConfirmed, ada.IsLocal));
        Assert.Equal(ada.Id, (await store.FindByHandleAsync("aDa"))!.Id);
        Assert.False((await store.FindByHandleAsync("akhaliq"))!.IsLocal);
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Dialects), MemberType = typeof(TestDatabase))]
    public async Task The_Nth_failed_sign_in_locks_the_account_and_a_success_clears_the_count(string dialect)
    {
        await using var t = await TestDatabase.CreateAsync(dialect);
        var clock = NewClock();
        var store = new AccountStore(t.Db, clock);
        var id = (await store.CreateAsync("bob", "bob@example.org", Hash)).Id;

        Assert.Null(await store.RecordFailedSigninAsync(id, 3, TimeSpan.FromMinutes(15)));
        await store.RecordSigninAsync(id);
        Assert.Null(await store.RecordFailedSigninAsync(id, 3, TimeSpan.FromMinutes(15)));
        Assert.Null(await store.RecordFailedSigninAsync(id, 3, TimeSpan.FromMinutes(15)));
        var until = await store.RecordFailedSigninAsync(id, 3, TimeSpan.FromMinutes(15));
        Assert.Equal(clock.GetUtcNow() + TimeSpan.FromMinutes(15), until);
        var bob = (await store.FindByIdAsync(id))!;
        Assert.Equal((0, until), (bob.FailedSignins, bob.LockedUntil));
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Dialects), MemberType = typeof(TestDatabase))]
    public async Task One_time_tokens_work_once_before_expiry_for_their_purpose_and_only_their_hash_is_stored(string dialect)
    {
        await using var t = await TestDatabase.CreateAsync(dialect);
        var clock = NewClock();
        var store = new AccountStore(t.Db, clock);
        var id = (await store.CreateAsync("cy", "cy@example.org", Hash)).Id;

        var token = await store.IssueTokenAsync(id, TokenPurpose.ChangeEmail, TimeSpan.FromHours(1), "new@example.org");
        await using (var c = await t.Db.OpenAsync())
            Assert.Equal(AccountRules.HashToken(token), await c.ExecuteScalarAsync<string>("SELECT token_hash FROM account_tokens"));
        Assert.Equal(RedeemOutcome.Unknown, (await store.RedeemTokenAsync(token, TokenPurpose.ResetPassword)).Outcome);
        Assert.Equal(RedeemOutcome.Unknown, (await store.RedeemTokenAsync(token[..^1] + (token[^1] == 'A' ? 'B' : 'A'), TokenPurpose.ChangeEmail)).Outcome);
        Assert.Equal(RedeemOutcome.Ok, await store.CheckTokenAsync(token, TokenPurpose.ChangeEmail));
        Assert.Equal(new RedeemResult(RedeemOutcome.Ok, id, "new@example.org"), await store.RedeemTokenAsync(token, TokenPurpose.ChangeEmail));
        Assert.Equal(RedeemOutcome.Used, (await store.RedeemTokenAsync(token, TokenPurpose.ChangeEmail)).Outcome);

        var reset = await store.IssueTokenAsync(id, TokenPurpose.ResetPassword, TimeSpan.FromMinutes(60));
        clock.Advance(TimeSpan.FromMinutes(61));
        Assert.Equal(RedeemOutcome.Expired, await store.CheckTokenAsync(reset, TokenPurpose.ResetPassword));
        Assert.Equal(RedeemOutcome.Expired, (await store.RedeemTokenAsync(reset, TokenPurpose.ResetPassword)).Outcome);

        // A newer link replaces the older one.
        var first = await store.IssueTokenAsync(id, TokenPurpose.ConfirmEmail, TimeSpan.FromHours(1));
        var second = await store.IssueTokenAsync(id, TokenPurpose.ConfirmEmail, TimeSpan.FromHours(1));
        Assert.Equal(RedeemOutcome.Used, (await store.RedeemTokenAsync(first, TokenPurpose.ConfirmEmail)).Outcome);
        Assert.Equal(RedeemOutcome.Ok, (await store.RedeemTokenAsync(second, TokenPurpose.ConfirmEmail)).Outcome);
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Dialects), MemberType = typeof(TestDatabase))]
    public async Task Api_tokens_authenticate_until_revoked_and_record_use_at_most_once_a_minute(string dialect)
    {
        await using var t = await TestDatabase.CreateAsync(dialect);
        var clock = NewClock();
        var store = new AccountStore(t.Db, clock);
        var id = (await store.CreateAsync("dee", "dee@example.org", Hash, confirmed: true)).Id;
        var other = (await store.CreateAsync("eve", "eve@example.org", Hash, confirmed: true)).Id;

        var (token, info) = await store.CreateApiTokenAsync(id, "script");
        Assert.StartsWith("dp_", token);
        Assert.StartsWith(info.Prefix, token);
        Assert.Equal(id, (await store.AuthenticateApiTokenAsync(token))!.Id);
        var firstUse = (await store.ListApiTokensAsync(id)).Single().LastUsedAt;
        Assert.Equal(clock.GetUtcNow(), firstUse);
        clock.Advance(TimeSpan.FromSeconds(30));
        await store.AuthenticateApiTokenAsync(token);
        Assert.Equal(firstUse, (await store.ListApiTokensAsync(id)).Single().LastUsedAt);
        clock.Advance(TimeSpan.FromSeconds(31));
        await store.AuthenticateApiTokenAsync(token);
        Assert.Equal(clock.GetUtcNow(), (await store.ListApiTokensAsync(id)).Single().LastUsedAt);

        Assert.Null(await store.AuthenticateApiTokenAsync(token + "x"));
        Assert.Null(await store.AuthenticateApiTokenAsync("not-a-token"));
        Assert.False(await store.RevokeApiTokenAsync(other, info.Id));
        Assert.True(await store.RevokeApiTokenAsync(id, info.Id));
        Assert.False(await store.RevokeApiTokenAsync(id, info.Id));
        Assert.Null(await store.AuthenticateApiTokenAsync(token));
        Assert.NotNull((await store.ListApiTokensAsync(id)).Single().RevokedAt);
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Dialects), MemberType = typeof(TestDatabase))]
    public async Task Deleting_an_account_removes_its_votes_recomputes_scores_and_frees_the_handle(string dialect)
    {
        await using var t = await TestDatabase.CreateAsync(dialect);
        var clock = NewClock();
        var papers = new PaperStore(t.Db, clock);
        await papers.ImportBatchAsync([
            new ImportRecord(new Paper { ArxivId = "2603.00001", Title = "One", Abstract = "A", HfUpvotes = 5 },
                new DailyEntry { ArxivId = "2603.00001", FeedDate = new DateOnly(2026, 3, 2) }),
            new ImportRecord(new Paper { ArxivId = "2603.00002", Title = "Two", Abstract = "B", HfUpvotes = 0 },
                new DailyEntry { ArxivId = "2603.00002", FeedDate = new DateOnly(2026, 3, 2) }),
        ]);
        var p1 = (await papers.GetAsync("2603.00001"))!.Id;
        var p2 = (await papers.GetAsync("2603.00002"))!.Id;
        var store = new AccountStore(t.Db, clock);
        var votes = new VoteStore(t.Db, clock);
        var gone = (await store.CreateAsync("gone", "gone@example.org", Hash, confirmed: true)).Id;
        var stays = (await store.CreateAsync("stays", "stays@example.org", Hash, confirmed: true)).Id;
        await votes.SetAsync(gone, p1, true);
        await votes.SetAsync(gone, p2, true);
        await votes.SetAsync(stays, p2, true);
        await store.CreateApiTokenAsync(gone, "x");
        await using (var c = await t.Db.OpenAsync())
            await c.ExecuteAsync("UPDATE daily_entries SET submitted_by = @gone WHERE paper_id = @p1", new { gone, p1 });
        Assert.Equal((6, 2), ((await papers.GetAsync("2603.00001"))!.Upvotes, (await papers.GetAsync("2603.00002"))!.Upvotes));

        Assert.Equal([p1, p2], (await store.DeleteAsync(gone)).Order());

        Assert.Equal((5, 1), ((await papers.GetAsync("2603.00001"))!.Upvotes, (await papers.GetAsync("2603.00002"))!.Upvotes));
        Assert.Null(await store.FindByEmailAsync("gone@example.org"));
        Assert.Null(await store.FindByHandleAsync("gone"));
        var row = (await store.FindByIdAsync(gone))!;
        Assert.Equal(($"deleted-{gone}", null, null), (row.Handle, row.Email, row.PasswordHash));
        Assert.NotNull(row.DeletedAt);
        Assert.Null((await papers.GetAsync("2603.00001"))!.Entries.Single().SubmittedBy);
        Assert.Empty(await store.ListApiTokensAsync(gone));
        Assert.Equal(CreateAccountOutcome.Created, (await store.CreateAsync("gone", "gone@example.org", Hash)).Outcome);
        Assert.True(await votes.HasVotedAsync(stays, p2));
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Dialects), MemberType = typeof(TestDatabase))]
    public async Task Profile_lists_submitted_claimed_and_only_public_upvotes(string dialect)
    {
        await using var t = await TestDatabase.CreateAsync(dialect);
        var papers = new PaperStore(t.Db);
        await papers.ImportBatchAsync([
            new ImportRecord(new Paper
                {
                    ArxivId = "2603.00003", Title = "Mine", Abstract = "A",
                    Authors = [new PaperAuthor("Fay") { Status = AuthorStatus.ClaimedVerified, User = new UserRef("fay") }, new PaperAuthor("Gus")],
                },
                new DailyEntry { ArxivId = "2603.00003", FeedDate = new DateOnly(2026, 3, 2), SubmittedBy = new UserRef("fay") }),
        ]);
        var store = new AccountStore(t.Db);
        var fay = (await store.FindByHandleAsync("fay"))!;
        var paperId = (await papers.GetAsync("2603.00003"))!.Id;
        await new VoteStore(t.Db).SetAsync(fay.Id, paperId, true);

        var lists = await store.GetProfilePapersAsync(fay, 10);
        Assert.Equal([paperId], lists.Submitted);
        Assert.Equal([paperId], lists.Claimed);
        Assert.Equal([paperId], lists.Upvoted!);
        await store.SetUpvotesPublicAsync(fay.Id, false);
        Assert.Null((await store.GetProfilePapersAsync((await store.FindByIdAsync(fay.Id))!, 10)).Upvoted);
    }
}
