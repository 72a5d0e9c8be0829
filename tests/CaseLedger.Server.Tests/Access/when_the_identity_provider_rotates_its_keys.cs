using System.Net;
using System.Security.Claims;
using System.Security.Cryptography;
using CaseLedger.Server.Http;
using CaseLedger.Server.Tests.Support;
using CaseLedger.Testing;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using NodaTime;

namespace CaseLedger.Server.Tests.Access;

/// <summary>An identity provider of the test's own whose JWKS file it rewrites, as an IdP publishes a rotated key.</summary>
public sealed class RotatingIdentityProvider : ServerFixture
{
    public RSA First { get; } = RSA.Create(2048);
    public RSA Second { get; } = RSA.Create(2048);
    private readonly string _jwks = Path.Combine(TestPostgres.NewHome("jwks"), "jwks.json");

    protected override SingleSignOn? SingleSignOn
    {
        get
        {
            Publish(("k1", First));
            // One second between key reads that unknown key ids ask for: the least the identity model allows.
            return new SingleSignOn(AccessFixture.Issuer, AccessFixture.Audience, _jwks, "employee_id") { KeysRefreshAtMost = TimeSpan.FromSeconds(1) };
        }
    }

    public void Publish(params (string Kid, RSA Key)[] keys)
    {
        var entries = keys.Select(k => k.Key.ExportParameters(false)).Zip(keys, (p, k) =>
            $$"""{"kty":"RSA","use":"sig","alg":"RS256","kid":"{{k.Kid}}","n":"{{Base64UrlEncoder.Encode(p.Modulus)}}","e":"{{Base64UrlEncoder.Encode(p.Exponent)}}"}""");
        var path = _jwks + ".new";
        File.WriteAllText(path, $$"""{"keys":[{{string.Join(",", entries)}}]}""");
        File.Move(path, _jwks, overwrite: true);
    }

    public string Jwt(string officerId, string kid, RSA key)
    {
        var now = Clock.GetCurrentInstant();
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = AccessFixture.Issuer,
            Audience = AccessFixture.Audience,
            Subject = new ClaimsIdentity([new Claim("employee_id", officerId)]),
            IssuedAt = now.ToDateTimeUtc(),
            NotBefore = now.ToDateTimeUtc(),
            Expires = (now + Duration.FromHours(1)).ToDateTimeUtc(),
            SigningCredentials = new SigningCredentials(new RsaSecurityKey(key) { KeyId = kid }, SecurityAlgorithms.RsaSha256),
        });
    }
}

/// <summary>
/// The identity provider rotates its signing key (a new key published, the old one retired): the server reads the keys
/// again through JwtBearer's configuration manager when a token names a key it does not know, without a restart.
/// </summary>
public sealed class when_the_identity_provider_rotates_its_keys(RotatingIdentityProvider server) : IClassFixture<RotatingIdentityProvider>
{
    [Fact]
    public async Task a_token_of_the_new_key_is_accepted_and_one_of_the_retired_key_refused_without_a_restart()
    {
        var staff = await server.NewStaffAsync();
        var url = $"/api/officers/{staff.Head}";
        var before = server.Jwt(staff.Head, "k1", server.First);
        await (await server.Client(before).GetAsync(url)).AssertOkAsync();

        server.Publish(("k2", server.Second));
        var after = server.Jwt(staff.Head, "k2", server.Second);
        // The unknown key id makes the handler read the keys again (at most once a second); until then 401.
        await Eventually.UntilAsync(async () => (await server.Client(after).GetAsync(url)).StatusCode, s => s == HttpStatusCode.OK,
            "accepted the token signed with the rotated key");

        await (await server.Client(before).GetAsync(url)).AssertProblemAsync(401, "unauthenticated");
        // A token naming the new key id but signed with another key is still refused.
        using var forger = RSA.Create(2048);
        await (await server.Client(server.Jwt(staff.Head, "k2", forger)).GetAsync(url)).AssertProblemAsync(401, "unauthenticated");
    }
}
