using System.Text;
using CaseLedger.Domain;
using CaseLedger.Domain.Litigation;
using CaseLedger.Domain.Penalty;
using CaseLedger.Domain.Petitions;
using CaseLedger.Domain.Reconsideration;
using CaseLedger.Domain.SupervisionMatters;
using CaseLedger.Domain.CaseFileReviews;
using CaseLedger.Domain.Disputes;
using CaseLedger.Domain.Assessments;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace CaseLedger.Server.Http;

/// <summary>How far a role reaches on one endpoint (docs/access.md).</summary>
public enum Reach
{
    /// <summary>Never: 403 before anything is read.</summary>
    None,
    /// <summary>Targets of the actor's own agency (the stored case's agency, a reconsideration's body, the sued agency).</summary>
    Own,
    /// <summary>Agencies in the scope an administrator granted a supervisor or auditor.</summary>
    Scope,
    /// <summary>What an administrator granted an integrator (agencies and event types).</summary>
    Grant,
    /// <summary>The actor's own subscriptions or grant.</summary>
    Self,
    /// <summary>Every agency.</summary>
    All,
}

/// <summary>One row of docs/access.md: an endpoint as the server maps it and how far each role reaches on it.</summary>
public sealed record AccessRule(string Method, string Route, string What, IReadOnlyDictionary<Role, Reach> Roles)
{
    /// <summary>For a route ending in <c>{command}</c>: the commands, each mapped as its own typed route that this row rules.</summary>
    public IReadOnlyCollection<string> Commands { get; init; } = [];

    /// <summary>The routes the server maps for this row: the route itself, or one per command.</summary>
    public IEnumerable<string> Routes => Commands.Count == 0 ? [Route] : Commands.Select(c => Route.Replace("{command}", c, StringComparison.Ordinal));

    public Reach For(Role role) => Roles.GetValueOrDefault(role, Reach.None);

    public bool Admits(Actor actor) => actor.Roles.Any(r => For(r) != Reach.None);
}

/// <summary>
/// The rules as data: docs/access.md is rendered from this table (a test keeps them equal), the edge refuses a role the
/// table gives no reach before any body is read, and the target checks (<see cref="Authorization"/>) do the rest. An
/// endpoint the table does not name is refused: a new endpoint needs its row.
/// </summary>
public static class AccessRules
{
    private static readonly Role[] CaseStaff = [Role.EnforcementOfficer, Role.Auxiliary, Role.LegalReviewer, Role.AgencyHead, Role.HearingPresider];
    private static readonly Role[] AllStaff = [.. CaseStaff, Role.ReconsiderationStaff, Role.SupervisionStaff];

    private static Dictionary<Role, Reach> Reads() => Cells(AllStaff, Reach.Own, (Role.Supervisor, Reach.Scope), (Role.Auditor, Reach.Scope), (Role.Admin, Reach.All));

    /// <summary>Steps on a case or a linked proceeding: the acting agency's staff only; an administrator keeps the register, not the cases.</summary>
    private static Dictionary<Role, Reach> Writes(IEnumerable<Role> writers) => Cells(writers, Reach.Own);

    private static Dictionary<Role, Reach> AdminOnly() => Cells([], Reach.None, (Role.Admin, Reach.All));

    private static Dictionary<Role, Reach> Everyone() => Enum.GetValues<Role>().ToDictionary(r => r, _ => Reach.All);

    private static Dictionary<Role, Reach> Cells(IEnumerable<Role> roles, Reach reach, params (Role Role, Reach Reach)[] more)
    {
        var cells = roles.ToDictionary(r => r, _ => reach);
        foreach (var (role, r) in more) cells[role] = r;
        return cells;
    }

