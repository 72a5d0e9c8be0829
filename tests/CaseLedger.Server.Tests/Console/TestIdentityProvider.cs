using System.Collections.Concurrent;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using NodaTime;

namespace CaseLedger.Server.Tests.Console;

/// <summary>
/// An agency's identity provider as small as the console's sign-in needs, for the tests only: discovery, an authorization
/// endpoint that signs in whoever the test names (in place of the provider's own login page), a token endpoint that redeems a
/// code only with the PKCE verifier of its S256 challenge, and the JWKS of its RSA key. ID tokens carry the officer in
/// <see cref="OfficerClaim"/> and are dated by the server's clock.
/// </summary>
public sealed class TestIdentityProvider(IClock clock) : IAsyncDisposable
{
    public const string ClientId = "caseledger-console";
    public const string OfficerClaim = "employee_id";

    private readonly RSA _key = RSA.Create(2048);
    private readonly ConcurrentDictionary<string, Grant> _grants = new();
    private WebApplication? _app;

    public string Issuer { get; private set; } = "";

    public string Metadata => $"{Issuer}/.well-known/openid-configuration";

    /// <summary>The account the next sign-in at the provider is (its officer claim); null: the person cancels at the provider.</summary>
    public string? SignsInAs { get; set; }

    /// <summary>Codes redeemed with their PKCE verifier checked against the S256 challenge of their authorization request.</summary>
    public int RedeemedWithPkce => _redeemed;

    private int _redeemed;

    private sealed record Grant(string Officer, string? Nonce, string Challenge, string RedirectUri);

    public async Task StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        _app = builder.Build();
        _app.MapGet("/.well-known/openid-configuration", () => Results.Json(new Dictionary<string, object>
        {
            ["issuer"] = Issuer,
            ["authorization_endpoint"] = $"{Issuer}/authorize",
            ["token_endpoint"] = $"{Issuer}/token",
            ["jwks_uri"] = $"{Issuer}/jwks",
            ["response_types_supported"] = new[] { "code" },
            ["response_modes_supported"] = new[] { "query" },
            ["subject_types_supported"] = new[] { "public" },
            ["id_token_signing_alg_values_supported"] = new[] { "RS256" },
            ["code_challenge_methods_supported"] = new[] { "S256" },
        }));
        _app.MapGet("/jwks", () =>
        {
            var p = _key.ExportParameters(false);
            return Results.Text($$"""{"keys":[{"kty":"RSA","use":"sig","alg":"RS256","kid":"p1","n":"{{Base64UrlEncoder.Encode(p.Modulus)}}","e":"{{Base64UrlEncoder.Encode(p.Exponent)}}"}]}""",
                "application/json");
        });
        _app.MapGet("/authorize", (HttpRequest request) =>
        {
            var q = request.Query;
            string redirect = q["redirect_uri"].ToString(), state = q["state"].ToString();
            if (q["client_id"] != ClientId || q["response_type"] != "code" || q["code_challenge_method"] != "S256" || q["code_challenge"].ToString().Length == 0
                || !q["scope"].ToString().Split(' ').Contains("openid") || !redirect.StartsWith("http://127.0.0.1:", StringComparison.Ordinal))
                return Results.BadRequest("invalid_request");
            if (SignsInAs is not { } officer) return Results.Redirect($"{redirect}?error=access_denied&state={Uri.EscapeDataString(state)}");
            var code = Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(24));
            _grants[code] = new Grant(officer, q["nonce"].ToString() is { Length: > 0 } nonce ? nonce : null, q["code_challenge"].ToString(), redirect);
            return Results.Redirect($"{redirect}?code={code}&state={Uri.EscapeDataString(state)}");
        });
        _app.MapPost("/token", async (HttpRequest request) =>
        {
            var form = await request.ReadFormAsync();
            if (form["grant_type"] != "authorization_code" || form["client_id"] != ClientId || !_grants.TryRemove(form["code"].ToString(), out var grant)
                || form["redirect_uri"] != grant.RedirectUri
                || Base64UrlEncoder.Encode(SHA256.HashData(Encoding.ASCII.GetBytes(form["code_verifier"].ToString()))) != grant.Challenge)
                return Results.Json(new { error = "invalid_grant" }, statusCode: 400);
            Interlocked.Increment(ref _redeemed);
            return Results.Json(new Dictionary<string, object>
            {
                ["access_token"] = Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(24)),
                ["token_type"] = "Bearer",
                ["expires_in"] = 3600,
                ["id_token"] = IdToken(grant),
            });
        });
        await _app.StartAsync();
        Issuer = _app.Urls.First().TrimEnd('/');
    }

    private string IdToken(Grant grant)
    {
        var now = clock.GetCurrentInstant();
        var claims = new List<Claim> { new("sub", $"account-{grant.Officer}"), new(OfficerClaim, grant.Officer) };
        if (grant.Nonce is not null) claims.Add(new Claim("nonce", grant.Nonce));
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = ClientId,
            Subject = new ClaimsIdentity(claims),
            IssuedAt = now.ToDateTimeUtc(),
            NotBefore = now.ToDateTimeUtc(),
            Expires = (now + Duration.FromMinutes(10)).ToDateTimeUtc(),
            SigningCredentials = new SigningCredentials(new RsaSecurityKey(_key) { KeyId = "p1" }, SecurityAlgorithms.RsaSha256),
        });
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null) await _app.DisposeAsync();
        _key.Dispose();
    }
}
