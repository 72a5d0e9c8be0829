using CaseLedger.Commands;
using CaseLedger.Disputes;
using CaseLedger.Domain.Disputes;
using CaseLedger.Server.Remedies;
using CaseLedger.Subscriptions;
using Microsoft.AspNetCore.Routing;
using NodaTime;

namespace CaseLedger.Server.Disputes;

/// <summary>The answer to raising a dispute between agencies: its id, version and events.</summary>
public sealed record DisputeReferred(string DisputeId, long Version, IReadOnlyList<RecordedEvent> Events);

/// <summary>
/// Disputes between agencies over HTTP (执法争议协调裁决, 山东省行政执法监督条例 Art. 18): <c>POST /api/disputes</c> (an agency's head
/// refers it to the government's legal affairs office), <c>record-agreement</c> and <c>rule</c> (the office's staff) through the same
/// pipeline as every proceeding; <c>GET /api/disputes/{id}</c> the dispute, read by its parties and the office.
/// </summary>
public static class DisputeEndpoints
{
    public static IEndpointRouteBuilder MapDisputes(this IEndpointRouteBuilder app)
    {
        RemedyEndpoints.Map<DisputeFile, DisputeSummary>(app, "disputes", "a dispute between agencies", "disputeId", "raise", Dispute.Commands,
            (file, _, _) => file.State is { } s ? Summary(file.Version, s) : null,
            (file, _, _) => Task.FromResult(Readers(file)));
        return app;
    }

    /// <summary>The parties and the office read a dispute (<see cref="ProceedingAudience"/>, as the feed shows it).</summary>
    private static IEnumerable<string> Readers(DisputeFile file) => ProceedingAudience.ReadersOf(file);

    private static DisputeSummary Summary(long version, DisputeState s) => new(s.Id, s.CaseId, version, Dispute.StageOf(s), s.Raising.Kind,
        s.Raising.Subject, s.Raising.RaisedByAgency, s.Parties(), s.Raising.Office, s.Raising.RaisedOn, s.Agreements, s.Ruling,
        [.. s.Bound().Select(b => new DisputeBinding(b.Key, b.Value))]);
}

/// <summary>A dispute between agencies as its parties and the office read it: who raised it, the agreements, the ruling, and whom they bind.</summary>
/// <param name="Bound">Each agency bound, and the agency the agreement or ruling names competent (none: it may not act on the matter).</param>
public sealed record DisputeSummary(string DisputeId, string? CaseId, long Version, string Stage, DisputeKind Kind, string Subject, string RaisedBy,
    IReadOnlyList<string> Parties, string Office, LocalDate RaisedOn, IReadOnlyList<DisputeAgreementRecorded> Agreements, DisputeRuled? Ruling,
    IReadOnlyList<DisputeBinding> Bound);

public sealed record DisputeBinding(string AgencyId, string? CompetentAgency);
