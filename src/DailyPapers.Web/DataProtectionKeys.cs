using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.DataProtection;

namespace DailyPapers.Web;

/// <summary>
/// Encryption of the Data Protection key ring at rest (see docs/SECURITY.md, "Data Protection keys"). Without a
/// certificate the keys sit in the database in plain XML, and whoever reads the database can forge sign-in cookies.
/// </summary>
public static class DataProtectionKeys
{
    public const string CertificatePathKey = "DailyPapers:DataProtection:CertificatePath";
    public const string CertificatePasswordKey = "DailyPapers:DataProtection:CertificatePassword";

    /// <summary>
    /// With <c>DailyPapers:DataProtection:CertificatePath</c> (a PKCS#12 file with its private key; password in
    /// <c>…:CertificatePassword</c>) new keys are written encrypted to that certificate. Keys written before stay
    /// readable. A certificate that cannot be used stops the start with a message naming the file: running on
    /// silently with plain keys is what the operator asked not to happen.
    /// </summary>
    public static IDataProtectionBuilder ProtectKeysWithConfiguredCertificate(this IDataProtectionBuilder dp, IConfiguration config)
    {
        var path = config[CertificatePathKey];
        if (string.IsNullOrWhiteSpace(path)) return dp;
        X509Certificate2 certificate;
        try
        {
            certificate = X509CertificateLoader.LoadPkcs12FromFile(path, config[CertificatePasswordKey]);
        }
        catch (Exception e) when (e is CryptographicException or IOException or UnauthorizedAccessException)
        {
            throw new InvalidOperationException($"{CertificatePathKey}: cannot read the certificate \"{path}\" (PKCS#12, password in {CertificatePasswordKey}): {e.Message}", e);
        }
        if (!certificate.HasPrivateKey)
            throw new InvalidOperationException($"{CertificatePathKey}: \"{path}\" has no private key, so keys encrypted to it could never be read back");
        return dp.ProtectKeysWithCertificate(certificate);
    }
}
