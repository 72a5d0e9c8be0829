using Marten;
using JasperFx;

namespace CaseLedger.Commands;

/// <summary>
/// Reads of the register (agencies, officers) from a command's session. Without regions, and for the register's own commands,
/// the session is the register's database's and reads it directly. In a region's session (a tenant database,
/// <see cref="Hosting.Region"/>) the register is not there: it is read from the deployment's own database, the store's default
/// tenant, as it is now (the register is one; a token, an officer's certificate or an agency's policy has one truth).
/// </summary>
public static class Register
{
    /// <summary>Whether <paramref name="session"/> is a region's, so that the register lives in another database.</summary>
    public static bool IsElsewhere(IQuerySession session) => session.TenantId != StorageConstants.DefaultTenantId;

    public static async Task<T?> LoadAsync<T>(IQuerySession session, string id, CancellationToken ct) where T : class
    {
        if (!IsElsewhere(session)) return await session.LoadAsync<T>(id, ct);
        await using var register = session.DocumentStore.QuerySession();
        return await register.LoadAsync<T>(id, ct);
    }

    public static async Task<IReadOnlyList<T>> LoadManyAsync<T>(IQuerySession session, IReadOnlyCollection<string> ids, CancellationToken ct) where T : class
    {
        if (!IsElsewhere(session)) return await session.LoadManyAsync<T>(ct, ids);
        await using var register = session.DocumentStore.QuerySession();
        return await register.LoadManyAsync<T>(ct, ids);
    }
}
