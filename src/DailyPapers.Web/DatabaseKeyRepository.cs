using System.Xml.Linq;
using DailyPapers.Storage;
using Microsoft.AspNetCore.DataProtection.Repositories;

namespace DailyPapers.Web;

/// <summary>Keeps the Data Protection key ring in the database, so cookies and antiforgery tokens work on every node.</summary>
public sealed class DatabaseKeyRepository(KeyStore keys) : IXmlRepository
{
    public IReadOnlyCollection<XElement> GetAllElements() => keys.GetAll().Select(x => XElement.Parse(x)).ToList();

    public void StoreElement(XElement element, string friendlyName) =>
        keys.Store(friendlyName, element.ToString(SaveOptions.DisableFormatting));
}
