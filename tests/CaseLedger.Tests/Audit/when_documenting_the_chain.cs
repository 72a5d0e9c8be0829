using System.Text;
using CaseLedger.Audit;
using NodaTime;

namespace CaseLedger.Tests.Audit;

/// <summary>The worked example of docs/integrity.md is what the engine computes, byte for byte.</summary>
public class when_documenting_the_chain
{
    private static readonly ChainedEvent First = new(
        "0198c0de-7a1b-7c3d-8e4f-000000000001", 1, "lead_registered",
        """{"caseId":"0198c0de-7a1b-7c3d-8e4f-000000000001","party":{"name":"王某","kind":"citizen"},"discoveredOn":"2026-03-02"}""",
        "admin", Instant.FromUtc(2026, 3, 2, 1, 30, 0).PlusTicks(1_234_567));

    private static readonly ChainedEvent Second = new(
        "0198c0de-7a1b-7c3d-8e4f-000000000001", 2, "payment_recorded",
        """{"caseId":"0198c0de-7a1b-7c3d-8e4f-000000000001","amount":120000.50,"lateFee":0.00,"note":"收据 \"SD-1\"\n"}""",
        "zhang-wei", Instant.FromUtc(2026, 3, 3, 8, 0, 0));

    public const string FirstCanonical =
        """{"actor":"admin","data":{"caseId":"0198c0de-7a1b-7c3d-8e4f-000000000001","discoveredOn":"2026-03-02","party":{"kind":"citizen","name":"王某"}},"stream":"0198c0de-7a1b-7c3d-8e4f-000000000001","timestamp":"2026-03-02T01:30:00.123456Z","type":"lead_registered","version":1}""";

    public const string SecondCanonical =
        """{"actor":"zhang-wei","data":{"amount":120000.5,"caseId":"0198c0de-7a1b-7c3d-8e4f-000000000001","lateFee":0,"note":"收据 \"SD-1\"\n"},"stream":"0198c0de-7a1b-7c3d-8e4f-000000000001","timestamp":"2026-03-03T08:00:00.000000Z","type":"payment_recorded","version":2}""";

    public const string FirstHash = "889dcc32d8a402806799946fc9af84683391c05dbf3bad10c3019097db26d12f";
    public const string SecondHash = "f31fae9c2fdda1a61b52e325c36cf626be989bbf01aa7447271aea0753f98146";

    [Fact]
    public void the_documented_canonical_bytes_and_chain_hashes_are_what_the_engine_computes()
    {
        Assert.Equal(FirstCanonical, Encoding.UTF8.GetString(EventChain.Canonical(First)));
        Assert.Equal(SecondCanonical, Encoding.UTF8.GetString(EventChain.Canonical(Second)));
        var first = EventChain.Next(EventChain.Genesis, First);
        var second = EventChain.Next(first, Second);
        Assert.Equal(FirstHash, EventChain.Hex(first));
        Assert.Equal(SecondHash, EventChain.Hex(second));
    }

    [Fact]
    public void docs_integrity_md_shows_exactly_these_bytes_and_hashes()
    {
        var doc = File.ReadAllText(Path.Combine(RepositoryRoot(), "docs", "integrity.md"));
        Assert.Contains(FirstCanonical, doc, StringComparison.Ordinal);
        Assert.Contains(SecondCanonical, doc, StringComparison.Ordinal);
        Assert.Contains(FirstHash, doc, StringComparison.Ordinal);
        Assert.Contains(SecondHash, doc, StringComparison.Ordinal);
    }

    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "CaseLedger.sln"))) return dir.FullName;
        throw new InvalidOperationException("CaseLedger.sln not found above the test binaries.");
    }
}
