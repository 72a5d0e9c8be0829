using CaseLedger.Commands;
using CaseLedger.Domain;
using CaseLedger.Domain.Agencies;
using Marten;
using NodaTime;

namespace CaseLedger.Agencies;

/// <summary>Agency streams: registration and policy versions, administrators only.</summary>
public sealed class AgencyDecider : IStreamDecider
{
    public bool Handles(object command) => command is RegisterAgency or ChangeAgencyPolicy;

    public bool KeepsRegister => true;

    public async Task<PendingAppend> DecideAsync(RunCommand command, IDocumentSession session, Instant now, CancellationToken ct)
    {
        if (!command.Actor.Has(Role.Admin))
            return PendingAppend.Refused(RefusalCodes.Forbidden, "Only an administrator manages the agency register.");
        var stream = await session.Events.ForWritingAsync<Agency>(command, ct);
        if (stream.CurrentVersion > 0 && stream.Aggregate is null)
            return PendingAppend.Refused(RefusalCodes.AlreadyExists, $"'{command.StreamId}' already names a stream that is not an agency.");

        var decision = (command.Command, stream.Aggregate) switch
        {
            (RegisterAgency register, var existing) => AgencyRegister.Decide(register, existing, command.Actor, now),
            (ChangeAgencyPolicy change, { } agency) => AgencyRegister.Decide(change, agency, command.Actor, now),
            _ => Decision.Refuse(RefusalCodes.NotFound, $"Agency '{command.StreamId}' is not registered."),
        };
        return new PendingAppend(decision, stream.CurrentVersion ?? 0, stream.Appender());
    }
}
