using CaseLedger.Calendar;
using CaseLedger.Commands;
using CaseLedger.Domain;
using CaseLedger.Domain.Agencies;
using CaseLedger.Domain.Assessments;
using Marten;
using NodaTime;

namespace CaseLedger.Assessments;

/// <summary>
/// Third-party assessment streams (评议考核, 山东省行政执法监督条例 Art. 16): reads the supervising office and the assessed agency,
/// then the pure decider. The office is the command's <c>body</c>, or the recording supervision staff's own agency.
/// </summary>
public sealed class ThirdPartyAssessmentDecider(CalendarService calendar) : IStreamDecider
{
    public bool Handles(object command) => command is IThirdPartyAssessmentCommand;

    public async Task<PendingAppend> DecideAsync(RunCommand command, IDocumentSession session, Instant now, CancellationToken ct)
    {
        var tc = (IThirdPartyAssessmentCommand)command.Command;
        var record = tc as RecordThirdPartyAssessment;
        if (record is { Body: null or "" } && command.Actor.Has(Role.SupervisionStaff) && command.Actor.AgencyId is { } own)
            record = record with { Body = own };
        var batch = session.CreateBatchQuery();
        var fetch = batch.Events.ForWriting<ThirdPartyAssessmentFile>(command);
        var officersLoad = batch.NamedOfficers(session, tc.NamedOfficers().Append(command.Actor.Id));
        var bodyLoad = record is { Body: { Length: > 0 } body } ? batch.RegisterDocument<Agency>(session, body) : null;
        var agencyLoad = record is { Agency: { Length: > 0 } agency } ? batch.RegisterDocument<Agency>(session, agency) : null;
        await batch.Execute(ct);

        var stream = await fetch;
        if (stream.CurrentVersion > 0 && stream.Aggregate?.State is null)
            return PendingAppend.Refused(RefusalCodes.NotFound, $"'{command.StreamId}' is not a third-party assessment.");
        var state = stream.Aggregate?.State;
        // One stream per agency, officer, period and assessor: a new one is opened only under the id they name (StreamKeys.NameBased).
        if (state is null && record is not null && ThirdPartyAssessment.KeyOf(record) is { } key && StreamKeys.NameBased(key) != command.StreamId)
            return PendingAppend.Refused(RefusalCodes.ValidationFailed,
                $"A third-party assessment's id is derived from its agency, officer, period and assessor ({StreamKeys.NameBased(key)}), not '{command.StreamId}'.");
        var parties = new ThirdPartyAssessmentParties(bodyLoad is null ? null : await bodyLoad, agencyLoad is null ? null : await agencyLoad);
        // The office's supervision staff record it: the office of the record, or the one the command names.
        IReadOnlyCollection<string>? acting = state is { } s ? [s.Record.Body] : record is { Body: { Length: > 0 } office } ? [office] : null;
        if (Authorization.MayRecord(command.Actor, acting, ThirdPartyAssessment.Writers, "third-party assessments") is { } forbidden)
            return PendingAppend.Refused(forbidden);
        var context = new CaseContext(now, command.Actor, command.StreamId, await officersLoad, null, calendar.Current) { ActingAgencies = acting };
        return new PendingAppend(ThirdPartyAssessment.Decide(record ?? tc, state, context, parties), stream.CurrentVersion ?? 0, stream.Appender());
    }
}
