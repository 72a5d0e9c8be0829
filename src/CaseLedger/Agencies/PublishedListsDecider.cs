using CaseLedger.Commands;
using CaseLedger.Domain;
using CaseLedger.Domain.Agencies;
using Marten;
using NodaTime;

namespace CaseLedger.Agencies;

/// <summary>
/// An agency's lists stream (<see cref="PublishedLists.StreamId"/>): the enforcement body's announcement, the discretion
/// benchmark catalogue and the powers list, versioned. Administrators record them, as they keep the rest of the register.
/// </summary>
public sealed class PublishedListsDecider : IStreamDecider
{
    public bool Handles(object command) => command is AnnounceEnforcementBody or IssueDiscretionCatalogue or IssuePowersList;

    public async Task<PendingAppend> DecideAsync(RunCommand command, IDocumentSession session, Instant now, CancellationToken ct)
    {
        if (!command.Actor.Has(Role.Admin))
            return PendingAppend.Refused(RefusalCodes.Forbidden, "Only an administrator records the published lists.");
        if (!command.StreamId.StartsWith(PublishedLists.StreamPrefix, StringComparison.Ordinal))
            throw new InvalidOperationException($"'{command.StreamId}' is not a lists stream.");
        var agencyId = command.StreamId[PublishedLists.StreamPrefix.Length..];
        var agency = await session.LoadAsync<Agency>(agencyId, ct);
        if (agency is null)
            return PendingAppend.Refused(RefusalCodes.NotFound, $"Agency '{agencyId}' is not registered.");
        var stream = await session.Events.ForWritingAsync<PublishedLists>(command, ct);
        if (stream.CurrentVersion > 0 && stream.Aggregate is null)
            return PendingAppend.Refused(RefusalCodes.AlreadyExists, $"'{command.StreamId}' already names a stream that is not an agency's lists.");

        var decision = command.Command switch
        {
            AnnounceEnforcementBody announce => Publishing.Decide(announce, stream.Aggregate, agency, command.Actor, now),
            IssueDiscretionCatalogue catalogue => Publishing.Decide(catalogue, stream.Aggregate, agency, command.Actor, now),
            IssuePowersList powers => Publishing.Decide(powers, stream.Aggregate, agency, command.Actor, now),
            _ => throw new InvalidOperationException($"Not a lists command: {command.Command.GetType().Name}"),
        };
        return new PendingAppend(decision, stream.CurrentVersion ?? 0, stream.Appender());
    }
}