    public static IReadOnlyList<AccessRule> All { get; } =
    [
        new("GET", "/openapi/{documentName}.json", "the OpenAPI document", Everyone()),
        new("POST", "/api/agencies", "register an agency", AdminOnly()),
        new("GET", "/api/agencies/{agencyId}", "an agency of the register", Everyone()),
        new("POST", "/api/agencies/{agencyId}/policy", "change an agency's policy", AdminOnly()),
        new("POST", "/api/agencies/{agencyId}/announcement", "record the announcement of an enforcement body", AdminOnly()),
        new("POST", "/api/agencies/{agencyId}/discretion-catalogue", "issue a version of an agency's discretion benchmark catalogue", AdminOnly()),
        new("POST", "/api/agencies/{agencyId}/powers", "issue a version of an agency's powers list", AdminOnly()),
        new("GET", "/api/agencies/{agencyId}/lists", "an agency's published lists", Everyone()),
        new("POST", "/api/officers", "register an officer", AdminOnly()),
        new("GET", "/api/officers/{officerId}", "an officer of the register (and the officer itself)", Reads()),
        new("GET", "/api/officers/{officerId}/assessment", "an officer's assessment over a period (their cases' figures, corrections, review scores)", Reads()),
        new("GET", "/api/officers/{officerId}/certification", "an officer's certification (and recusal on ?caseId=)", Reads()),
        new("POST", "/api/officers/{officerId}/certificates", "issue a certificate", AdminOnly()),
        new("POST", "/api/officers/{officerId}/training", "record an officer's training hours", AdminOnly()),
        new("POST", "/api/officers/{officerId}/examinations", "record an officer's examination", AdminOnly()),
        new("POST", "/api/officers/{officerId}/certificates/{number}/review", "record the periodic review of a certificate (failed: withdrawn)", AdminOnly()),
        new("POST", "/api/officers/{officerId}/certificates/{number}/renew", "renew a certificate", AdminOnly()),
        new("POST", "/api/officers/{officerId}/certificates/{number}/suspend", "suspend a certificate", AdminOnly()),
        new("POST", "/api/officers/{officerId}/certificates/{number}/revoke", "revoke a certificate", AdminOnly()),
        new("POST", "/api/officers/{officerId}/reviewing-since", "record since when an officer does legal review", AdminOnly()),
        new("POST", "/api/officers/{officerId}/deactivate", "deactivate an officer (its tokens stop)", AdminOnly()),
        new("POST", "/api/officers/{officerId}/reactivate", "reactivate an officer", AdminOnly()),
        new("GET", "/api/officers/{officerId}/tokens", "an officer's tokens (ids and validity, never the tokens)", AdminOnly()),
        new("POST", "/api/officers/{officerId}/tokens", "rotate an officer's token (the old ones keep a grace period)", AdminOnly()),
        new("POST", "/api/officers/{officerId}/tokens/{tokenId}/revoke", "revoke a token", AdminOnly()),
        new("POST", "/api/officers/{officerId}/scope", "grant a supervisor or auditor its scope", AdminOnly()),
        new("GET", "/api/officers/{officerId}/scope", "a supervisor's or auditor's scope", AdminOnly()),
        new("POST", "/api/cases", "open a penalty case (the agency it names is the target)", Writes(CaseStaff)),
        new("POST", "/api/cases/{caseId}/{command}", "a step on a penalty case", Writes(CaseStaff)) { Commands = Steps(PenaltyCase.Commands, "register-lead") },
        new("GET", "/api/cases/{caseId}", "a case file", Reads()),
        new("GET", "/api/cases/{caseId}/events", "a case's events", Reads()),
        new("GET", "/api/cases/{caseId}/audit-trail", "a case's audit trail", Reads()),
        new("GET", "/api/cases/{caseId}/state", "a case as it stood", Reads()),
        new("POST", "/api/calendar/years", "load an official year", AdminOnly()),
        new("GET", "/api/calendar/years", "the official years loaded", Everyone()),
        new("GET", "/api/deadlines", "the deadline board", Reads()),
        new("GET", "/api/queues/{queue}", "a review queue", Reads()),
        new("GET", "/api/agencies/{agencyId}/figures", "an agency's figures", Reads()),
        new("GET", "/api/agencies/{agencyId}/figures/trend", "an agency's figures month by month", Reads()),
        new("GET", "/api/agencies/{agencyId}/assessment", "an agency's assessment over a period (figures, review scores, third parties' assessments)", Reads()),
        new("GET", "/api/audit/verify", "integrity and procedure findings", Cells([], Reach.None, (Role.Supervisor, Reach.Scope), (Role.Auditor, Reach.Scope), (Role.Admin, Reach.All))),
        new("GET", "/api/audit/checkpoints", "signed checkpoints", Everyone()),
        new("POST", "/api/audit/checkpoints", "sign a checkpoint", Cells([], Reach.None, (Role.Auditor, Reach.All), (Role.Admin, Reach.All))),
        new("GET", "/api/audit/public-key", "the checkpoint key", Everyone()),
        new("GET", "/api/audit/public-keys", "every checkpoint key of the deployment", Everyone()),
        new("POST", "/api/audit/public-keys", "register a checkpoint key", AdminOnly()),
        new("GET", "/api/audit/rebuilds", "the recorded rebuilds of the read models", Cells([], Reach.None, (Role.Supervisor, Reach.All), (Role.Auditor, Reach.All), (Role.Admin, Reach.All))),
        new("GET", "/api/audit/proofs/inclusion", "an inclusion proof", Cells([], Reach.None, (Role.Supervisor, Reach.All), (Role.Auditor, Reach.All), (Role.Admin, Reach.All))),
        new("GET", "/api/audit/proofs/consistency", "a consistency proof between checkpoints", Everyone()),
        new("GET", "/api/audit/proofs/stream-head", "a stream's head at a checkpoint", Cells([], Reach.None, (Role.Supervisor, Reach.All), (Role.Auditor, Reach.All), (Role.Admin, Reach.All))),
        new("POST", "/api/audit/exports/verify", "verify an export", Everyone()),
        .. Remedy("reconsiderations", "a reconsideration", [Role.ReconsiderationStaff, Role.AgencyHead], Steps(ReconsiderationCase.Commands, "apply")),
        .. Remedy("litigations", "a suit", [Role.AgencyHead, Role.EnforcementOfficer, Role.LegalReviewer, Role.ReconsiderationStaff], Steps(LitigationCase.Commands, "file")),
        .. Remedy("petitions", "a petition", [Role.EnforcementOfficer, Role.AgencyHead, Role.Supervisor, Role.ReconsiderationStaff, Role.LegalReviewer],
            Steps(PetitionCase.Commands, "lodge")),
        // A supervision matter: the supervising organ's supervision staff and head act on it; the supervised agency's staff
        // record its correction and its execution report (山东省行政执法监督条例 Arts. 4, 22, 28–29).
        .. Remedy("supervision-matters", "a supervision matter", [.. SupervisionLaw.SupervisorWriters],
            [.. Steps(SupervisionMatter.Commands, "open").Except(SupervisionMatter.AgencyCommands)], "the supervising organ is the target"),
        new("POST", "/api/supervision-matters/{id}/{command}", "the supervised agency's answer on a supervision matter", Writes(SupervisionLaw.AgencyWriters))
        {
            Commands = [.. SupervisionMatter.AgencyCommands],
        },
        // A case-file review campaign: the supervising organ's supervision staff and head open and close it; its assigned reviewers,
        // supervision staff of other agencies too, score the files (山东省行政执法监督条例 Arts. 14, 22).
        .. Remedy("review-campaigns", "a case-file review campaign", [.. SupervisionLaw.SupervisorWriters], Steps(ReviewCampaign.Commands, "open"),
            "the supervising organ is the target"),
        new("GET", "/api/review-campaigns/{id}/results", "a review campaign's results per agency and officer", Reads()),
        // A dispute between agencies: a party's head refers it; the legal affairs office's supervision staff and head record the
        // agreement and the government's ruling (山东省行政执法监督条例 Arts. 18, 22).
        new("POST", "/api/disputes", "refer a dispute between agencies (the raising agency is the target)", Writes([.. Dispute.RaiseWriters])),
        new("POST", "/api/disputes/{id}/{command}", "a step on a dispute between agencies (the office is the target)", Writes([.. Dispute.OfficeWriters]))
        {
            Commands = Steps(Dispute.Commands, "raise"),
        },
        new("GET", "/api/disputes/{id}", "a dispute between agencies", Reads()),
        // A third party's assessment of an agency: the supervising office's supervision staff record it (山东省行政执法监督条例 Arts. 16, 22);
        // the office and the agency assessed read it.
        new("POST", "/api/third-party-assessments", "record a third party's assessment of an agency (the supervising office is the target)",
            Writes([.. ThirdPartyAssessment.Writers])),
        new("GET", "/api/third-party-assessments/{id}", "a third party's assessment", Reads()),
        new("GET", "/api/feed", "the catch-up feed", Cells([], Reach.None, (Role.Integrator, Reach.Grant), (Role.Admin, Reach.All))),
        new("GET", "/api/feed/stream", "the live stream", Cells([], Reach.None, (Role.Integrator, Reach.Grant), (Role.Admin, Reach.All))),
        new("GET", "/api/feed/types", "the event types of the feed", Everyone()),
        new("POST", "/api/integrators/{officerId}/grants", "grant an integrator", AdminOnly()),
        new("GET", "/api/integrators/{officerId}/grants", "an integrator's grant", Cells([], Reach.None, (Role.Integrator, Reach.Self), (Role.Admin, Reach.All))),
        new("POST", "/api/subscriptions", "subscribe a webhook", Cells([], Reach.None, (Role.Integrator, Reach.Grant), (Role.Admin, Reach.All))),
        new("GET", "/api/subscriptions", "the subscriptions", Cells([], Reach.None, (Role.Integrator, Reach.Self), (Role.Admin, Reach.All))),
        new("GET", "/api/subscriptions/{id}", "a subscription", Cells([], Reach.None, (Role.Integrator, Reach.Self), (Role.Admin, Reach.All))),
        new("POST", "/api/subscriptions/{id}/retry", "retry a subscription", Cells([], Reach.None, (Role.Integrator, Reach.Self), (Role.Admin, Reach.All))),
        new("DELETE", "/api/subscriptions/{id}", "cancel a subscription", Cells([], Reach.None, (Role.Integrator, Reach.Self), (Role.Admin, Reach.All))),
    ];

