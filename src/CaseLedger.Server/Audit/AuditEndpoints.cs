using System.Text;
using CaseLedger.Audit;
using CaseLedger.Cases;
using CaseLedger.Commands;
using CaseLedger.Domain;
using CaseLedger.Hosting;
using CaseLedger.Json;
using CaseLedger.Server.Http;
using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using NodaTime;
using CaseLedger.Domain.Audit;

namespace CaseLedger.Server.Audit;

/// <summary>
/// The auditor's API: procedure and integrity findings from the stored events, signed checkpoints of
/// the global log, the key that signs them, and inclusion and consistency proofs (docs/integrity.md).
/// </summary>
public static class AuditEndpoints
{
    /// <summary>The region a request names with <c>?region=</c> (none: the deployment's own log), or 404 for one the deployment does not have.</summary>
    private static (Region? Region, IResult? Problem) RegionOf(HttpContext context, RegionAudit regions)
    {
        var id = context.Request.Query["region"].ToString();
        if (id.Length == 0) return (null, null);
        return regions.Find(id) is { } region
            ? (region, null)
            : (null, Problems.Of(RefusalCodes.NotFound, $"This deployment has no region '{id}' (CASELEDGER_REGIONS).", context.Request.Path));
    }

    /// <summary>The checkpoints of the log a request names with <c>?region=</c> (none: the deployment's own), or 404 for an unknown region.</summary>
    private static async Task<(CheckpointService Checkpoints, IResult? Problem)> LogOf(HttpContext context, CheckpointService deployment, RegionAudit regions)
    {
        var (region, unknown) = RegionOf(context, regions);
        if (unknown is not null) return (deployment, unknown);
        return (region is null ? deployment : await regions.CheckpointsAsync(region), null);
    }

