namespace DailyPapers.Storage;

/// <summary>Keys of the cluster-wide locks (<see cref="Dialect.TransactionLockSql"/>).</summary>
public static class LockKeys
{
    public const long Migrations = 0x4450_0001;
    public const long Harvest = 0x4450_0002;
    public const long Digest = 0x4450_0003;
    public const long DemoImport = 0x4450_0004;
    public const long Embedding = 0x4450_0005;
}
