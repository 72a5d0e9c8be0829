using System.Text.Json;
using System.Text.Json.Serialization;
using Marten;
using Npgsql;

namespace CaseLedger.Hosting;

/// <summary>
/// One region (issue #22): a group of agencies whose cases, linked proceedings, read models, checkpoints and outbox live in a
/// database of its own, a tenant of the deployment's Marten store (a database per tenant). The register (agencies, officers,
/// tokens, scopes, grants, the calendar) stays in the deployment's own database: a token is checked before a region is known.
/// </summary>
/// <param name="Id">The region's id, also its Marten tenant id.</param>
/// <param name="ConnectionString">Its database.</param>
/// <param name="Agencies">The agencies whose cases it holds. An agency is in at most one region.</param>
public sealed record Region(string Id, string ConnectionString, IReadOnlyList<string> Agencies);

/// <summary>
/// The regions of a deployment, from CASELEDGER_REGIONS: a JSON object (or the path of a file holding one) naming each region's
/// database and agencies, <c>{"east": {"connectionString": "Host=…;Database=east", "agencies": ["jinan-samr"]}, …}</c>.
/// Empty, the default: one database holds everything, as without regions.
/// </summary>
public static class RegionMap
{
    /// <summary>The region of an agency, or null when no region names it.</summary>
    public static Region? Of(this IReadOnlyList<Region> regions, string? agencyId) =>
        agencyId is null ? null : regions.FirstOrDefault(r => r.Agencies.Contains(agencyId, StringComparer.Ordinal));

    /// <summary>
    /// Every database a duty over all cases goes through: null for the deployment's own (the only one without regions), then
    /// each region's Marten tenant id.
    /// </summary>
    public static IEnumerable<string?> Tenants(this IReadOnlyList<Region> regions) => regions.Select(r => (string?)r.Id).Prepend(null);

    /// <summary>A query session of <paramref name="tenant"/>'s database; null for the deployment's own.</summary>
    public static IQuerySession QuerySessionOf(this IDocumentStore store, string? tenant) =>
        tenant is null ? store.QuerySession() : store.QuerySession(tenant);

    /// <summary>The data source of a region's database: Marten's own pool of that tenant's database.</summary>
    public static async Task<NpgsqlDataSource> DataSourceOfAsync(this IDocumentStore store, string regionId) =>
        ((Marten.Storage.MartenDatabase)await ((DocumentStore)store).Storage.FindOrCreateDatabase(regionId)).DataSource;

    /// <summary>Reads CASELEDGER_REGIONS; empty when unset.</summary>
    public static IReadOnlyList<Region> FromEnvironment() =>
        Environment.GetEnvironmentVariable("CASELEDGER_REGIONS") is { Length: > 0 } text ? Parse(text) : [];

    /// <summary>A JSON object of regions, or the path of a file that holds one.</summary>
    public static IReadOnlyList<Region> Parse(string text)
    {
        var json = text.TrimStart().StartsWith('{') ? text : File.ReadAllText(text);
        Dictionary<string, RegionEntry>? entries;
        try
        {
            entries = JsonSerializer.Deserialize<Dictionary<string, RegionEntry>>(json, Options);
        }
        catch (JsonException e)
        {
            throw new ArgumentException($"CASELEDGER_REGIONS is not a JSON object of regions: {e.Message}", e);
        }
        var regions = (entries ?? []).Select(e => new Region(e.Key, e.Value.ConnectionString ?? "", e.Value.Agencies ?? [])).ToList();
        foreach (var region in regions)
        {
            if (region.Id.Length == 0 || region.Id.Any(c => !(char.IsAsciiLetterOrDigit(c) || c == '-')))
                throw new ArgumentException($"CASELEDGER_REGIONS: region id '{region.Id}' must be letters, digits and '-'.");
            if (region.ConnectionString.Length == 0)
                throw new ArgumentException($"CASELEDGER_REGIONS: region '{region.Id}' names no connectionString.");
        }
        var twice = regions.SelectMany(r => r.Agencies).GroupBy(a => a, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (twice is not null)
            throw new ArgumentException($"CASELEDGER_REGIONS: agency '{twice.Key}' is named by more than one region.");
        return regions;
    }

    private static readonly JsonSerializerOptions Options = new() { PropertyNameCaseInsensitive = true };

    private sealed record RegionEntry(
        [property: JsonPropertyName("connectionString")] string? ConnectionString,
        [property: JsonPropertyName("agencies")] List<string>? Agencies);
}