    public static IEndpointRouteBuilder MapAudit(this IEndpointRouteBuilder app)
    {
        var audit = app.MapGroup("/api/audit").WithTags("Audit");

        audit.MapGet("verify", async (string? caseId, AuditService deployment, RegionAudit regions, ReadSide reads, IDocumentStore store, HttpContext context) =>
        {
            if (context.Require(Role.Auditor, Role.Supervisor, Role.Admin) is { } forbidden) return forbidden;
            if (caseId is not null && !StreamKeys.IsCaseId(caseId))
                return Problems.Of(RefusalCodes.NotFound, $"'{caseId}' is not a case id.", context.Request.Path);
            // ?region= audits a region's database (docs/operations.md §6); a case is audited in the database that holds it.
            var (region, unknown) = RegionOf(context, regions);
            if (unknown is not null) return unknown;
            if (region is null && caseId is not null) region = await reads.RegionHoldingAsync(caseId, context.RequestAborted);
            var auditor = region is null ? deployment : await regions.AuditorAsync(region, context.RequestAborted);
            await using var session = region is null ? store.QuerySession() : store.QuerySession(region.Id);
            // One case within the reader's scope; the whole log for those who read every agency (docs/access.md).
            if (caseId is null && !Authorization.ListScope(context.Actor()).All)
                return Problems.Of(Authorization.Forbidden($"'{context.Actor().Id}' does not read every agency: verify one case with ?caseId="), context.Request.Path);
            if (caseId is not null && (await session.LoadAsync<CaseFile>(caseId, context.RequestAborted))?.State is { } state
                && context.MayRead(state.AgencyId) is { } notTheirs)
                return notTheirs;
            var report = await auditor.VerifyAsync(caseId, context.RequestAborted);
            if (caseId is not null && !report.Streams.Any(s => s.Stream == caseId))
                return Problems.Of(RefusalCodes.NotFound, $"Case '{caseId}' has no stored events.", context.Request.Path);
            return Results.Json(Report(report), CaseLedgerJson.Responses);
        }).Produces<AuditReportShown>().AddOpenApiOperationTransformer(QueryParameters.Region);

        audit.MapGet("checkpoints", async (CheckpointService deployment, RegionAudit regions, HttpContext context) =>
        {
            var (region, unknown) = RegionOf(context, regions);
            if (unknown is not null) return unknown;
            var checkpoints = region is null ? deployment : await regions.CheckpointsAsync(region);
            return Results.Json((await checkpoints.ListAsync(context.RequestAborted)).Select(Show), CaseLedgerJson.Responses);
        }).Produces<IReadOnlyList<CheckpointShown>>().AddOpenApiOperationTransformer(QueryParameters.Region);

        audit.MapPost("checkpoints", async (CheckpointService deployment, RegionAudit regions, HttpContext context) =>
        {
            if (context.Require(Role.Auditor, Role.Admin) is { } forbidden) return forbidden;
            var (region, unknown) = RegionOf(context, regions);
            if (unknown is not null) return unknown;
            var checkpoints = region is null ? deployment : await regions.CheckpointsAsync(region);
            try
            {
                var checkpoint = await checkpoints.CreateAsync(context.RequestAborted);
                return Results.Json(Show(checkpoint), CaseLedgerJson.Responses, statusCode: StatusCodes.Status201Created);
            }
            catch (CheckpointRefusedException refused)
            {
                return Problems.Of(CheckpointService.KeyNotCurrent, refused.Message, context.Request.Path);
            }
        }).Produces<CheckpointShown>(StatusCodes.Status201Created).AddOpenApiOperationTransformer(QueryParameters.Region);

        audit.MapGet("public-key", (CheckpointService checkpoints) =>
            Results.Text(checkpoints.Key.PublicKeyPem + "\n", "application/x-pem-file", Encoding.ASCII))
            .Produces<string>(StatusCodes.Status200OK, "application/x-pem-file");

        // Every key the deployment registered, each with the instant it signs from: a checkpoint is checked with the one it names,
        // valid when it was signed.
        audit.MapGet("public-keys", async (CheckpointService checkpoints, HttpContext context) =>
        {
            var ring = await checkpoints.KeyRingAsync(context.RequestAborted);
            var current = ring.ValidAt(checkpoints.Clock.GetCurrentInstant())?.KeyId;
            return Results.Json(ring.Keys.Select(k => new CheckpointKeyShown(k.KeyId, k.PublicKeyPem, k.ValidFrom, k.RegisteredBy, k.RegisteredAt,
                k.KeyId == current)), CaseLedgerJson.Responses);
        }).Produces<IReadOnlyList<CheckpointKeyShown>>();

        audit.MapPost("public-keys", async (HttpContext context) =>
        {
            var (command, problem) = await CommandEndpoint.ReadAsync(context, typeof(RegisterCheckpointKey));
            return problem ?? await CommandEndpoint.RunAsync(context, StreamKeys.CheckpointKeys, command!);
        }).Accepts<RegisterCheckpointKey>("application/json").Produces<CommandAnswer>();

        // ?region= reads a region's own log of rebuilds (each database records its own, docs/operations.md §6).
        audit.MapGet("rebuilds", async (IDocumentStore store, RegionAudit regions, HttpContext context) =>
        {
            var (region, unknown) = RegionOf(context, regions);
            if (unknown is not null) return unknown;
            await using var session = store.QuerySessionOf(region?.Id);
            return Results.Json(await ReadModelRebuilds.ListAsync(session, context.RequestAborted), CaseLedgerJson.Responses);
        }).Produces<IReadOnlyList<ReadModelsRebuilt>>().AddOpenApiOperationTransformer(QueryParameters.Region);

        // The proofs of a region's log (?region=) are made on that log's tree and lead to its own checkpoints.

        audit.MapGet("proofs/inclusion", async (long? sequence, long? treeSize, CheckpointService deployment, RegionAudit regions, HttpContext context) =>
        {
            var (checkpoints, unknown) = await LogOf(context, deployment, regions);
            if (unknown is not null) return unknown;
            if (sequence is null) return Problems.Of(RefusalCodes.ValidationFailed, "Name the event: ?sequence=<global sequence>.", context.Request.Path);
            var size = treeSize ?? (await checkpoints.LatestAsync(context.RequestAborted))?.TreeSize;
            var proof = size is { } s ? await checkpoints.InclusionAsync(sequence.Value, s, context.RequestAborted) : null;
            return proof is null
                ? Problems.Of(RefusalCodes.NotFound, $"No checkpoint of {size?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "any"} events holds an event at sequence {sequence}.", context.Request.Path)
                : Results.Json(proof, CaseLedgerJson.Responses);
        }).Produces<InclusionProof>().AddOpenApiOperationTransformer(QueryParameters.Region);

        audit.MapGet("proofs/consistency", async (long? from, long? to, CheckpointService deployment, RegionAudit regions, HttpContext context) =>
        {
            var (checkpoints, unknown) = await LogOf(context, deployment, regions);
            if (unknown is not null) return unknown;
            if (from is null)
                return Problems.Of(RefusalCodes.ValidationFailed, "Name the checkpoint you kept by its tree size: ?from=[&to=, the latest by default].", context.Request.Path);
            // From a pinned checkpoint to the latest, unless another is named.
            to ??= (await checkpoints.LatestAsync(context.RequestAborted))?.TreeSize ?? 0;
            var proof = await checkpoints.ConsistencyAsync(from.Value, to.Value, context.RequestAborted);
            return proof is null
                ? Problems.Of(RefusalCodes.NotFound, $"No consistency proof from a checkpoint of {from} to one of {to} events: both must be signed checkpoints, the first not larger.", context.Request.Path)
                : Results.Json(proof, CaseLedgerJson.Responses);
        }).Produces<ConsistencyProof>().AddOpenApiOperationTransformer(QueryParameters.Region);
        audit.MapGet("proofs/stream-head", async (string? stream, long? treeSize, CheckpointService deployment, RegionAudit regions, HttpContext context) =>
        {
            var (checkpoints, unknown) = await LogOf(context, deployment, regions);
            if (unknown is not null) return unknown;
            if (stream is null) return Problems.Of(RefusalCodes.ValidationFailed, "Name the stream: ?stream=<case id or register key>.", context.Request.Path);
            var size = treeSize ?? (await checkpoints.LatestAsync(context.RequestAborted))?.TreeSize;
            var proof = size is { } s ? await checkpoints.StreamHeadAsync(stream, s, context.RequestAborted) : null;
            return proof is null
                ? Problems.Of(RefusalCodes.NotFound, $"No checkpoint of {size?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "any"} events signs a head of stream '{stream}'.", context.Request.Path)
                : Results.Json(proof, CaseLedgerJson.Responses);
        }).Produces<StreamHeadProof>().AddOpenApiOperationTransformer(QueryParameters.Region);

        // The offline check of `caseledger verify`, for those who would rather post the file: the same verifier, the server's key.
        audit.MapPost("exports/verify", async (CheckpointService checkpoints, HttpContext context) =>
        {
            using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
            var ring = await checkpoints.KeyRingAsync(context.RequestAborted);
            var keys = string.Join("\n", ring.IsEmpty ? [checkpoints.Key.PublicKeyPem] : ring.Keys.Select(k => k.PublicKeyPem));
            var result = ExportVerifier.Verify(await reader.ReadToEndAsync(context.RequestAborted), keys);
            return Results.Json(new ExportVerified(result.Verified, result.Events, result.TreeSize, result.Problems), CaseLedgerJson.Responses);
        }).Accepts<string>("application/json").Produces<ExportVerified>();
        return app;
    }

