using System.Globalization;
using CaseLedger.Audit;
using CaseLedger.Domain;
using CaseLedger.Json;
using CaseLedger.Publicity;
using CaseLedger.Server.Documents;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CaseLedger.Server.Pages.Public;

/// <summary>
/// The publicity page (公示; 国办发〔2018〕118号; 行政处罚法 Art. 48), open to anyone: the published decisions with personal data
/// masked, each with the inclusion proof of its publication event against the latest signed checkpoint.
/// </summary>
public sealed class PublicityModel(PublishedDecisions published) : PageModel
{
    public PublishedList List { get; private set; } = new([], null, null, false);

    public bool English => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en";

    /// <summary>The cursor of this page (null: the first).</summary>
    public string? After { get; private set; }

    /// <summary>The entries a page holds when the reader asked for fewer than <see cref="PublishedDecisions.PageSize"/>.</summary>
    public int? Limit { get; private set; }

    public async Task<IActionResult> OnGetAsync(string? after, int? limit)
    {
        if (Read(published, after, limit) is not { } read) return BadRequest();
        (After, Limit, List) = (after, limit, await read(HttpContext.RequestAborted));
        return Page();
    }

    /// <summary>The link to the page after this one, with the same page size.</summary>
    public string NextLink(string next) => $"/public/publicity?after={Uri.EscapeDataString(next)}" + (Limit is { } l ? $"&limit={l}" : "");

    /// <summary>The page's read, or null when <paramref name="after"/> is no cursor of the list or <paramref name="limit"/> is not 1 to <see cref="PublishedDecisions.PageSize"/>.</summary>
    internal static Func<CancellationToken, Task<PublishedList>>? Read(PublishedDecisions published, string? after, int? limit) =>
        PublishedDecisions.IsCursor(after) && limit is null or (>= 1 and <= PublishedDecisions.PageSize)
            ? ct => published.ListAsync(after, ct, limit ?? PublishedDecisions.PageSize)
            : null;

    public string Penalties(PublishedEntry entry) => PenaltyTerms.Describe(entry.Decision.Penalties, English);
}

/// <summary>The same list as JSON, for anyone who checks the proofs with their own tools.</summary>
public sealed class PublicityJsonModel(PublishedDecisions published) : PageModel
{
    public async Task<IActionResult> OnGetAsync(string? after, int? limit)
    {
        if (PublicityModel.Read(published, after, limit) is not { } read)
            return new ObjectResult(new Microsoft.AspNetCore.Mvc.ProblemDetails
            {
                Status = 400, Title = "The request is not valid.", Type = $"https://caseledger.dev/problems/{RefusalCodes.ValidationFailed}",
                Detail = $"'after' must be the 'next' of a page and 'limit' 1 to {PublishedDecisions.PageSize}.",
                Extensions = { ["code"] = RefusalCodes.ValidationFailed },
            }) { StatusCode = 400, ContentTypes = { "application/problem+json" } };
        var list = await read(HttpContext.RequestAborted);
        return new JsonResult(Json(list, limit), CaseLedgerJson.Responses);
    }

    /// <summary>A log's latest checkpoint as the public checks it: the signed statement, the key, and whether the signature verified.</summary>
    private static object? Shown(Checkpoint? c, string? publicKeyPem, bool verified) => c is null ? null : new
    {
        treeSize = c.TreeSize,
        highWaterSequence = c.HighWaterSequence,
        rootHash = c.RootHash,
        time = c.Time,
        keyId = c.KeyId,
        signature = c.Signature,
        statement = System.Text.Encoding.UTF8.GetString(c.Statement()),
        publicKey = publicKeyPem,
        signatureVerified = verified,
    };

    public static object Json(PublishedList list, int? limit = null) => new
    {
        checkpoint = Shown(list.Checkpoint, list.PublicKeyPem, list.CheckpointVerified),
        next = list.Next is { } next ? $"/public/publicity.json?after={Uri.EscapeDataString(next)}" + (limit is { } l ? $"&limit={l}" : "") : null,
        leaf = "SHA-256(0x00 || sequence as 8 bytes big-endian || chain hash), RFC 9162 §2.1; the root and audit path as in RFC 9162 §2.1.3",
        // With regions: each region's latest checkpoint, to which the proofs of its decisions (named by "region") lead.
        regions = list.Regions?.Select(r => new
        {
            region = r.Region,
            checkpoint = Shown(r.Checkpoint, r.PublicKeyPem, r.CheckpointVerified),
        }),
        decisions = list.Entries.Select(e => new
        {
            caseId = e.Decision.CaseId,
            caseNumber = e.Decision.CaseNumber,
            decisionNumber = e.Decision.DecisionNumber,
            agencyId = e.Decision.AgencyId,
            agency = e.AgencyName,
            partyKind = e.Decision.PartyKind,
            party = e.Decision.Party,
            partyIdNumber = e.Decision.PartyIdNumber,
            violation = e.Decision.Violation,
            penalties = e.Decision.Penalties,
            basis = e.Decision.Basis,
            decidedOn = e.Decision.DecidedOn,
            publishedOn = e.Decision.PublishedOn,
            channel = e.Decision.Channel,
            region = e.Region,
            publicationEvent = new { sequence = e.Sequence, version = e.Version },
            inclusion = e.Proof is { } p ? new
            {
                leafIndex = p.LeafIndex,
                treeSize = p.TreeSize,
                chainHash = p.ChainHash,
                leafHash = p.LeafHash,
                auditPath = p.AuditPath,
                rootHash = p.RootHash,
                verified = e.ProofVerified,
            } : null,
        }),
    };
}
