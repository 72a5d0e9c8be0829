using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace WebhookSubscriber;

/// <summary>What a signature check found.</summary>
public enum SignatureCheck
{
    Valid,
    Missing,
    Malformed,
    Mismatch,
    TooOld,
}

/// <summary>
/// Checks the <c>CaseLedger-Signature</c> header of a delivery: <c>t=&lt;unix seconds&gt;,v1=&lt;hex&gt;</c>, where
/// the hex is HMAC-SHA256 with the subscription's secret over <c>"&lt;t&gt;." + body</c> (the raw bytes
/// as received). Check the bytes before parsing them, and refuse an old timestamp so that a captured
/// delivery cannot be replayed.
/// </summary>
public static class CaseLedgerSignature
{
    public const string Header = "CaseLedger-Signature";

    public static readonly TimeSpan DefaultTolerance = TimeSpan.FromMinutes(5);

    public static SignatureCheck Verify(string secret, string? header, ReadOnlySpan<byte> body, DateTimeOffset now, TimeSpan? tolerance = null)
    {
        if (string.IsNullOrEmpty(header)) return SignatureCheck.Missing;
        long? timestamp = null;
        var candidates = new List<byte[]>();
        foreach (var part in header.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var pair = part.Split('=', 2);
            if (pair.Length != 2) return SignatureCheck.Malformed;
            if (pair[0] == "t" && long.TryParse(pair[1], NumberStyles.None, CultureInfo.InvariantCulture, out var t)) timestamp = t;
            else if (pair[0] == "v1")
            {
                try
                {
                    candidates.Add(Convert.FromHexString(pair[1]));
                }
                catch (FormatException)
                {
                    return SignatureCheck.Malformed;
                }
            }
        }
        if (timestamp is null || candidates.Count == 0) return SignatureCheck.Malformed;

        var prefix = Encoding.UTF8.GetBytes($"{timestamp.Value.ToString(CultureInfo.InvariantCulture)}.");
        var message = new byte[prefix.Length + body.Length];
        prefix.CopyTo(message, 0);
        body.CopyTo(message.AsSpan(prefix.Length));
        var expected = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), message);
        if (!candidates.Any(c => CryptographicOperations.FixedTimeEquals(c, expected))) return SignatureCheck.Mismatch;

        var age = now - DateTimeOffset.FromUnixTimeSeconds(timestamp.Value);
        return age.Duration() > (tolerance ?? DefaultTolerance) ? SignatureCheck.TooOld : SignatureCheck.Valid;
    }
}
