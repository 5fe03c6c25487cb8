using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using DailyPapers.Storage;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace DailyPapers.Web.Tests.Issue10;

/// <summary>Issue 10, point 12: the Data Protection key ring at rest, encrypted to a certificate from configuration.</summary>
public sealed class Issue10KeyProtectionTests : IDisposable
{
    private const string Password = "pfx password";
    private readonly string _root = Path.Combine(Path.GetTempPath(), "dp-cert-" + Guid.NewGuid().ToString("N"));

    public Issue10KeyProtectionTests() => Directory.CreateDirectory(_root);

    private sealed class Node(string dataDir, string database, IReadOnlyDictionary<string, string> settings) : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseSetting("DailyPapers:DataDir", dataDir);
            builder.UseSetting("DailyPapers:Database", database);
            builder.UseSetting("DailyPapers:DemoCorpus", "none");
            builder.UseSetting("DailyPapers:Embeddings", "off");
            foreach (var (k, v) in settings) builder.UseSetting(k, v);
        }
    }

    private Node NewNode(string name, Dictionary<string, string>? settings = null) =>
        new(Path.Combine(_root, name), Path.Combine(_root, "shared.db"), settings ?? []);

    private string WriteCertificate()
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=DailyPapers key ring (test)", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var cert = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        var path = Path.Combine(_root, "keys.pfx");
        File.WriteAllBytes(path, cert.Export(X509ContentType.Pfx, Password));
        return path;
    }

    private static IDataProtector Protector(Node node) => node.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("issue 10");

    [Fact]
    public void With_a_certificate_the_stored_keys_are_encrypted_and_useless_without_it()
    {
        var withCert = new Dictionary<string, string>
        {
            [DataProtectionKeys.CertificatePathKey] = WriteCertificate(),
            [DataProtectionKeys.CertificatePasswordKey] = Password,
        };
        using var a = NewNode("a", withCert);
        var token = Protector(a).Protect("signed in as ada");

        var stored = a.Services.GetRequiredService<KeyStore>().GetAll();
        Assert.NotEmpty(stored);
        Assert.All(stored, xml =>
        {
            Assert.Contains("<EncryptedData", xml, StringComparison.Ordinal);
            Assert.DoesNotContain("<masterKey", xml, StringComparison.Ordinal); // the plain secret element
        });

        using var b = NewNode("b", withCert); // another node with the certificate reads the shared ring
        Assert.Equal("signed in as ada", Protector(b).Unprotect(token));
        using var plain = NewNode("c"); // whoever has only the database cannot
        Assert.ThrowsAny<CryptographicException>(() => Protector(plain).Unprotect(token));
    }

    [Fact]
    public void Without_a_certificate_keys_are_stored_in_plain_xml()
    {
        using var node = NewNode("plain");
        Protector(node).Protect("x");
        Assert.Contains(node.Services.GetRequiredService<KeyStore>().GetAll(), xml => xml.Contains("<masterKey", StringComparison.Ordinal));
    }

    [Fact]
    public void A_certificate_that_cannot_be_read_stops_the_start_naming_the_file()
    {
        var missing = Path.Combine(_root, "nowhere.pfx");
        using var node = NewNode("bad", new() { [DataProtectionKeys.CertificatePathKey] = missing });
        var e = Assert.ThrowsAny<InvalidOperationException>(() => node.Services);
        Assert.Contains(missing, e.Message, StringComparison.Ordinal);

        var wrongPassword = new Dictionary<string, string>
        {
            [DataProtectionKeys.CertificatePathKey] = WriteCertificate(),
            [DataProtectionKeys.CertificatePasswordKey] = "not it",
        };
        using var other = NewNode("bad2", wrongPassword);
        Assert.Contains("keys.pfx", Assert.ThrowsAny<InvalidOperationException>(() => other.Services).Message, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(_root, true); } catch (IOException) { }
    }
}
