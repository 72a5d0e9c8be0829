using System.Xml.Linq;
using CaseLedger.Access;
using Marten;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.Extensions.DependencyInjection;

namespace CaseLedger.Server.Http;

/// <summary>
/// The Data Protection key ring kept in the deployment's database (<see cref="SessionKey"/> documents), through ASP.NET Core's
/// own extension point for key storage (<see cref="IXmlRepository"/>): every node of a deployment protects and reads cookies
/// with the same keys, so a session signed in on one node is accepted by the next, and a restart keeps every session. No
/// served package stores keys with Marten or plain PostgreSQL (the EntityFrameworkCore one would bring a second data layer
/// for one table). The keys are stored as the key manager writes them, unencrypted, as the database already holds what
/// every token is checked against: who can write to it owns the deployment anyway.
/// </summary>
public sealed class SessionKeys(IDocumentStore store) : IXmlRepository
{
    /// <summary>The application name every node shares: Data Protection isolates key purposes by it.</summary>
    public const string ApplicationName = "CaseLedger";

    public static void Register(IServiceCollection services)
    {
        services.AddDataProtection().SetApplicationName(ApplicationName);
        services.AddSingleton<SessionKeys>();
        services.AddOptions<KeyManagementOptions>().Configure<SessionKeys>((o, keys) => o.XmlRepository = keys);
    }

    // IXmlRepository is synchronous: the key manager reads the ring once and then at its refresh (about every day), and writes a key
    // at most every few months; those calls wait for the database here.
    public IReadOnlyCollection<XElement> GetAllElements()
    {
        using var session = store.QuerySession();
        var keys = session.Query<SessionKey>().ToListAsync().GetAwaiter().GetResult();
        return [.. keys.OrderBy(k => k.Id, StringComparer.Ordinal).Select(k => XElement.Parse(k.Xml))];
    }

    public void StoreElement(XElement element, string friendlyName)
    {
        using var session = store.LightweightSession();
        session.Store(new SessionKey(friendlyName is { Length: > 0 } ? friendlyName : $"key-{Guid.NewGuid()}", element.ToString(SaveOptions.DisableFormatting)));
        session.SaveChangesAsync().GetAwaiter().GetResult();
    }
}
