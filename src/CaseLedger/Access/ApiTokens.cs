using System.Security.Cryptography;
using System.Text;
using CaseLedger.Domain;
using CaseLedger.Domain.Officers;
using Marten;
using NodaTime;

namespace CaseLedger.Access;

/// <summary>An API token as stored: only its SHA-256, never the token itself.</summary>
public sealed record ApiToken(string Id, string ActorId, Instant IssuedAt);

/// <summary>
/// API tokens: random, shown once, stored hashed. A token belongs to one officer (whose roles say what
/// it may do) or to the bootstrap administrator.
/// </summary>
public static class ApiTokens
{
    public const string BootstrapAdminId = "bootstrap-admin";

    public static readonly Actor BootstrapAdmin = new(BootstrapAdminId, "Bootstrap administrator", new HashSet<Role> { Role.Admin }, null);

    public static string NewToken() => "cl_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))
        .TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static string Hash(string token) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(token))).ToLowerInvariant();

    public static ApiToken Record(string token, string actorId, Instant issuedAt) => new(Hash(token), actorId, issuedAt);

    /// <summary>The actor a bearer token belongs to, or null for an unknown token.</summary>
    public static async Task<Actor?> ResolveAsync(IQuerySession session, string token, CancellationToken ct)
    {
        var record = await session.LoadAsync<ApiToken>(Hash(token), ct);
        if (record is null) return null;
        if (record.ActorId == BootstrapAdminId) return BootstrapAdmin;
        var officer = await session.LoadAsync<Officer>(record.ActorId, ct);
        return officer is null ? null : new Actor(officer.Id, officer.Name, officer.Roles.ToHashSet(), officer.AgencyId);
    }

    /// <summary>
    /// The first administrator's token: CASELEDGER_ADMIN_TOKEN when set, otherwise generated at the first
    /// start and returned once (the caller prints it). Later starts return null: the hash is kept.
    /// </summary>
    public static async Task<string?> BootstrapAsync(IDocumentStore store, string? configuredToken, Instant now, CancellationToken ct)
    {
        await using var session = store.LightweightSession();
        var existing = await session.Query<ApiToken>().Where(t => t.ActorId == BootstrapAdminId).ToListAsync(ct);
        if (configuredToken is { Length: > 0 })
        {
            if (existing.Any(t => t.Id == Hash(configuredToken))) return null;
            session.Store(Record(configuredToken, BootstrapAdminId, now));
            await session.SaveChangesAsync(ct);
            return null;
        }
        if (existing.Count > 0) return null;
        var token = NewToken();
        session.Store(Record(token, BootstrapAdminId, now));
        await session.SaveChangesAsync(ct);
        return token;
    }
}
