using CaseLedger.Access;
using CaseLedger.Cases;
using CaseLedger.Commands;
using CaseLedger.Domain;
using CaseLedger.Domain.Agencies;
using CaseLedger.Domain.Officers;
using CaseLedger.Json;
using CaseLedger.Server.Http;
using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using NodaTime;
using NodaTime.Text;

namespace CaseLedger.Server.Register;

/// <summary>The answer to registering an agency: its id, version and events.</summary>
public sealed record AgencyRegistered(string AgencyId, long Version, IReadOnlyList<RecordedEvent> Events);

/// <summary>The answer to registering an officer; <c>token</c> is shown once (only its hash is kept, and a replayed request does not repeat it).</summary>
public sealed record OfficerRegistered(string OfficerId, long Version, string? Token, IReadOnlyList<RecordedEvent> Events);

/// <summary>Whether an officer was certified for a domain on a date and, given a case, not recused from it: whether it may act.</summary>
public sealed record OfficerCertification(string OfficerId, string Domain, LocalDate On, bool Certified, string? CertificateNumber,
    bool Auxiliary, string? CaseId, bool? Recused, bool MayAct);

/// <summary>The register (domain.md §8.1): agencies with their policy versions, officers and certificates.</summary>
public static class RegisterEndpoints
{
    public static IEndpointRouteBuilder MapRegister(this IEndpointRouteBuilder app)
    {
        var agencies = app.MapGroup("/api/agencies").WithTags("Register");
        agencies.MapPost("", async (HttpContext context) =>
        {
            var (command, problem) = await CommandEndpoint.ReadAsync(context, typeof(RegisterAgency));
            if (problem is not null) return problem;
            var register = (RegisterAgency)command!;
            if (!IsRegisterId(register.AgencyId)) return InvalidId(context, "agencyId");
            return await CommandEndpoint.RunAsync(context, register.AgencyId, register,
                r => new AgencyRegistered(register.AgencyId, r.Version, r.Events));
        }).Accepts<RegisterAgency>("application/json").Produces<AgencyRegistered>(StatusCodes.Status201Created);
        agencies.MapGet("{agencyId}", async (string agencyId, IQuerySession session, HttpContext context) =>
            await session.LoadAsync<Agency>(agencyId, context.RequestAborted) is { } agency
                ? Results.Json(agency, CaseLedgerJson.Responses)
                : Problems.Of(RefusalCodes.NotFound, $"Agency '{agencyId}' is not registered.", context.Request.Path))
            .Produces<Agency>();
        agencies.MapPost("{agencyId}/policy", async (string agencyId, HttpContext context) =>
        {
            var (command, problem) = await CommandEndpoint.ReadAsync(context, typeof(ChangeAgencyPolicy));
            return problem ?? await CommandEndpoint.RunAsync(context, agencyId, command!);
        }).Accepts<ChangeAgencyPolicy>("application/json").Produces<CommandAnswer>();

        var officers = app.MapGroup("/api/officers").WithTags("Register");
        officers.MapPost("", async (HttpContext context) =>
        {
            var (command, problem) = await CommandEndpoint.ReadAsync(context, typeof(RegisterOfficer));
            if (problem is not null) return problem;
            var register = (RegisterOfficer)command!;
            if (!IsRegisterId(register.OfficerId)) return InvalidId(context, "officerId");
            return await CommandEndpoint.RunAsync(context, register.OfficerId, register,
                r => new OfficerRegistered(register.OfficerId, r.Version, r.IssuedToken, r.Events));
        }).Accepts<RegisterOfficer>("application/json").Produces<OfficerRegistered>(StatusCodes.Status201Created);
        officers.MapGet("{officerId}", async (string officerId, IQuerySession session, HttpContext context) =>
            await session.LoadAsync<Officer>(officerId, context.RequestAborted) is { } officer
                ? MayReadOfficer(context, officer) ?? Results.Json(officer, CaseLedgerJson.Responses)
                : Problems.Of(RefusalCodes.NotFound, $"Officer '{officerId}' is not registered.", context.Request.Path))
            .Produces<Officer>();
        officers.MapPost("{officerId}/scope", GrantScope).Accepts<ScopeRequest>("application/json").Produces<SupervisionScope>();
        officers.MapGet("{officerId}/scope", async (string officerId, IQuerySession session, HttpContext context) =>
            context.Require(Role.Admin) ?? Results.Json(
                await session.LoadAsync<SupervisionScope>(officerId, context.RequestAborted) ?? new SupervisionScope(officerId, [], "", default),
                CaseLedgerJson.Responses)).Produces<SupervisionScope>();
        officers.MapGet("{officerId}/certification", Certification).Produces<OfficerCertification>();
        officers.MapPost("{officerId}/certificates", async (string officerId, HttpContext context) =>
        {
            var (command, problem) = await CommandEndpoint.ReadAsync(context, typeof(IssueCertificate));
            return problem ?? await CommandEndpoint.RunAsync(context, officerId, command!);
        }).Accepts<IssueCertificate>("application/json").Produces<CommandAnswer>();
        officers.MapPost("{officerId}/reviewing-since", async (string officerId, HttpContext context) =>
        {
            var (command, problem) = await CommandEndpoint.ReadAsync(context, typeof(RecordReviewingSince));
            return problem ?? await CommandEndpoint.RunAsync(context, officerId, command!);
        }).Accepts<RecordReviewingSince>("application/json").Produces<CommandAnswer>();
        MapOfficerCommand<RecordTraining>(officers, "training");
        MapOfficerCommand<RecordExamination>(officers, "examinations");
        MapCertificateCommand<ReviewCertificate>(officers, "review");
        MapCertificateCommand<RenewCertificate>(officers, "renew");
        MapCertificateCommand<SuspendCertificate>(officers, "suspend");
        MapCertificateCommand<RevokeCertificate>(officers, "revoke");
        return app;
    }

