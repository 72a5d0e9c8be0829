using CaseLedger.Commands;
using CaseLedger.Disputes;
using CaseLedger.Domain.Disputes;
using CaseLedger.Server.Remedies;
using Microsoft.AspNetCore.Routing;

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
        RemedyEndpoints.Map<DisputeFile>(app, "disputes", "a dispute between agencies", "disputeId", "raise", Dispute.Commands,
            (file, _, _) => file.State is { } s ? Summary(file.Version, s) : null,
            (file, _, _) => Task.FromResult(Readers(file)));
        return app;
    }

    /// <summary>The parties and the office read a dispute.</summary>
    private static IEnumerable<string> Readers(DisputeFile file) => file.State is { } s ? [.. s.Parties(), s.Raising.Office] : [];

    private static object Summary(long version, DisputeState s) => new
    {
        disputeId = s.Id,
        caseId = s.CaseId,
        version,
        stage = Dispute.StageOf(s),
        kind = s.Raising.Kind,
        subject = s.Raising.Subject,
        raisedBy = s.Raising.RaisedByAgency,
        parties = s.Parties(),
        office = s.Raising.Office,
        raisedOn = s.Raising.RaisedOn,
        agreements = s.Agreements,
        ruling = s.Ruling,
        bound = s.Bound().Select(b => new { agencyId = b.Key, competentAgency = b.Value }),
    };
}
