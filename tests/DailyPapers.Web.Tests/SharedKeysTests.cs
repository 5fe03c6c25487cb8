using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace DailyPapers.Web.Tests;

/// <summary>Two web nodes on one database share the Data Protection key ring, so cookies from one work on the other.</summary>
public sealed class SharedKeysTests
{
    private sealed class Node(string dataDir, string database) : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseSetting("DailyPapers:DataDir", dataDir);
            builder.UseSetting("DailyPapers:Database", database);
            builder.UseSetting("DailyPapers:DemoCorpus", "none");
            builder.UseSetting("DailyPapers:Embeddings", "off");
        }
    }

    [Fact]
    public void A_payload_protected_on_one_node_is_readable_on_another_and_not_with_other_keys()
    {
        var root = Path.Combine(Path.GetTempPath(), "dp-keys-" + Guid.NewGuid().ToString("N"));
        try
        {
            var db = Path.Combine(root, "shared.db");
            using var a = new Node(Path.Combine(root, "a"), db);
            using var b = new Node(Path.Combine(root, "b"), db);
            using var other = new Node(Path.Combine(root, "c"), Path.Combine(root, "other.db"));
            var purpose = "test";
            var token = a.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector(purpose).Protect("signed in as ada");
            Assert.Equal("signed in as ada", b.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector(purpose).Unprotect(token));
            Assert.ThrowsAny<System.Security.Cryptography.CryptographicException>(() =>
                other.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector(purpose).Unprotect(token));
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try { Directory.Delete(root, true); } catch (IOException) { }
        }
    }
}