    private static AccessRule[] Remedy(string kind, string what, Role[] writers, string[] steps, string target = "the case it contests is the target") =>
    [
        new("POST", $"/api/{kind}", $"open {what} ({target})", Writes(writers)),
        new("POST", $"/api/{kind}/{{id}}/{{command}}", $"a step on {what}", Writes(writers)) { Commands = steps },
        new("GET", $"/api/{kind}/{{id}}", what, Reads()),
    ];

    /// <summary>The commands of a stream kind that run on an open stream, each its own route (the opening one is <c>POST /api/{kind}</c>).</summary>
    private static string[] Steps(IReadOnlyDictionary<string, Type> commands, string open) => [.. commands.Keys.Where(k => k != open)];

    /// <summary>Endpoints no token is needed for.</summary>
    public static readonly IReadOnlySet<string> Anonymous = new HashSet<string> { "GET /health" };

    /// <remarks>Two rows may rule the commands of one <c>{command}</c> route between them (a supervision matter's); the route itself keeps the first.</remarks>
    private static readonly Dictionary<string, AccessRule> ByKey =
        All.SelectMany(r => r.Routes.Select(route => (Key: Key(r.Method, route), Rule: r)))
            .Concat(All.Where(r => r.Commands.Count > 0).DistinctBy(r => Key(r.Method, r.Route)).Select(r => (Key: Key(r.Method, r.Route), Rule: r)))
            .ToDictionary(p => p.Key, p => p.Rule);

