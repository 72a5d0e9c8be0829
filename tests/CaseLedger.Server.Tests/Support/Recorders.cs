using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using CaseLedger.Cases;
using CaseLedger.Domain.Officers;
using CaseLedger.Litigations;
using CaseLedger.Petitions;
using CaseLedger.Reconsiderations;
using CaseLedger.SupervisionMatters;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace CaseLedger.Server.Tests.Support;

/// <summary>
/// Who records a step in the scenarios, as a real agency would: the head of the agency that acts on the case or the
/// proceeding (it records for the officers a step names; docs/access.md), never an administrator, who keeps only the
/// register. Scenario helpers default to <see cref="Acting"/> and resolve it from the stored target.
/// </summary>
public static class Recorders
{
    /// <summary>A token placeholder: "the recorder of the agency the stored target belongs to".</summary>
    public const string Acting = "(the acting agency's recorder)";

    // Agency ids are unique in a test run (ServerFixture.Unique), and two servers may share one database: keyed by agency.
    private static readonly ConcurrentDictionary<string, string> ByAgency = new();
    private static readonly ConditionalWeakTable<ServerFixture, StrongBox<string>> FirstOf = [];
    // A case's agency never changes: what a scenario opened is known without a read (none while the database is away).
    private static readonly ConcurrentDictionary<string, string> CaseAgencies = new();

    /// <summary>Notes the agency of a case a scenario opened.</summary>
    public static void Opened(string caseId, string agencyId) => CaseAgencies.TryAdd(caseId, agencyId);

    /// <summary>Registers the token that records for <paramref name="agencyId"/>, registered on <paramref name="server"/> (the first one stays).</summary>
    public static void Register(ServerFixture server, string agencyId, string token)
    {
        ByAgency.TryAdd(agencyId, token);
        FirstOf.TryAdd(server, new StrongBox<string>(token));
    }

    public static string Of(ServerFixture server, string agencyId) =>
        ByAgency.TryGetValue(agencyId, out var token)
            ? token
            : throw new InvalidOperationException($"No recorder is registered for agency '{agencyId}': register its staff with StaffAsync, or pass a token.");

    /// <summary>The token for <paramref name="token"/>: itself, or for <see cref="Acting"/> the recorder of the stored case.</summary>
    public static async Task<string?> ForCaseAsync(ServerFixture server, string caseId, string? token)
    {
        if (token != Acting) return token;
        if (CaseAgencies.TryGetValue(caseId, out var opened)) return Of(server, opened);
        if (server.App is null) return await OverHttpAsync(server, caseId);
        await using var session = await SessionHoldingAsync(server, caseId);
        return (await session.LoadAsync<CaseFile>(caseId))?.State?.AgencyId is { } agency ? Of(server, agency) : AnyOf(server);
    }

    /// <summary>A server in another process (<see cref="ServerFixture.Over"/>): the case's agency as an administrator reads it.</summary>
    private static async Task<string> OverHttpAsync(ServerFixture server, string caseId)
    {
        using var response = await server.Client().GetAsync($"/api/cases/{caseId}");
        if (response.StatusCode == System.Net.HttpStatusCode.NotFound) return AnyOf(server);
        return (string?)(await response.AssertOkAsync())["agencyId"] is { } agency ? Of(server, agency) : AnyOf(server);
    }

    /// <summary>The recorder of a stored reconsideration (its body), suit (a sued agency) or petition (its case's or lodger's agency).</summary>
    public static async Task<string?> ForProceedingAsync(ServerFixture server, string kind, string id, string? token)
    {
        if (token != Acting) return token;
        await using var session = await SessionHoldingAsync(server, id);
        IEnumerable<string> agencies = kind switch
        {
            "reconsiderations" => (await session.LoadAsync<ReconsiderationFile>(id))?.State is { } r ? [r.Application.Body] : [],
            "litigations" => (await session.LoadAsync<LitigationFile>(id))?.State?.Filing.Defendants ?? [],
            "petitions" => (await session.LoadAsync<PetitionFile>(id))?.State?.Lodging is { } lodging
                ? lodging.CaseId is { Length: > 0 } caseId
                    ? (await session.LoadAsync<CaseFile>(caseId))?.State?.AgencyId is { } agency ? [agency] : []
                    : (await session.LoadAsync<Officer>(lodging.RecordedBy))?.AgencyId is { } own ? [own] : []
                : [],
            // The organ's head records for its supervisors; the supervised agency's answers are recorded with its own token.
            "supervision-matters" => (await session.LoadAsync<SupervisionMatterFile>(id))?.State is { } m ? [m.Body] : [],
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "reconsiderations, litigations, petitions or supervision-matters"),
        };
        return agencies.Select(a => ByAgency.GetValueOrDefault(a)).FirstOrDefault(t => t is not null) ?? AnyOf(server);
    }

    /// <summary>A session of the database that holds <paramref name="streamId"/>: its region's when the deployment has regions.</summary>
    private static Task<Marten.IQuerySession> SessionHoldingAsync(ServerFixture server, string streamId) =>
        server.App.Services.GetRequiredService<CaseLedger.Hosting.ReadSide>().CurrentAsync(streamId, CancellationToken.None);

    /// <summary>A target that does not exist: any agency's recorder, so that what answers is the target check, not the policy.</summary>
    private static string AnyOf(ServerFixture server) =>
        FirstOf.TryGetValue(server, out var first) && first.Value is { } token
            ? token
            : throw new InvalidOperationException("No agency staff are registered on this server: register some with StaffAsync, or pass a token.");
}
