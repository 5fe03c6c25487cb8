namespace DailyPapers.Web.Votes;

/// <summary>The upvote button of one paper: a card's square (default) or the paper page's pill.</summary>
public sealed record VoteButtonModel(long PaperId, string ArxivId, int Upvotes, bool Pill = false);
