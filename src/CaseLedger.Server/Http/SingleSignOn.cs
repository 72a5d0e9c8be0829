using System.Text.Json;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;
using NodaTime;

namespace CaseLedger.Server.Http;

/// <summary>
/// An agency's single sign-on (docs/access.md): JWT bearer tokens from one configured issuer, checked by ASP.NET Core's
/// JwtBearer handler against the issuer's signing keys, the claim <see cref="OfficerClaim"/> naming the officer of the
/// register. They are accepted alongside CaseLedger's own tokens, and the officer is read as it stands, so a deactivated
/// officer's JWT opens nothing either. The keys come through the handler's own <see cref="ConfigurationManager{T}"/>: read
/// at the first JWT, again every <see cref="KeysRefreshInterval"/>, and at once (at most every
/// <see cref="KeysRefreshAtMost"/>) when a token names a key it does not know, so a key rotation at the identity provider
/// needs no restart.
/// </summary>
/// <param name="Issuer">The <c>iss</c> accepted (CASELEDGER_OIDC_ISSUER).</param>
/// <param name="Audience">The <c>aud</c> required, if any (CASELEDGER_OIDC_AUDIENCE).</param>
/// <param name="Jwks">A JWKS (or OpenID Connect discovery document) file path or URL, https unless on loopback (CASELEDGER_OIDC_JWKS).</param>
/// <param name="OfficerClaim">The claim holding the officer id (CASELEDGER_OIDC_OFFICER_CLAIM, default <c>sub</c>).</param>
public sealed record SingleSignOn(string Issuer, string? Audience, string Jwks, string OfficerClaim = "sub")
{
    /// <summary>How often the keys are read again unasked (the identity model's default: 12 hours).</summary>
    public TimeSpan KeysRefreshInterval { get; init; } = BaseConfigurationManager.DefaultAutomaticRefreshInterval;

    /// <summary>The least time between two reads that unknown keys ask for (the default: 5 minutes), so forged key ids cannot flood the identity provider.</summary>
    public TimeSpan KeysRefreshAtMost { get; init; } = BaseConfigurationManager.DefaultRefreshInterval;

    /// <summary>
    /// The console's client id at the identity provider (CASELEDGER_OIDC_CLIENT_ID): when set, the console's sign-in page offers
    /// the provider's sign-in as well as the token form (<see cref="Pages.ConsoleSingleSignOn"/>).
    /// </summary>
    public string? ClientId { get; init; }

    /// <summary>The console's client secret (CASELEDGER_OIDC_CLIENT_SECRET), if the provider gave it one; a public client relies on PKCE alone.</summary>
    public string? ClientSecret { get; init; }

    /// <summary>The provider's OpenID Connect discovery document (CASELEDGER_OIDC_METADATA); by default the issuer's <c>/.well-known/openid-configuration</c>.</summary>
    public string? Metadata { get; init; }

    public string MetadataAddress => Metadata ?? $"{Issuer.TrimEnd('/')}/.well-known/openid-configuration";

    public const string Scheme = JwtBearerDefaults.AuthenticationScheme;

    public static SingleSignOn? FromEnvironment() =>
        Environment.GetEnvironmentVariable("CASELEDGER_OIDC_ISSUER") is { Length: > 0 } issuer
        && Environment.GetEnvironmentVariable("CASELEDGER_OIDC_JWKS") is { Length: > 0 } jwks
            ? new SingleSignOn(issuer, Variable("CASELEDGER_OIDC_AUDIENCE"), jwks, Variable("CASELEDGER_OIDC_OFFICER_CLAIM") ?? "sub")
            {
                ClientId = Variable("CASELEDGER_OIDC_CLIENT_ID"),
                ClientSecret = Variable("CASELEDGER_OIDC_CLIENT_SECRET"),
                Metadata = Variable("CASELEDGER_OIDC_METADATA"),
            }
            : null;

    private static string? Variable(string name) => Environment.GetEnvironmentVariable(name) is { Length: > 0 } value ? value : null;

    /// <summary>A bearer token that looks like a JWT (three dot-separated parts); CaseLedger's own tokens never do.</summary>
    public static bool LooksLikeJwt(string token) => token.Count(c => c == '.') == 2;

    public void Register(IServiceCollection services, IClock clock)
    {
        services.AddAuthentication().AddJwtBearer(Scheme, o =>
        {
            o.MapInboundClaims = false;
            o.RefreshOnIssuerKeyNotFound = true;
            o.ConfigurationManager = new ConfigurationManager<OpenIdConnectConfiguration>(Jwks, new SigningKeys(), Retriever())
            {
                AutomaticRefreshInterval = KeysRefreshInterval,
                RefreshInterval = KeysRefreshAtMost,
                // A key the provider retired opens nothing from the next read on: no fallback to the keys read before.
                UseLastKnownGoodConfiguration = false,
            };
            o.TokenValidationParameters = new TokenValidationParameters
            {
                ValidIssuer = Issuer,
                ValidateAudience = Audience is not null,
                ValidAudience = Audience,
                RequireSignedTokens = true,
                RequireExpirationTime = true,
                LifetimeValidator = Lifetime(clock),
            };
        });
    }

    /// <summary>A token's lifetime on CaseLedger's clock, as everywhere else, with a minute's skew either way.</summary>
    public static LifetimeValidator Lifetime(IClock clock)
    {
        var skew = TimeSpan.FromMinutes(1);
        return (notBefore, expires, _, _) =>
        {
            var now = clock.GetCurrentInstant().ToDateTimeUtc();
            return (notBefore is null || notBefore.Value <= now + skew) && expires is { } end && end > now - skew;
        };
    }

    /// <summary>The officer id a valid JWT names, or null (bad signature, issuer, audience, lifetime, or no such claim).</summary>
    public async Task<string?> OfficerIdAsync(HttpContext context)
    {
        var result = await context.AuthenticateAsync(Scheme);
        return result.Succeeded ? result.Principal?.FindFirst(OfficerClaim)?.Value : null;
    }

    private IDocumentRetriever Retriever() =>
        Uri.TryCreate(Jwks, UriKind.Absolute, out var uri) && !uri.IsFile
            ? new HttpDocumentRetriever { RequireHttps = !uri.IsLoopback }
            : new FileDocumentRetriever();

    /// <summary>The signing keys of a JWKS document, or of the <c>jwks_uri</c> of an OpenID Connect discovery document.</summary>
    private sealed class SigningKeys : IConfigurationRetriever<OpenIdConnectConfiguration>
    {
        public async Task<OpenIdConnectConfiguration> GetConfigurationAsync(string address, IDocumentRetriever retriever, CancellationToken cancel)
        {
            var document = await retriever.GetDocumentAsync(address, cancel);
            using (var json = JsonDocument.Parse(document))
                if (json.RootElement.ValueKind == JsonValueKind.Object && json.RootElement.TryGetProperty("jwks_uri", out _))
                    return await OpenIdConnectConfigurationRetriever.GetAsync(address, retriever, cancel);
            var keys = new JsonWebKeySet(document);
            var configuration = new OpenIdConnectConfiguration { JsonWebKeySet = keys };
            foreach (var key in keys.GetSigningKeys()) configuration.SigningKeys.Add(key);
            return configuration;
        }
    }
}
