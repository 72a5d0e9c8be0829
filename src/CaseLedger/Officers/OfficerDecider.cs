using CaseLedger.Access;
using CaseLedger.Commands;
using CaseLedger.Domain;
using CaseLedger.Domain.Agencies;
using CaseLedger.Domain.Officers;
using CaseLedger.Hosting;
using Marten;
using NodaTime;

namespace CaseLedger.Officers;

/// <summary>Officer streams: registration (which issues the officer's API token), the qualification cycle and certificates.</summary>
public sealed class OfficerDecider(CaseLedgerSettings settings) : IStreamDecider
{
    public bool Handles(object command) =>
        command is RegisterOfficer or IssueCertificate or RenewCertificate or SuspendCertificate or RevokeCertificate or RecordReviewingSince
            or DeactivateOfficer or ReactivateOfficer or RecordTraining or RecordExamination or ReviewCertificate;

    public bool KeepsRegister => true;

    public async Task<PendingAppend> DecideAsync(RunCommand command, IDocumentSession session, Instant now, CancellationToken ct)
    {
        if (!command.Actor.Has(Role.Admin))
            return PendingAppend.Refused(RefusalCodes.Forbidden, "Only an administrator manages the officer register.");
        var stream = await session.Events.ForWritingAsync<Officer>(command, ct);
        if (stream.CurrentVersion > 0 && stream.Aggregate is null)
            return PendingAppend.Refused(RefusalCodes.AlreadyExists, $"'{command.StreamId}' already names a stream that is not an officer.");

        var officer = stream.Aggregate;
        string? token = null;
        Decision decision;
        switch (command.Command)
        {
            case RegisterOfficer register:
                var agencyExists = await session.LoadAsync<Agency>(register.AgencyId, ct) is not null;
                decision = OfficerRegister.Decide(register, officer, agencyExists, command.Actor, now);
                if (!decision.IsRefused)
                {
                    token = ApiTokens.NewToken();
                    session.Insert(ApiTokens.Record(token, register.OfficerId, now));
                }
                break;
            case var _ when officer is null:
                decision = Decision.Refuse(RefusalCodes.NotFound, $"Officer '{command.StreamId}' is not registered.");
                break;
            case IssueCertificate issue:
                decision = OfficerRegister.Decide(issue, officer, settings.Qualification, command.Actor, now);
                break;
            case RenewCertificate renew:
                decision = OfficerRegister.Decide(renew, officer, command.Actor, now);
                break;
            case SuspendCertificate suspend:
                decision = OfficerRegister.Decide(suspend, officer, command.Actor, now);
                break;
            case RevokeCertificate revoke:
                decision = OfficerRegister.Decide(revoke, officer, command.Actor, now);
                break;
            case RecordReviewingSince since:
                decision = OfficerRegister.Decide(since, officer, command.Actor, now);
                break;
            case RecordTraining training:
                decision = Qualification.Decide(training, officer, command.Actor, now);
                break;
            case RecordExamination examination:
                decision = Qualification.Decide(examination, officer, command.Actor, now);
                break;
            case ReviewCertificate review:
                decision = Qualification.Decide(review, officer, command.Actor, now);
                break;
            case DeactivateOfficer deactivate:
                decision = OfficerActivation.Decide(deactivate, officer, command.Actor, now);
                break;
            case ReactivateOfficer reactivate:
                decision = OfficerActivation.Decide(reactivate, officer, command.Actor, now);
                break;
            default:
                throw new InvalidOperationException($"Not an officer command: {command.Command.GetType().Name}");
        }
        return new PendingAppend(decision, stream.CurrentVersion ?? 0, stream.Appender(), token);
    }
}
