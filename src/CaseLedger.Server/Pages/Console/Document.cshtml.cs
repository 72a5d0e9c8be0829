using System.Text;
using CaseLedger.Server.Documents;
using Microsoft.AspNetCore.Mvc;

namespace CaseLedger.Server.Pages.Console;

/// <summary>
/// A standard document of a case (行政处罚事先告知书, 行政处罚决定书, 送达回证) and whether it is the one the serving event
/// recorded; the same access rules as <c>GET /api/cases/{caseId}</c>.
/// </summary>
public sealed class DocumentModel(DocumentReads reads) : ConsolePage
{
    public CaseDocument? Case { get; private set; }

    public DocumentKind Kind { get; private set; }

    public async Task<IActionResult> OnGetAsync(string caseId, string kind)
    {
        if (PenaltyDocuments.FromSlug(kind) is not { } documentKind) return NotFound($"No document '{kind}': notice, decision or proof-of-service.");
        Kind = documentKind;
        Case = await reads.ReadAsync(caseId, documentKind, HttpContext.RequestAborted);
        if (Case is null) return NotFound($"Case '{caseId}' is not recorded.");
        if (Refused("/api/cases/{caseId}", Case.AgencyId) is { } refused) return refused;
        if (Case.Document is null) return NotFound($"Case '{caseId}' has no {PenaltyDocuments.Title(documentKind)} yet.");
        return Page();
    }
}

/// <summary>The printable document alone (A4 HTML): byte for byte the document hashed when it is the one recorded.</summary>
public sealed class DocumentPrintModel(DocumentReads reads) : ConsolePage
{
    public async Task<IActionResult> OnGetAsync(string caseId, string kind)
    {
        if (PenaltyDocuments.FromSlug(kind) is not { } documentKind) return NotFound($"No document '{kind}': notice, decision or proof-of-service.");
        var read = await reads.ReadAsync(caseId, documentKind, HttpContext.RequestAborted);
        if (read is null) return NotFound($"Case '{caseId}' is not recorded.");
        if (Refused("/api/cases/{caseId}", read.AgencyId) is { } refused) return refused;
        if (read.Document is not { } document) return NotFound($"Case '{caseId}' has no {PenaltyDocuments.Title(documentKind)} yet.");
        return Content(DocumentReads.Printable(document), "text/html; charset=utf-8", new UTF8Encoding(false));
    }
}
