using System.Text.Json.Nodes;

namespace CaseLedger.Server.Tests.Support;

/// <summary>Scenario builders for the register, over HTTP as an administrator.</summary>
public static class RegisterScenarios
{
    public const string Domain = "market-regulation";

    public static async Task<string> AgencyAsync(this ServerFixture server, object? policy = null, string? agencyId = null)
    {
        var id = agencyId ?? ServerFixture.Unique("agency");
        await (await server.Client().PostJsonAsync("/api/agencies", new
        {
            agencyId = id,
            name = "济南市市场监督管理局",
            level = "city",
            domain = Domain,
            policy = policy ?? new { hearingThresholds = new { citizen = 10000, organisation = 100000 }, legalReviewCatalogue = Array.Empty<string>(), fastTrack = false, restDayExtension = true },
            policyEffectiveFrom = "2021-07-15",
        })).AssertOkAsync(201);
        return id;
    }

    /// <summary>
    /// The fixtures' officers were certified by the province before CaseLedger kept the register: their certificates are
    /// imported (the qualification cycle's own tests train and examine theirs).
    /// </summary>
    public const string ImportedFrom = "山东省行政执法证件管理系统 (test import)";

    /// <summary>Registers an officer (certified from 2024 to 2027 unless told otherwise); returns id and token.</summary>
    public static async Task<(string Id, string Token)> OfficerAsync(this ServerFixture server, string agencyId, string[]? roles = null,
        bool qualified = false, bool certified = true)
    {
        var id = ServerFixture.Unique("officer");
        var answer = await (await server.Client().PostJsonAsync("/api/officers", new
        {
            officerId = id,
            name = "张伟",
            agencyId,
            roles = roles ?? ["enforcement-officer"],
            legalProfessionalQualification = qualified,
        })).AssertOkAsync(201);
        if (certified)
        {
            await (await server.Client().PostJsonAsync($"/api/officers/{id}/certificates", new
            {
                number = $"SD-{id}",
                domain = Domain,
                validFrom = "2024-01-01",
                validTo = "2027-12-31",
                importedFrom = ImportedFrom,
            })).AssertOkAsync();
            // A hearing presider holds the provincial presider certificate too (山东省行政执法监督条例 Art. 11).
            if (roles?.Contains("hearing-presider") == true)
                await (await server.Client().PostJsonAsync($"/api/officers/{id}/certificates", new
                {
                    number = $"TZ-{id}",
                    domain = "hearing",
                    kind = "presider",
                    validFrom = "2024-01-01",
                    validTo = "2027-12-31",
                    importedFrom = ImportedFrom,
                })).AssertOkAsync();
        }
        return (id, (string)answer["token"]!);
    }

    public static long Version(this JsonNode answer) => (long)answer["version"]!;
}