    /// <summary>A group's own route ("" in MapGroup) comes with a trailing slash: the table names it without.</summary>
    public static string Key(string method, string route)
    {
        var path = (route.StartsWith('/') ? route : "/" + route).TrimEnd('/');
        return $"{method} {(path.Length == 0 ? "/" : path)}";
    }

    public static AccessRule? For(string method, string route) => ByKey.GetValueOrDefault(Key(method, route));

    /// <summary>The method and route pattern of a mapped endpoint, as the table names it.</summary>
    public static IEnumerable<string> KeysOf(RouteEndpoint endpoint) =>
        (endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? []).Select(m => Key(m, endpoint.RoutePattern.RawText ?? ""));

    /// <summary>Refuses, before the endpoint runs, a role the table gives no reach, and an endpoint it does not name.</summary>
    public static IApplicationBuilder UseAccessRules(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        // The endpoint ASP.NET selects for a method it does not take answers 405 itself.
        // The web pages check the same table themselves (Pages/ConsolePage), by the API endpoint each page shows.
        if (context.GetEndpoint() is RouteEndpoint endpoint && context.Items.ContainsKey(Authentication.ActorKey) && !Pages.ConsoleHost.IsPage(context.Request.Path)
            && endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods.Contains(context.Request.Method) == true)
        {
            var rule = For(context.Request.Method, endpoint.RoutePattern.RawText ?? "");
            if (rule is null || !rule.Admits(context.Actor()))
            {
                await Problems.Of(Authorization.Forbidden(rule is null
                        ? $"{context.Request.Method} {endpoint.RoutePattern.RawText} has no access rule"
                        : $"'{context.Actor().Id}' holds no role that may {rule.What}"), context.Request.Path)
                    .ExecuteAsync(context);
                return;
            }
        }
        await next(context);
    });

    /// <summary>docs/access.md's table: one row per endpoint, one column per role; then the commands of each <c>{command}</c> row.</summary>
    public static string Markdown()
    {
        var roles = Enum.GetValues<Role>();
        var text = new StringBuilder();
        text.Append("| endpoint | what |");
        foreach (var role in roles) text.Append(' ').Append(Words.Kebab(role)).Append(" |");
        text.Append('\n').Append("|---|---|");
        foreach (var _ in roles) text.Append("---|");
        text.Append('\n');
        foreach (var rule in All)
        {
            text.Append("| `").Append(rule.Method).Append(' ').Append(rule.Route).Append("` | ").Append(rule.What).Append(" |");
            foreach (var role in roles) text.Append(' ').Append(Cell(rule.For(role))).Append(" |");
            text.Append('\n');
        }
        text.Append("\nEach `{command}` row rules one typed route per command (its request schema is in `docs/openapi.json`):\n");
        foreach (var rule in All.Where(r => r.Commands.Count > 0))
            text.Append("- `").Append(rule.Method).Append(' ').Append(rule.Route).Append("`: ").AppendJoin(", ", rule.Commands.Select(c => $"`{c}`")).Append('\n');
        return text.ToString();
    }

    private static string Cell(Reach reach) => reach switch
    {
        Reach.None => "—",
        _ => reach.ToString().ToLowerInvariant(),
    };
}
