using DailyPapers.Ingest.Harvest;
using DailyPapers.Storage;

namespace DailyPapers.Community;

/// <summary>
/// A submission from form to feed: checks the fields, asks the store (which checks the rules), fetches the paper
/// from arXiv only when the database does not have it and no rule has refused yet, then asks the store again with
/// the paper (the rules are checked once more under the store's lock, now with the publication date).
/// </summary>
public sealed class PaperSubmitter(SubmissionStore store, ArxivPaperFetcher arxiv, SubmissionSettings settings)
{
    public SubmissionSettings Settings => settings;

    public async Task<SubmitResult> SubmitAsync(long userId, SubmissionForm form, CancellationToken ct = default)
    {
        var (request, problem) = SubmissionInput.Validate(form);
        if (request is null) return new SubmitResult(SubmitOutcome.BadInput, problem!);
        var first = await store.SubmitAsync(userId, request, settings, null, ct);
        if (first.Outcome != SubmitOutcome.NeedsFetch) return first;
        var fetched = await arxiv.FetchAsync(request.Id, ct);
        if (fetched.Paper is null)
            return new SubmitResult(fetched.Unreachable ? SubmitOutcome.ArxivUnreachable : SubmitOutcome.NotOnArxiv, fetched.Problem!, request.Id.Id);
        return await store.SubmitAsync(userId, request, settings, fetched.Paper, ct);
    }
}
