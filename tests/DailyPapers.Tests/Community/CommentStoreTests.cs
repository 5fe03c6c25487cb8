using DailyPapers.Accounts;
using DailyPapers.Community;
using DailyPapers.Papers;
using DailyPapers.Ranking;
using DailyPapers.Storage;
using DailyPapers.Tests.Storage;
using Dapper;
using Microsoft.Extensions.Time.Testing;

namespace DailyPapers.Tests.Community;

/// <summary>CommentStore on both dialects: threads, own edits and deletes, hiding, count recompute, notifications.</summary>
public sealed class CommentStoreTests
{
    private const string Hash = "pbkdf2-sha512$1$AAAA$AAAA";
    private const string Id = "2503.00042";
    private const int HfComments = 3;

    private sealed record World(TestDatabase T, CommentStore Comments, PaperStore Papers, AccountStore Accounts, long PaperId, long Ada, long Bob, long Mod)
        : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => T.DisposeAsync();
        public async Task<PaperView> PaperAsync() => (await Papers.GetAsync(Id))!;
    }

    private static async Task<World> WorldAsync(string dialect)
    {
        var t = await TestDatabase.CreateAsync(dialect);
        var clock = new FakeTimeProvider(DateTimeOffset.Parse("2026-03-02T10:00:00Z"));
        var papers = new PaperStore(t.Db, clock);
        await papers.ImportBatchAsync([new ImportRecord(new Paper { ArxivId = Id, Title = "T", Abstract = "A", HfUpvotes = 4 },
            new DailyEntry { ArxivId = Id, FeedDate = new DateOnly(2026, 3, 1), NumComments = HfComments })]);
        var accounts = new AccountStore(t.Db, clock);
        var ada = (await accounts.CreateAsync("ada", "ada@example.org", Hash, confirmed: true)).Id;
        var bob = (await accounts.CreateAsync("Bob", "bob@example.org", Hash, confirmed: false)).Id;
        var mod = (await accounts.CreateAsync("mod", "mod@example.org", Hash, Role.Moderator, confirmed: true)).Id;
        return new World(t, new CommentStore(t.Db, clock), papers, accounts, (await papers.GetAsync(Id))!.Id, ada, bob, mod);
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Dialects), MemberType = typeof(TestDatabase))]
    public async Task Count_and_hotness_are_recomputed_on_add_delete_hide_and_unhide(string dialect)
    {
        await using var w = await WorldAsync(dialect);
        var a = await w.Comments.AddAsync(w.PaperId, w.Ada, null, "First!");
        Assert.Equal(CommentOutcome.Ok, a.Outcome);
        var b = await w.Comments.AddAsync(w.PaperId, w.Bob, null, "Second");
        Assert.Equal(HfComments + 2, b.NumComments);
        var p = await w.PaperAsync();
        Assert.Equal(HfComments + 2, p.NumComments);
        Assert.Equal(Hotness.Compute(p.Upvotes, HfComments + 2, p.FirstFeaturedAt!.Value), p.Hotness, 6);

        Assert.Equal(HfComments + 1, (await w.Comments.HideAsync(a.Comment!.Id, w.Mod, "spam")).NumComments);
        Assert.Equal(HfComments + 2, (await w.Comments.UnhideAsync(a.Comment.Id, w.Mod)).NumComments);
        Assert.Equal(HfComments + 1, (await w.Comments.DeleteAsync(b.Comment!.Id, w.Bob)).NumComments);
        p = await w.PaperAsync();
        Assert.Equal(HfComments + 1, p.NumComments);
        Assert.Equal(Hotness.Compute(p.Upvotes, HfComments + 1, p.FirstFeaturedAt!.Value), p.Hotness, 6);

        // A stale counter is never trusted: the next write recounts from the table.
        await using (var c = await w.T.Db.OpenAsync())
            await c.ExecuteAsync("UPDATE papers SET num_comments = 999 WHERE id = @id", new { id = w.PaperId });
        Assert.Equal(HfComments + 2, (await w.Comments.AddAsync(w.PaperId, w.Ada, null, "again")).NumComments);
        // Each write logged a change for the search indexes.
        await using (var c = await w.T.Db.OpenAsync())
            Assert.True(await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM paper_changes WHERE paper_id = @id", new { id = w.PaperId }) >= 6);
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Dialects), MemberType = typeof(TestDatabase))]
    public async Task Replies_are_one_level_deep_and_notify_the_author_replied_to(string dialect)
    {
        await using var w = await WorldAsync(dialect);
        var top = (await w.Comments.AddAsync(w.PaperId, w.Ada, null, "A question")).Comment!;
        var reply = await w.Comments.AddAsync(w.PaperId, w.Bob, top.Id, "An answer");
        Assert.Equal(top.Id, reply.Comment!.ParentId);
        Assert.Equal([(w.Ada, NotificationKind.Reply, "ada@example.org")], reply.Notified.Select(n => (n.UserId, n.Kind, n.Email)));

        // Replying to a reply stays under the top-level comment and tells the reply's author (Bob: unconfirmed, so no email).
        var deeper = await w.Comments.AddAsync(w.PaperId, w.Ada, reply.Comment.Id, "Thanks");
        Assert.Equal(top.Id, deeper.Comment!.ParentId);
        Assert.Equal([(w.Bob, NotificationKind.Reply, (string?)null)], deeper.Notified.Select(n => (n.UserId, n.Kind, n.Email)));
        // Replying to yourself tells nobody.
        Assert.Empty((await w.Comments.AddAsync(w.PaperId, w.Ada, top.Id, "me again")).Notified);

        var list = await w.Comments.ListAsync(w.PaperId);
        Assert.Equal([top.Id, reply.Comment.Id, deeper.Comment.Id], list.Take(3).Select(c => c.Id));
        Assert.Equal(("ada", false), (list[0].Handle, list[0].AuthorDeleted));

        Assert.Equal(CommentOutcome.NotFound, (await w.Comments.AddAsync(w.PaperId, w.Ada, 999_999, "x")).Outcome);
        await w.Comments.HideAsync(top.Id, w.Mod, "off topic");
        Assert.Equal(CommentOutcome.Invalid, (await w.Comments.AddAsync(w.PaperId, w.Bob, top.Id, "x")).Outcome);
        Assert.Equal(CommentOutcome.NotFound, (await w.Comments.AddAsync(w.PaperId + 1000, w.Bob, null, "x")).Outcome);
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Dialects), MemberType = typeof(TestDatabase))]
    public async Task Only_the_author_edits_or_deletes_and_a_delete_empties_the_text(string dialect)
    {
        await using var w = await WorldAsync(dialect);
        var c = (await w.Comments.AddAsync(w.PaperId, w.Ada, null, "Tpyo **here**")).Comment!;
        Assert.Null(c.EditedAt);
        Assert.Equal(CommentOutcome.Forbidden, (await w.Comments.EditAsync(c.Id, w.Bob, "mine now")).Outcome);
        Assert.Equal(CommentOutcome.Forbidden, (await w.Comments.DeleteAsync(c.Id, w.Mod)).Outcome);

        var edited = await w.Comments.EditAsync(c.Id, w.Ada, "Typo *fixed*\r\n");
        Assert.Equal(CommentOutcome.Ok, edited.Outcome);
        Assert.Equal("Typo *fixed*", edited.Comment!.Body);
        Assert.Contains("<em>fixed</em>", edited.Comment.Html);
        Assert.NotNull(edited.Comment.EditedAt);

        Assert.Equal(CommentOutcome.Invalid, (await w.Comments.EditAsync(c.Id, w.Ada, "   ")).Outcome);
        var tooLong = await w.Comments.EditAsync(c.Id, w.Ada, new string('x', 101), maxLength: 100);
        Assert.Equal(CommentOutcome.Invalid, tooLong.Outcome);
        Assert.Contains("at most 100 characters; this one has 101", tooLong.Error);

        Assert.Equal(CommentOutcome.Ok, (await w.Comments.DeleteAsync(c.Id, w.Ada)).Outcome);
        var gone = (await w.Comments.GetAsync(c.Id))!;
        Assert.Equal(("", "", true), (gone.Body, gone.Html, gone.IsDeleted));
        Assert.Equal(CommentOutcome.NotFound, (await w.Comments.EditAsync(c.Id, w.Ada, "back")).Outcome);
        Assert.Equal(CommentOutcome.NotFound, (await w.Comments.DeleteAsync(c.Id, w.Ada)).Outcome);
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Dialects), MemberType = typeof(TestDatabase))]
    public async Task Hiding_needs_a_reason_and_keeps_the_text_for_moderators(string dialect)
    {
        await using var w = await WorldAsync(dialect);
        var c = (await w.Comments.AddAsync(w.PaperId, w.Ada, null, "buy pills")).Comment!;
        Assert.Equal(CommentOutcome.Invalid, (await w.Comments.HideAsync(c.Id, w.Mod, " ")).Outcome);
        var hidden = (await w.Comments.HideAsync(c.Id, w.Mod, "  spam ")).Comment!;
        Assert.Equal((true, "mod", "spam", "buy pills"), (hidden.IsHidden, hidden.HiddenByHandle, hidden.HiddenReason, hidden.Body));
        var shown = (await w.Comments.UnhideAsync(c.Id, w.Mod)).Comment!;
        Assert.Equal((false, null, null), (shown.IsHidden, shown.HiddenByHandle, shown.HiddenReason));
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Dialects), MemberType = typeof(TestDatabase))]
    public async Task Mentions_notify_existing_local_users_once_per_comment_and_edits_add_only_new_ones(string dialect)
    {
        await using var w = await WorldAsync(dialect);
        await using (var c = await w.T.Db.OpenAsync()) // an HF-imported person: linked, but cannot sign in to read a notification
            await c.ExecuteAsync("INSERT INTO users (handle, created_at) VALUES ('akhaliq', '2024-01-01T00:00:00.000Z')");

        var first = await w.Comments.AddAsync(w.PaperId, w.Ada, null, "cc @BOB and @bob, @akhaliq, @nobody and me @ada");
        Assert.Equal([(w.Bob, "Bob", NotificationKind.Mention)], first.Notified.Select(n => (n.UserId, n.Handle, n.Kind)));
        Assert.Contains("href=\"/users/BOB\"", first.Comment!.Html);
        Assert.Contains("href=\"/users/akhaliq\"", first.Comment.Html);
        Assert.DoesNotContain("/users/nobody", first.Comment.Html);

        var edit = await w.Comments.EditAsync(first.Comment.Id, w.Ada, "cc @bob and now @mod");
        Assert.Equal([w.Mod], edit.Notified.Select(n => n.UserId));
        Assert.Empty((await w.Comments.EditAsync(first.Comment.Id, w.Ada, "cc @bob, @mod!")).Notified);

        // A reply that also mentions the parent's author notifies them once, as a reply.
        var reply = await w.Comments.AddAsync(w.PaperId, w.Bob, first.Comment.Id, "@ada yes");
        Assert.Equal([(w.Ada, NotificationKind.Reply)], reply.Notified.Select(n => (n.UserId, n.Kind)));

        Assert.Equal(1, await w.Comments.UnreadCountAsync(w.Bob));
        var bobs = await w.Comments.ListNotificationsAsync(w.Bob);
        Assert.Equal([(NotificationKind.Mention, "ada", Id, false)], bobs.Select(n => (n.Kind, n.ActorHandle, n.ArxivId, n.IsRead)));
        Assert.Equal(1, await w.Comments.MarkReadAsync(w.Bob, bobs[0].Id));
        Assert.Equal(0, await w.Comments.UnreadCountAsync(w.Bob));
        Assert.Equal(0, await w.Comments.MarkReadAsync(w.Ada, bobs[0].Id)); // not Ada's to mark
        Assert.Equal(1, await w.Comments.UnreadCountAsync(w.Mod));
        await w.Comments.HideAsync(first.Comment.Id, w.Mod, "spam");
        Assert.Equal(0, await w.Comments.UnreadCountAsync(w.Mod)); // hidden comments leave the list
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Dialects), MemberType = typeof(TestDatabase))]
    public async Task A_deleted_accounts_comments_stay_with_their_author_marked_deleted(string dialect)
    {
        await using var w = await WorldAsync(dialect);
        var c = (await w.Comments.AddAsync(w.PaperId, w.Bob, null, "hello")).Comment!;
        await w.Accounts.DeleteAsync(w.Bob);
        var after = (await w.Comments.GetAsync(c.Id))!;
        Assert.True(after.AuthorDeleted);
        Assert.Equal("hello", after.Body);
        Assert.Empty((await w.Comments.AddAsync(w.PaperId, w.Ada, c.Id, "@Bob?")).Notified);
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Dialects), MemberType = typeof(TestDatabase))]
    public async Task Recent_comments_page_newest_first_leave_out_deleted_and_filter_hidden(string dialect)
    {
        await using var w = await WorldAsync(dialect);
        var ids = new List<long>();
        for (var i = 0; i < 5; i++) ids.Add((await w.Comments.AddAsync(w.PaperId, w.Ada, null, $"comment {i}")).Comment!.Id);
        await w.Comments.DeleteAsync(ids[4], w.Ada);
        await w.Comments.HideAsync(ids[1], w.Mod, "spam");

        var first = await w.Comments.RecentAsync(hiddenOnly: false, beforeId: null, limit: 2);
        Assert.Equal([ids[3], ids[2]], first.Select(m => m.Comment.Id));
        Assert.Equal(Id, first[0].ArxivId);
        Assert.Equal("T", first[0].PaperTitle);
        var second = await w.Comments.RecentAsync(false, first[^1].Comment.Id, 2);
        Assert.Equal([ids[1], ids[0]], second.Select(m => m.Comment.Id));
        Assert.Empty(await w.Comments.RecentAsync(false, second[^1].Comment.Id, 2));

        var hidden = Assert.Single(await w.Comments.RecentAsync(hiddenOnly: true, beforeId: null));
        Assert.Equal((ids[1], "spam"), (hidden.Comment.Id, hidden.Comment.HiddenReason));
    }
}
