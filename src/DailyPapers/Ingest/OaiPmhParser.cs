namespace DailyPapers.Ingest;

/// <summary>One OAI-PMH response page.</summary>
public sealed record OaiPmhPage(IReadOnlyList<ParsedItem> Items, string? ResumptionToken, int? CompleteListSize, string? ErrorCode, string? ErrorMessage);

/// <summary>arXiv OAI-PMH XML (metadataPrefix arXiv and arXivRaw): ListRecords and GetRecord responses.</summary>
public static class OaiPmhParser
{
    // Placeholder signature: the harvest branch implements it.
    public static OaiPmhPage ParsePage(Stream xml, string sourceName) => throw new NotImplementedException("OAI-PMH parsing lands with the harvester");
}
