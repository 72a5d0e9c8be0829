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

/// <summary>A case as a supervisor reads it: stage, party, officers, decision, money and its deadlines (§8.5).</summary>
public sealed record CaseSummary(string CaseId, string? CaseNumber, long Version, CaseStage Stage, Procedure Procedure, string AgencyId,
    Party Party, Violation Violation, LocalDate? FiledOn, string? LeadOfficer, IReadOnlyList<string> Officers, IReadOnlyList<string> Recused,
    DecisionMade? Decision, IReadOnlyList<PenaltyTerm> Penalties, DecisionRevoked? Revocation, DecisionConfirmedIllegal? ConfirmedIllegal,
    IReadOnlyList<RemedyPeriod> Remedies, decimal Fine, decimal Paid, IReadOnlyList<Deadline> OpenDeadlines, IReadOnlyList<Deadline> Deadlines);

/// <summary>A case's events as stored, up to an instant or a version when asked: each with its place in the log, metadata and chain hash.</summary>
public sealed record CaseEvents(string CaseId, Instant? AsOf, long Version, IReadOnlyList<CaseEvent> Events);

/// <param name="Type">The event's stored type name (docs/events.md).</param>
/// <param name="Data">The event's fields, as the type names them.</param>
public sealed record CaseEvent(long Sequence, long Version, string Type, Instant Timestamp, string? Actor, string? CorrelationId,
    string? CausationId, string? ChainHash, Guid Id, object Data);

/// <summary>An official calendar year loaded, and the State Council notice it came from.</summary>
public sealed record OfficialYearLoaded(int Year, string Source);

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
        }).Produces<CaseSummary>();

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
            return context.MayRead(agency) ?? Results.Json(new CaseEvents(caseId, asOf, events[^1].Version,
                [.. events.Select(e => new CaseEvent(e.Sequence, e.Version, e.EventTypeName, Instant.FromDateTimeOffset(e.Timestamp), e.UserName,
                    e.CorrelationId, e.CausationId, AuditTrail.ChainHashOf(e), e.Id, e.Data))]), CaseLedgerJson.Responses);
        }).Produces<CaseEvents>().AddOpenApiOperationTransformer(QueryParameters.Replay);

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
        }).WithTags("Calendar").Produces<CommandAnswer>();
        app.MapGet("/api/calendar/years", (CalendarService calendar) =>
            Results.Json(calendar.Current.OfficialYears.Select(y => new OfficialYearLoaded(y.Year, y.Source)), CaseLedgerJson.Responses))
            .WithTags("Calendar").Produces<IReadOnlyList<OfficialYearLoaded>>();
        return app;
    }

    private static string? CaseNumberOf(CommandResult result) =>
        result.Events.Select(e => e.Data).OfType<CaseFiled>().FirstOrDefault()?.CaseNumber;

    /// <summary>The case as a supervisor reads it: stage, party, officers, decision, money and its deadlines (§8.5).</summary>
    public static CaseSummary Summary(long version, PenaltyCaseState state, IWorkingDayCalendar calendar, LocalDate today)
    {
        var deadlines = PenaltyCase.Deadlines(state, calendar, today);
        return new CaseSummary(state.CaseId, state.Filing?.CaseNumber, version, PenaltyCase.StageOf(state), state.Procedure, state.AgencyId,
            state.Party, state.Violation, state.Filing?.FiledOn, state.Filing?.LeadOfficer, state.Investigators, state.Recused, state.Decision,
            state.Penalties, state.Revocation, state.ConfirmedIllegal, state.Remedies, state.Fine, state.PaidToDate,
            [.. deadlines.Where(d => d.Status == DeadlineStatus.Open)], deadlines);
    }
}
