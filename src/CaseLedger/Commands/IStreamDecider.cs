using CaseLedger.Domain;
using CaseLedger.Remedies;
using JasperFx.Events;
using Marten;
using NodaTime;

namespace CaseLedger.Commands;

/// <summary>
/// The edge between the pure domain and Marten for one kind of stream: loads what the decision needs
/// (the stream's state by FetchForWriting, officers, agency, calendar), calls the pure decider, and
/// appends what it decided. The shared pipeline (<see cref="RunCommandHandler"/>) does the rest.
/// </summary>
public interface IStreamDecider
{
    bool Handles(object command);

    /// <summary>
    /// Whether its streams are the register's (agencies, officers, the calendar, checkpoint keys): kept in the deployment's own
    /// database whatever the regions; every other stream is in the database of its agency's region (<see cref="Hosting.Region"/>).
    /// </summary>
    bool KeepsRegister => false;

    Task<PendingAppend> DecideAsync(RunCommand command, IDocumentSession session, Instant now, CancellationToken ct);
}

/// <summary>A decision taken on a fetched stream, not yet saved.</summary>
/// <param name="Decision">Events to append, or the refusal.</param>
/// <param name="VersionBefore">The stream's version the decision was taken on.</param>
/// <param name="Append">Appends the events to the fetched stream (with its optimistic version check) and gives back the appended events.</param>
/// <param name="IssuedToken">A secret created with the events (an officer's API token), shown once.</param>
/// <param name="Effects">The effects of the appended events on linked streams (a reconsideration decision on the penalty
/// case), committed with the events through the outbox. Each is idempotent on its target, keyed by the causing event.</param>
public sealed record PendingAppend(
    Decision Decision,
    long VersionBefore,
    Func<IReadOnlyList<object>, IReadOnlyList<IEvent>> Append,
    string? IssuedToken = null,
    Func<IReadOnlyList<IEvent>, IEnumerable<CarryEffect>>? Effects = null)
{
    /// <summary>The chain hash of the event at <see cref="VersionBefore"/>, when the fetched aggregate keeps it.</summary>
    public string? ChainHead { get; init; }

    public static PendingAppend Refused(Refusal refusal) => new(Decision.Refuse(refusal), 0, _ => []);
    public static PendingAppend Refused(string code, string message) => Refused(new Refusal(code, message));
}
