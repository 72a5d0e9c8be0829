using CaseLedger.Cases;
using CaseLedger.Domain.Agencies;
using CaseLedger.Domain.Officers;
using CaseLedger.Domain.Penalty;
using Marten;

namespace CaseLedger.Server.Documents;

/// <summary>A case's standard document read from its stored events, with the agency it belongs to (for the access check).</summary>
public sealed record CaseDocument(string CaseId, string AgencyId, RenderedDocument? Document);

/// <summary>Reads what <see cref="PenaltyDocuments"/> needs: the case's events in stream order and the names the register holds.</summary>
public sealed class DocumentReads(IQuerySession session)
{
    public async Task<CaseDocument?> ReadAsync(string caseId, DocumentKind kind, CancellationToken ct)
    {
        if (await session.LoadAsync<CaseFile>(caseId, ct) is not { State: { } state }) return null;
        var events = (await session.Events.FetchStreamAsync(caseId, token: ct)).OrderBy(e => e.Version).Select(e => e.Data).ToList();
        var agency = await session.LoadAsync<Agency>(state.AgencyId, ct);
        var officerIds = events.SelectMany(Signatures).Select(s => s.OfficerId).Distinct().ToArray();
        var officers = officerIds.Length == 0 ? [] : await session.LoadManyAsync<Officer>(ct, officerIds);
        var names = new DocumentNames(agency?.Name ?? state.AgencyId, officers.ToDictionary(o => o.Id, o => o.Name));
        return new CaseDocument(caseId, state.AgencyId, PenaltyDocuments.Render(kind, events, names));
    }

    private static IEnumerable<Domain.OfficerSignature> Signatures(object e) => e switch
    {
        PenaltyNoticeServed n => n.Officers,
        DecisionMade d => d.Officers,
        DecisionServed s => s.Officers,
        _ => [],
    };

    /// <summary>
    /// The bytes to print: the document itself when it is the one recorded (its SHA-256 then checks out on the download); otherwise
    /// the document under a notice that says plainly it is not proven to be the served one.
    /// </summary>
    public static string Printable(RenderedDocument document) => document.Check switch
    {
        DocumentCheck.Matches => document.Html,
        var check => document.Html.Replace("<body>", "<body><div role=\"alert\" class=\"not-served\" style=\"border:3px solid #a1260d;color:#a1260d;padding:4mm;margin:4mm 0;font-weight:bold\">"
            + (check == DocumentCheck.Differs
                ? "本文书的 SHA-256 与送达事件记录的不一致：不是送达的文书。"
                : "送达事件未记录本文书的 SHA-256：无法证明本文书即送达的文书。")
            + "</div>", StringComparison.Ordinal),
    };
}
