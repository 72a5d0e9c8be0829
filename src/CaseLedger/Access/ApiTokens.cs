using System.Security.Cryptography;
using System.Text;
using CaseLedger.Domain;
using CaseLedger.Domain.Officers;
using Marten;
using NodaTime;
using Npgsql;

namespace CaseLedger.Access;

/// <summary>What a supervisor or auditor reads (docs/access.md): agencies an administrator granted, <c>"*"</c> for all.</summary>
public sealed record SupervisionScope(string Id, IReadOnlyList<string> Agencies, string GrantedBy, Instant GrantedAt);

/// <summary>An API token as stored: only its SHA-256, never the token itself.</summary>
public sealed record ApiToken(string Id, string ActorId, Instant IssuedAt)
{
    /// <summary>From this instant on the token opens nothing (null: until revoked): an expiry, a rotation's grace, a revocation.</summary>
    public Instant? NotAfter { get; init; }

    /// <summary>The name the token is listed and revoked by: the start of its hash, never the token.</summary>
    public string PublicId => Id[..16];
}

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
            // A changed CASELEDGER_ADMIN_TOKEN retires the one before it (and a generated one): only the configured token opens.
            var retired = existing.Where(t => t.Id != Hash(configuredToken)).ToList();
            if (retired.Count == 0 && existing.Count > 0) return null;
            foreach (var old in retired) session.Delete(old);
            if (existing.All(t => t.Id != Hash(configuredToken))) session.Store(Record(configuredToken, BootstrapAdminId, now));
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

/// <summary>
/// The actor a bearer token belongs to, read with the officer it names in one round trip: every HTTP request asks, so the
/// token and its officer are not two reads. The officer is read as it stands now, so a changed role counts at once.
/// </summary>
public sealed class TokenResolver
{
    private readonly NpgsqlDataSource _dataSource;
    private readonly ISerializer _serializer;
    private readonly string _sql;
    private readonly string _officerSql;

    private readonly IClock _clock;

    public TokenResolver(NpgsqlDataSource dataSource, IDocumentStore store, IClock clock)
    {
        _dataSource = dataSource;
        _clock = clock;
        _serializer = store.Options.Serializer();
        var tokens = store.Options.FindOrResolveDocumentType(typeof(ApiToken)).TableName.QualifiedName;
        var officers = store.Options.FindOrResolveDocumentType(typeof(Officer)).TableName.QualifiedName;
        var scopes = store.Options.FindOrResolveDocumentType(typeof(SupervisionScope)).TableName.QualifiedName;
        _sql = $"select t.data->>'actorId', o.data, s.data->'agencies', t.data->>'notAfter' from {tokens} t left join {officers} o on o.id = t.data->>'actorId' " +
               $"left join {scopes} s on s.id = t.data->>'actorId' where t.id = $1";
        _officerSql = $"select o.data, s.data->'agencies' from {officers} o left join {scopes} s on s.id = o.id where o.id = $1";
    }

    /// <summary>The actor, or null for an unknown token or one whose officer is not registered.</summary>
    public Task<Actor?> ResolveAsync(string token, CancellationToken ct) => ResolveHashAsync(ApiTokens.Hash(token), ct);

    /// <summary>The actor of the token whose SHA-256 is <paramref name="tokenHash"/> (what the console's session cookie keeps), as <see cref="ResolveAsync"/>.</summary>
    public async Task<Actor?> ResolveHashAsync(string tokenHash, CancellationToken ct)
    {
        await using var command = _dataSource.CreateCommand(_sql);
        command.Parameters.Add(new NpgsqlParameter { Value = tokenHash });
        await using var reader = await command.ExecuteReaderAsync(ct);
        if (!await reader.ReadAsync(ct)) return null;
        if (!await reader.IsDBNullAsync(3, ct)
            && (!NodaTime.Text.InstantPattern.ExtendedIso.Parse(reader.GetString(3)).TryGetValue(default, out var notAfter) || _clock.GetCurrentInstant() >= notAfter))
            return null;
        if (reader.GetString(0) == ApiTokens.BootstrapAdminId) return ApiTokens.BootstrapAdmin;
        return await ActorAsync(reader, 1, ct);
    }

    /// <summary>The officer an identity provider's token names (single sign-on), in one round trip; null when not registered or deactivated.</summary>
    public async Task<Actor?> ResolveOfficerAsync(string officerId, CancellationToken ct)
    {
        await using var command = _dataSource.CreateCommand(_officerSql);
        command.Parameters.Add(new NpgsqlParameter { Value = officerId });
        await using var reader = await command.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct) ? await ActorAsync(reader, 0, ct) : null;
    }

    /// <summary>The officer document at <paramref name="at"/> and its read scope next to it: the actor, unless deactivated.</summary>
    private async Task<Actor?> ActorAsync(NpgsqlDataReader reader, int at, CancellationToken ct)
    {
        if (await reader.IsDBNullAsync(at, ct)) return null;
        var officer = (Officer)_serializer.FromJson(typeof(Officer), reader, at);
        if (!officer.IsActive) return null;
        var scope = await reader.IsDBNullAsync(at + 1, ct) ? ReadScope.None
            : ReadScope.Of(System.Text.Json.JsonSerializer.Deserialize<string[]>(reader.GetString(at + 1)) ?? []);
        return new Actor(officer.Id, officer.Name, officer.Roles.ToHashSet(), officer.AgencyId) { Scope = scope };
    }
}