    private static void MapOfficerCommand<T>(RouteGroupBuilder officers, string verb) where T : notnull =>
        officers.MapPost($"{{officerId}}/{verb}", async (string officerId, HttpContext context) =>
        {
            var (command, problem) = await CommandEndpoint.ReadAsync(context, typeof(T));
            return problem ?? await CommandEndpoint.RunAsync(context, officerId, command!);
        }).Accepts<T>("application/json").Produces<CommandAnswer>();

    private static void MapCertificateCommand<T>(RouteGroupBuilder officers, string verb) where T : notnull =>
        officers.MapPost($"{{officerId}}/certificates/{{number}}/{verb}", async (string officerId, string number, HttpContext context) =>
        {
            var (command, problem) = await CommandEndpoint.ReadAsync(context, typeof(T), new Dictionary<string, string> { ["number"] = number });
            return problem ?? await CommandEndpoint.RunAsync(context, officerId, command!);
        }).Accepts<T>("application/json").Produces<CommandAnswer>();

    /// <summary>
    /// The one question the procedure rules ask of the register: was this officer certified for this
    /// enforcement domain on this date, and (given a case) not recused from it?
    /// </summary>
    private static async Task<IResult> Certification(string officerId, string domain, string on, string? caseId, IQuerySession session, HttpContext context)
    {
        var date = LocalDatePattern.Iso.Parse(on);
        if (!date.Success)
            return Problems.Of(RefusalCodes.ValidationFailed, "on must be an ISO date, e.g. 2026-03-02.", context.Request.Path);
        var officer = await session.LoadAsync<Officer>(officerId, context.RequestAborted);
        if (officer is null)
            return Problems.Of(RefusalCodes.NotFound, $"Officer '{officerId}' is not registered.", context.Request.Path);
        if (MayReadOfficer(context, officer) is { } forbidden) return forbidden;
        var certificate = officer.CertificateFor(domain, date.Value);
        bool? recused = null;
        if (caseId is not null)
        {
            var file = StreamKeys.IsCaseId(caseId) ? await session.LoadAsync<CaseFile>(caseId, context.RequestAborted) : null;
            if (file?.State is null)
                return Problems.Of(RefusalCodes.NotFound, $"Case '{caseId}' does not exist.", context.Request.Path);
            if (context.MayRead(file.State.AgencyId) is { } notTheirs) return notTheirs;
            recused = file.State.Recused.Contains(officerId);
        }
        return Results.Json(new OfficerCertification(officerId, domain, date.Value, certificate is not null, certificate?.Number,
            officer.IsAuxiliary, caseId, recused, certificate is not null && recused != true), CaseLedgerJson.Responses);
    }

    /// <summary>An officer's entry: the officer, the staff of its agency, supervisors and auditors in scope, administrators.</summary>
    private static IResult? MayReadOfficer(HttpContext context, Officer officer) =>
        context.Actor().Id == officer.Id ? null : context.MayReadAny([officer.AgencyId], "the register entry");

    public sealed record ScopeRequest(IReadOnlyList<string>? Agencies);

    /// <summary>An administrator grants a supervisor or auditor the agencies it reads ("*": every agency); an empty list withdraws it.</summary>
    private static async Task<IResult> GrantScope(string officerId, HttpContext context, IDocumentSession session, IClock clock)
    {
        if (context.Require(Role.Admin) is { } forbidden) return forbidden;
        var (body, problem) = await CommandEndpoint.ReadAsync(context, typeof(ScopeRequest));
        if (problem is not null) return problem;
        var agencies = ((ScopeRequest)body!).Agencies ?? [];
        if (agencies.Any(string.IsNullOrWhiteSpace))
            return Problems.Of(RefusalCodes.ValidationFailed, "agencies may not hold empty entries.", context.Request.Path);
        var officer = await session.LoadAsync<Officer>(officerId, context.RequestAborted);
        if (officer is null) return Problems.Of(RefusalCodes.NotFound, $"Officer '{officerId}' is not registered.", context.Request.Path);
        if (!Authorization.Overseers.Any(officer.Has))
            return Problems.Of(RefusalCodes.ValidationFailed, $"'{officerId}' is no supervisor or auditor: a scope is what they read.", context.Request.Path);
        var scope = new SupervisionScope(officerId, [.. agencies.Distinct()], context.Actor().Id, clock.GetCurrentInstant());
        session.Store(scope);
        await session.SaveChangesAsync(context.RequestAborted);
        return Results.Json(scope, CaseLedgerJson.Responses);
    }

    private static bool IsRegisterId(string id) =>
        id.Length is > 0 and <= 64 && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.') && !StreamKeys.IsCaseId(id);

    private static IResult InvalidId(HttpContext context, string field) => Problems.Of(RefusalCodes.ValidationFailed,
        $"{field} must be 1–64 letters, digits, '-', '_' or '.', and not a UUID (those name cases).", context.Request.Path);
}
