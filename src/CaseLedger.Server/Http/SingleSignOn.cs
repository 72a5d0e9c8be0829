using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.Tokens;
using NodaTime;

namespace CaseLedger.Server.Http;

/// <summary>
/// An agency's single sign-on (docs/access.md): JWT bearer tokens from one configured issuer, checked by ASP.NET Core's
/// JwtBearer handler against the issuer's signing keys (a JWKS file, or a JWKS URL read at start), the claim
/// <see cref="OfficerClaim"/> naming the officer of the register. They are accepted alongside CaseLedger's own tokens,
/// and the officer is read as it stands, so a deactivated officer's JWT opens nothing either.
/// </summary>
/// <param name="Issuer">The <c>iss</c> accepted (CASELEDGER_OIDC_ISSUER).</param>
/// <param name="Audience">The <c>aud</c> required, if any (CASELEDGER_OIDC_AUDIENCE).</param>
/// <param name="Jwks">A JWKS file path or an http(s) URL (CASELEDGER_OIDC_JWKS).</param>
/// <param name="OfficerClaim">The claim holding the officer id (CASELEDGER_OIDC_OFFICER_CLAIM, default <c>sub</c>).</param>
public sealed record SingleSignOn(string Issuer, string? Audience, string Jwks, string OfficerClaim = "sub")
{
    public const string Scheme = JwtBearerDefaults.AuthenticationScheme;

    public static SingleSignOn? FromEnvironment() =>
        Environment.GetEnvironmentVariable("CASELEDGER_OIDC_ISSUER") is { Length: > 0 } issuer
        && Environment.GetEnvironmentVariable("CASELEDGER_OIDC_JWKS") is { Length: > 0 } jwks
            ? new SingleSignOn(issuer, Environment.GetEnvironmentVariable("CASELEDGER_OIDC_AUDIENCE") is { Length: > 0 } audience ? audience : null, jwks,
                Environment.GetEnvironmentVariable("CASELEDGER_OIDC_OFFICER_CLAIM") is { Length: > 0 } claim ? claim : "sub")
            : null;

    /// <summary>A bearer token that looks like a JWT (three dot-separated parts); CaseLedger's own tokens never do.</summary>
    public static bool LooksLikeJwt(string token) => token.Count(c => c == '.') == 2;

    public void Register(IServiceCollection services, IClock clock)
    {
        var keys = new JsonWebKeySet(ReadJwks()).GetSigningKeys();
        var skew = TimeSpan.FromMinutes(1);
        services.AddAuthentication().AddJwtBearer(Scheme, o =>
        {
            o.MapInboundClaims = false;
            o.TokenValidationParameters = new TokenValidationParameters
            {
                ValidIssuer = Issuer,
                ValidateAudience = Audience is not null,
                ValidAudience = Audience,
                IssuerSigningKeys = keys,
                RequireSignedTokens = true,
                RequireExpirationTime = true,
                // Time comes from CaseLedger's clock, as everywhere else.
                LifetimeValidator = (notBefore, expires, _, _) =>
                {
                    var now = clock.GetCurrentInstant().ToDateTimeUtc();
                    return (notBefore is null || notBefore.Value <= now + skew) && expires is { } end && end > now - skew;
                },
            };
        });
    }

    /// <summary>The officer id a valid JWT names, or null (bad signature, issuer, audience, lifetime, or no such claim).</summary>
    public async Task<string?> OfficerIdAsync(HttpContext context)
    {
        var result = await context.AuthenticateAsync(Scheme);
        return result.Succeeded ? result.Principal?.FindFirst(OfficerClaim)?.Value : null;
    }

    private string ReadJwks()
    {
        if (!Uri.TryCreate(Jwks, UriKind.Absolute, out var uri) || uri.IsFile) return File.ReadAllText(uri?.LocalPath ?? Jwks);
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        return client.GetStringAsync(uri).GetAwaiter().GetResult();
    }
}
