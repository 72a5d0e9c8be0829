using CaseLedger.Audit;
using CaseLedger.Domain;
using Marten;
using NodaTime;

namespace CaseLedger.Commands;

/// <summary>
/// Appends what CaseLedger itself records outside a request, where no Wolverine runtime runs (<c>caseledger rebuild</c>), before
/// one answers (a node registering the deployment's first checkpoint key) or with a document of its own (a signed checkpoint):
/// the stream's version checked at commit and each event chained (<see cref="EventChain"/>), as <see cref="RunCommandHandler"/>
/// does for commands.
/// </summary>
public static class SystemAppend
{
    /// <summary>
    /// Appends <paramref name="events"/> after <paramref name="versionBefore"/>, in <paramref name="tenant"/>'s database (a region's;
    /// null: the deployment's own); false when the stream moved on meanwhile.
    /// </summary>
    public static async Task<bool> AppendAsync(IDocumentStore store, string stream, long versionBefore, IReadOnlyList<object> events, Actor actor,
        Instant now, CancellationToken ct, string? tenant = null)
    {
        await using var session = tenant is null ? store.LightweightSession() : store.LightweightSession(tenant);
        await StageAsync(session, stream, versionBefore, events, actor, now, ct);
        try
        {
            await session.SaveChangesAsync(ct);
            return true;
        }
        catch (Exception e) when (e is JasperFx.ConcurrencyException or Marten.Exceptions.ExistingStreamIdCollisionException)
        {
            return false;
        }
    }

    /// <summary>Stages <paramref name="events"/> after <paramref name="versionBefore"/>, chained, in <paramref name="session"/>, which the caller saves.</summary>
    public static async Task StageAsync(IDocumentSession session, string stream, long versionBefore, IReadOnlyList<object> events, Actor actor,
        Instant now, CancellationToken ct)
    {
        session.LastModifiedBy = actor.Id;
        var action = versionBefore == 0
            ? session.Events.StartStream(stream, [.. events])
            : session.Events.Append(stream, versionBefore + events.Count, [.. events]);
        await EventChain.SealAsync(session, stream, versionBefore, action.Events, actor.Id, now, ct);
    }
}
