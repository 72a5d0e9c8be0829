using CaseLedger.Calendar;
using CaseLedger.Cases;
using CaseLedger.Commands;
using CaseLedger.Domain;
using CaseLedger.Hosting;
using CaseLedger.Domain.Calendar;
using CaseLedger.Domain.Litigation;
using CaseLedger.Domain.Officers;
using CaseLedger.Domain.Reconsideration;
using CaseLedger.Domain.Petitions;
using CaseLedger.Litigations;
using CaseLedger.Petitions;
using CaseLedger.Json;
using CaseLedger.Reconsiderations;
using CaseLedger.Domain.SupervisionMatters;
using CaseLedger.SupervisionMatters;
using CaseLedger.Subscriptions;
using CaseLedger.Server.Http;
using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using NodaTime;

namespace CaseLedger.Server.Remedies;

/// <summary>The answer to applying for a reconsideration: its id, version and events.</summary>
public sealed record ReconsiderationOpened(string ReconsiderationId, long Version, IReadOnlyList<RecordedEvent> Events);

/// <summary>The answer to recording a suit: its id, version and events.</summary>
public sealed record LitigationOpened(string LitigationId, long Version, IReadOnlyList<RecordedEvent> Events);

/// <summary>The answer to lodging a petition: its id, version and events.</summary>
public sealed record PetitionOpened(string PetitionId, long Version, IReadOnlyList<RecordedEvent> Events);

/// <summary>The answer to opening a supervision matter: its id, version and events.</summary>
public sealed record SupervisionMatterStarted(string MatterId, long Version, IReadOnlyList<RecordedEvent> Events);

/// <summary>
/// Reconsideration, litigation, petitions and supervision matters over HTTP (design.md): each is its own stream naming the case it
/// concerns, opened by <c>POST /api/{kind}</c> and driven by <c>POST /api/{kind}/{id}/{command}</c> through the same
/// command pipeline as penalty cases; <c>GET /api/{kind}/{id}</c> is the summary with its deadlines (§8.5).
/// </summary>
public static class RemedyEndpoints
{
    public static IEndpointRouteBuilder MapRemedies(this IEndpointRouteBuilder app)
    {
        // Who reads a linked proceeding (docs/access.md) is whose integrators see its events (ProceedingAudience): a reconsideration's
        // contested case's agency and the body that decides it, a suit's sued agencies, a supervision matter's agency and organ.
        Map<ReconsiderationFile, ReconsiderationSummary>(app, "reconsiderations", "a reconsideration", "reconsiderationId", "apply", ReconsiderationCase.Commands,
            (file, calendar, today) => file.State is { } s ? ProceedingSummaries.Reconsideration(file.Version, s, calendar, today) : null,
            (file, _, _) => Task.FromResult<IEnumerable<string>>(ProceedingAudience.ReadersOf(file)));
        Map<LitigationFile, LitigationSummary>(app, "litigations", "a suit", "litigationId", "file", LitigationCase.Commands,
            (file, calendar, today) => file.State is { } s ? ProceedingSummaries.Litigation(file.Version, s, calendar, today) : null,
            (file, _, _) => Task.FromResult<IEnumerable<string>>(ProceedingAudience.ReadersOf(file)));
        Map<PetitionFile, PetitionSummary>(app, "petitions", "a petition", "petitionId", "lodge", PetitionCase.Commands,
            (file, calendar, today) => file.State is { } s ? ProceedingSummaries.Petition(file.Version, s, calendar, today) : null,
            PetitionAgenciesAsync);
        // A supervision matter is read by the supervising organ and the supervised agency (山东省行政执法监督条例 Art. 4).
        Map<SupervisionMatterFile, SupervisionMatterSummary>(app, "supervision-matters", "a supervision matter", "matterId", "open", SupervisionMatter.Commands,
            (file, calendar, today) => file.State is { } s ? ProceedingSummaries.SupervisionMatter(file.Version, s, calendar, today) : null,
            (file, _, _) => Task.FromResult<IEnumerable<string>>(ProceedingAudience.ReadersOf(file)));
        return app;
    }

    internal static void Map<TFile, TSummary>(
        IEndpointRouteBuilder app, string kind, string what, string idName, string open, IReadOnlyDictionary<string, Type> commands,
        Func<TFile, IWorkingDayCalendar, LocalDate, TSummary?> summary,
        Func<TFile, IQuerySession, CancellationToken, Task<IEnumerable<string>>> agencies, Func<object, string?>? streamIdOf = null)
        where TFile : class where TSummary : class
    {
        var group = app.MapGroup($"/api/{kind}").WithTags(kind);
        group.MapPost("", async (HttpContext context) =>
        {
            var (command, problem) = await CommandEndpoint.ReadAsync(context, commands[open]);
            if (problem is not null) return problem;
            // A kind whose identity is its content names its stream from the command; every other gets a new id.
            var id = streamIdOf?.Invoke(command!) ?? StreamKeys.NewCaseId();
            return await CommandEndpoint.RunAsync(context, id, command!, result => new Dictionary<string, object>
            {
                [idName] = id,
                ["version"] = result.Version,
                ["events"] = result.Events,
            });
        }).Accepts(commands[open], "application/json")
            .WithName(CommandRoutes.OperationId(kind, open)).WithSummary($"Open {what} ({open})")
            .Produces(StatusCodes.Status201Created, OpenedType(kind)).WithMetadata(new CommandRoute(kind, open, commands[open]));

        CommandRoutes.MapCommands(group, kind, "id", commands, open, $"on {what}");

        group.MapGet("{id}", async (string id, ReadSide reads, CalendarService calendar, IClock clock, HttpContext context) =>
        {
            // Read from the database that holds it: its region's when the deployment has regions.
            await using var session = await reads.CurrentAsync(id, context.RequestAborted);
            var file = StreamKeys.IsCaseId(id) ? await session.LoadAsync<TFile>(id, context.RequestAborted) : null;
            var answer = file is null ? null : summary(file, calendar.Current, AgencyZone.Today(clock.GetCurrentInstant()));
            if (answer is null) return Problems.Of(RefusalCodes.NotFound, $"'{id}' is not a known {kind} id.", context.Request.Path);
            return context.MayReadAny(await agencies(file!, session, context.RequestAborted), $"this {kind[..^1]}")
                ?? Results.Json(answer, CaseLedgerJson.Responses);
        }).Produces<TSummary>();
    }

    private static Type OpenedType(string kind) => kind switch
    {
        "reconsiderations" => typeof(ReconsiderationOpened),
        "litigations" => typeof(LitigationOpened),
        "supervision-matters" => typeof(SupervisionMatterStarted),
        "review-campaigns" => typeof(CaseFileReviews.ReviewCampaignStarted),
        "disputes" => typeof(Disputes.DisputeReferred),
        "third-party-assessments" => typeof(Assessments.ThirdPartyAssessmentRecordedAnswer),
        _ => typeof(PetitionOpened),
    };

    /// <summary>A petition belongs to the agency of the case it concerns, or else to the agency of the staff who lodged it.</summary>
    private static async Task<IEnumerable<string>> PetitionAgenciesAsync(PetitionFile file, IQuerySession session, CancellationToken ct)
    {
        if (file.State is not { } s) return [];
        if (s.Lodging.CaseId is { Length: > 0 } caseId)
            return (await session.LoadAsync<CaseFile>(caseId, ct))?.State is { } c ? [c.AgencyId] : [];
        return (await session.LoadAsync<Officer>(s.Lodging.RecordedBy, ct))?.AgencyId is { } agency ? [agency] : [];
    }
}
