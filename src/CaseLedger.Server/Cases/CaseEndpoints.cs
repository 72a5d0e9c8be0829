using CaseLedger.Audit;
using CaseLedger.Calendar;
using CaseLedger.Cases;
using CaseLedger.Commands;
using CaseLedger.Domain;
using CaseLedger.Domain.Calendar;
using CaseLedger.Domain.Penalty;
using CaseLedger.Hosting;
using CaseLedger.Json;
using CaseLedger.Server.Http;
using CaseLedger.Supervision;
using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

namespace CaseLedger.Server.Cases;

/// <summary>The answer to opening a case: its id (and its number once filed), version and events.</summary>
public sealed record CaseOpened(string CaseId, string? CaseNumber, long Version, IReadOnlyList<RecordedEvent> Events);

/// <summary>Penalty cases over HTTP (design.md): open a case, run a command of domain.md §8.2 on it, read it back.</summary>
public static class CaseEndpoints
{
    public static IEndpointRouteBuilder MapCases(this IEndpointRouteBuilder app)
    {
        var cases = app.MapGroup("/api/cases").WithTags("Cases");
        cases.MapPost("", async (HttpContext context) =>
        {
            var (command, problem) = await CommandEndpoint.ReadAsync(context, typeof(RegisterLead));
            if (problem is not null) return problem;
            // With an Idempotency-Key the case id follows from the key, so that a retried or racing
            // duplicate lands on the same stream and gets the first answer.
            var key = context.Request.Headers[CommandEndpoint.IdempotencyKeyHeader].ToString();
            var caseId = key.Length == 0 ? StreamKeys.NewCaseId() : StreamKeys.CaseIdFor(context.Actor().Id, key);
            return await CommandEndpoint.RunAsync(context, caseId, command!, result => new CaseOpened(caseId, CaseNumberOf(result), result.Version, result.Events));
        }).Accepts<RegisterLead>("application/json")
            .WithName(CommandRoutes.OperationId("cases", "register-lead")).WithSummary("Register a lead (opens a penalty case)")
            .Produces<CaseOpened>(StatusCodes.Status201Created).WithMetadata(new CommandRoute("cases", "register-lead", typeof(RegisterLead)));

        CommandRoutes.MapCommands(cases, "cases", "caseId", PenaltyCase.Commands, "register-lead", "on a penalty case");

        // One case is read as the primary has it now (read-your-writes), from the read replica once it holds the case's last version.
        cases.MapGet("{caseId}", async (string caseId, ReadSide reads, CalendarService calendar, IClock clock, HttpContext context) =>
        {
            await using var session = await reads.CurrentAsync(caseId, context.RequestAborted);
            var file = StreamKeys.IsCaseId(caseId) ? await session.LoadAsync<CaseFile>(caseId, context.RequestAborted) : null;
            if (file?.State is not { } state)
                return await Outages.UnlessRebuildingAsync(context, Problems.Of(RefusalCodes.NotFound, $"Case '{caseId}' does not exist.", context.Request.Path));
            return context.MayRead(state.AgencyId)
                ?? Results.Json(Summary(file.Version, state, calendar.Current, AgencyZone.Today(clock.GetCurrentInstant())), CaseLedgerJson.Responses);
        });

        cases.MapGet("{caseId}/events", async (string caseId, ReadSide reads, HttpContext context) =>
        {
            var (asOf, badAsOf) = context.InstantQuery("asOf");
            var (version, badVersion) = context.IntQuery("version", 1, int.MaxValue);
            if ((badAsOf ?? badVersion) is { } bad) return bad;
            await using var session = await reads.CurrentAsync(caseId, context.RequestAborted);
            var events = StreamKeys.IsCaseId(caseId) ? await Replay.EventsAsync(session, caseId, asOf, version, context.RequestAborted) : [];
            if (Replay.AgencyOf(events) is not { } agency)
                return Problems.Of(RefusalCodes.NotFound,
                    asOf is null && version is null ? $"Case '{caseId}' does not exist." : $"Case '{caseId}' had no event at that moment.",
                    context.Request.Path);
            return context.MayRead(agency) ?? Results.Json(new
            {
                caseId,
                asOf,
                version = events[^1].Version,
                events = events.Select(e => new
                {
                    sequence = e.Sequence,
                    version = e.Version,
                    type = e.EventTypeName,
                    timestamp = Instant.FromDateTimeOffset(e.Timestamp),
                    actor = e.UserName,
                    correlationId = e.CorrelationId,
                    causationId = e.CausationId,
                    chainHash = AuditTrail.ChainHashOf(e),
                    id = e.Id,
                    data = e.Data,
                }),
            }, CaseLedgerJson.Responses);
        });

        app.MapPost("/api/calendar/years", async (HttpContext context, CalendarService calendar) =>
        {
            var (body, malformed) = await RequestBody.ReadObjectAsync(context);
            if (malformed is not null) return malformed;
            var parsed = OfficialYear.Parse(body!.ToJsonString());
            if (parsed.Refusal is { } refusal) return Problems.Of(refusal, context.Request.Path);
            var (result, problem) = await CommandEndpoint.SendAsync(context, StreamKeys.HolidayCalendar, new LoadOfficialCalendar(parsed.Year!));
            if (problem is not null) return problem;
            calendar.Load(parsed.Year!);
            // The deadline board recomputes the provisional deadlines the year touches.
            await context.RequestServices.GetRequiredService<DeadlineSweep>().RefreshOnCalendarAsync(context.RequestAborted);
            return CommandEndpoint.Answer(context, result!);
        }).WithTags("Calendar");
        app.MapGet("/api/calendar/years", (CalendarService calendar) =>
            Results.Json(calendar.Current.OfficialYears.Select(y => new { y.Year, y.Source }), CaseLedgerJson.Responses)).WithTags("Calendar");
        return app;
    }

    private static string? CaseNumberOf(CommandResult result) =>
        result.Events.Select(e => e.Data).OfType<CaseFiled>().FirstOrDefault()?.CaseNumber;

    /// <summary>The case as a supervisor reads it: stage, party, officers, decision, money and its deadlines (§8.5).</summary>
    public static object Summary(long version, PenaltyCaseState state, IWorkingDayCalendar calendar, LocalDate today)
    {
        var deadlines = PenaltyCase.Deadlines(state, calendar, today);
        return new
        {
            caseId = state.CaseId,
            caseNumber = state.Filing?.CaseNumber,
            version,
            stage = PenaltyCase.StageOf(state),
            procedure = state.Procedure,
            agencyId = state.AgencyId,
            party = state.Party,
            violation = state.Violation,
            filedOn = state.Filing?.FiledOn,
            leadOfficer = state.Filing?.LeadOfficer,
            officers = state.Investigators,
            recused = state.Recused,
            decision = state.Decision,
            penalties = state.Penalties,
            revocation = state.Revocation,
            confirmedIllegal = state.ConfirmedIllegal,
            remedies = state.Remedies,
            fine = state.Fine,
            paid = state.PaidToDate,
            openDeadlines = deadlines.Where(d => d.Status == DeadlineStatus.Open),
            deadlines,
        };
    }
}