    public static CheckpointShown Show(Checkpoint c) => new(c.TreeSize, c.HighWaterSequence, c.RootHash, c.Time, c.KeyId, c.Signature,
        c.PreviousTreeSize, c.PreviousRootHash, c.StreamCount, c.StreamsRoot, Encoding.UTF8.GetString(c.Statement()));

    public static AuditReportShown Report(AuditReport report) => new(report.CheckedAt, report.Today, report.Clean, report.Events,
        report.Checkpoints, report.Findings.Count(),
        [.. report.Streams.Select(s => new StreamAuditShown(s.Stream, s.Kind, s.CaseNumber, s.Events, s.Findings.Count == 0, s.Findings))]);
}

/// <summary>A signed checkpoint as published: <c>statement</c> is the exact text the signature covers (docs/integrity.md).</summary>
public sealed record CheckpointShown(long TreeSize, long HighWaterSequence, string RootHash, Instant Time, string KeyId, string Signature,
    long? PreviousTreeSize, string? PreviousRootHash, long? StreamCount, string? StreamsRoot, string Statement);

/// <summary>A checkpoint key of the deployment, the instant it signs from, and whether it is the one signing now.</summary>
public sealed record CheckpointKeyShown(string KeyId, string PublicKey, Instant ValidFrom, string RegisteredBy, Instant RegisteredAt, bool Current);

/// <summary>An audit run: integrity and procedure findings per stream, from the stored events alone.</summary>
/// <param name="Findings">How many findings in all.</param>
public sealed record AuditReportShown(Instant CheckedAt, LocalDate Today, bool Clean, int Events, int Checkpoints, int Findings,
    IReadOnlyList<StreamAuditShown> Streams);

public sealed record StreamAuditShown(string Stream, string Kind, string? CaseNumber, int Events, bool Clean, IReadOnlyList<Finding> Findings);

/// <summary>What the offline verifier found in a posted case export.</summary>
public sealed record ExportVerified(bool Verified, int Events, long TreeSize, IReadOnlyList<string> Problems);
