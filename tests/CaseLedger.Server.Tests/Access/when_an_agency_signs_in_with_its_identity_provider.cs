using System.Security.Claims;
using System.Security.Cryptography;
using CaseLedger.Server.Http;
using CaseLedger.Server.Tests.Support;
using CaseLedger.Testing;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using NodaTime;

namespace CaseLedger.Server.Tests.Access;

/// <summary>
/// The server of the access tests: one for all of them (a collection), so that they hold one connection pool, with an
/// identity provider of the tests' own (an RSA key, its JWKS in a file, JWTs signed with it).
/// </summary>
public sealed class AccessFixture : IntegrationFixture
{
    public const string Issuer = "https://sso.jinan.example.gov.cn";
    public const string Audience = "caseledger";

    public RSA Key { get; } = RSA.Create(2048);

    protected override SingleSignOn? SingleSignOn
    {
        get
        {
            var parameters = Key.ExportParameters(false);
            var jwks = $$"""{"keys":[{"kty":"RSA","use":"sig","alg":"RS256","kid":"k1","n":"{{Base64UrlEncoder.Encode(parameters.Modulus)}}","e":"{{Base64UrlEncoder.Encode(parameters.Exponent)}}"}]}""";
            var path = Path.Combine(TestPostgres.NewHome("jwks"), "jwks.json");
            File.WriteAllText(path, jwks);
            return new SingleSignOn(Issuer, Audience, path, "employee_id");
        }
    }

    public string Jwt(string officerId, RSA? key = null, string issuer = Issuer, Duration? lifetime = null)
    {
        var now = Clock.GetCurrentInstant();
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = Audience,
            Subject = new ClaimsIdentity([new Claim("employee_id", officerId)]),
            IssuedAt = now.ToDateTimeUtc(),
            NotBefore = now.ToDateTimeUtc(),
            Expires = (now + (lifetime ?? Duration.FromHours(1))).ToDateTimeUtc(),
            SigningCredentials = new SigningCredentials(new RsaSecurityKey(key ?? Key) { KeyId = "k1" }, SecurityAlgorithms.RsaSha256),
        });
    }
}

[CollectionDefinition(Name)]
public sealed class AccessCollection : ICollectionFixture<AccessFixture>
{
    public const string Name = "access";
}

/// <summary>JWT bearer tokens of an agency's identity provider name an officer of the register, alongside CaseLedger's own tokens.</summary>
[Collection(AccessCollection.Name)]
public sealed class when_an_agency_signs_in_with_its_identity_provider(AccessFixture server)
{
    [Fact]
    public async Task a_jwt_of_the_configured_issuer_acts_as_the_officer_its_claim_names()
    {
        var staff = await server.NewStaffAsync();
        var jwt = server.Jwt(staff.Investigator1);
        var caseId = await server.FiledCaseAsync(staff);
        await (await server.Client(jwt).GetAsync($"/api/cases/{caseId}")).AssertOkAsync();
        var answer = await server.OkAsync(caseId, "collect-evidence", new
        {
            kind = "documentary", description = "证据", officers = staff.Investigators, collectedOn = "2025-01-09", mediaSha256 = CaseScenarios.Hash,
        }, jwt);
        Assert.NotNull(answer["version"]);
        var events = await server.GetAsync($"/api/cases/{caseId}/events");
        Assert.Equal(staff.Investigator1, (string?)events["events"]!.AsArray()[^1]!["actor"]);
        // CaseLedger's own token still works alongside.
        await (await server.Client(staff.TokenOf(staff.Investigator1)).GetAsync($"/api/cases/{caseId}")).AssertOkAsync();
    }

    [Fact]
    public async Task a_forged_expired_or_foreign_jwt_or_one_naming_no_registered_officer_is_401()
    {
        var staff = await server.NewStaffAsync();
        var url = $"/api/officers/{staff.Head}";
        using var stranger = RSA.Create(2048);
        foreach (var jwt in new[] { server.Jwt(staff.Head, key: stranger), server.Jwt(staff.Head, issuer: "https://evil.example"), server.Jwt("nobody-registered") })
            await (await server.Client(jwt).GetAsync(url)).AssertProblemAsync(401, "unauthenticated");

        var shortLived = server.Jwt(staff.Head, lifetime: Duration.FromMinutes(5));
        await (await server.Client(shortLived).GetAsync(url)).AssertOkAsync();
        server.Clock.Advance(Duration.FromMinutes(10));
        await (await server.Client(shortLived).GetAsync(url)).AssertProblemAsync(401, "unauthenticated");
    }

    [Fact]
    public async Task a_deactivated_officers_jwt_opens_nothing()
    {
        var staff = await server.NewStaffAsync();
        var jwt = server.Jwt(staff.Reviewer);
        await (await server.Client(jwt).GetAsync($"/api/officers/{staff.Reviewer}")).AssertOkAsync();
        await (await server.Client().PostJsonAsync($"/api/officers/{staff.Reviewer}/deactivate", new { reason = "离职" })).AssertOkAsync();
        await (await server.Client(jwt).GetAsync($"/api/officers/{staff.Reviewer}")).AssertProblemAsync(401, "unauthenticated");
    }
}
