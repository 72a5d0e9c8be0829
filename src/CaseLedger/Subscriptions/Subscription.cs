using System.Security.Cryptography;
using System.Text;
using NodaTime;

namespace CaseLedger.Subscriptions;

/// <summary>
/// A webhook: where to deliver, the secret that signs deliveries, what to deliver (narrowing what its
/// owner may see), and the delivery state. All of it lives in PostgreSQL, so deliveries go on after a
/// restart from where they stood.
/// </summary>
/// <remarks>
/// One cursor per subscription, delivered in global sequence order: the event after <see cref="Cursor"/>
/// is not sent before the one at the cursor succeeded or was parked. A parked delivery blocks its case:
/// later events of that case are parked behind it (never sent ahead of it), while other cases go on.
/// A retry of the parked deliveries sends them, in order, before the cursor moves on.
/// </remarks>
public sealed class Subscription
{
    public string Id { get; set; } = "";
    public string Url { get; set; } = "";
    public string Secret { get; set; } = "";
    public List<string> EventTypes { get; set; } = [];
    public List<string> Agencies { get; set; } = [];
    public string OwnerId { get; set; } = "";
    public Instant CreatedAt { get; set; }

    /// <summary>The global sequence up to which every event was delivered, parked or not for this subscription.</summary>
    public long Cursor { get; set; }

    /// <summary>
    /// With regions, the same for each region's log (its own sequence; <see cref="FeedDatabases"/>), by region id; 0 for a
    /// region not yet named. <see cref="Cursor"/> is the deployment's own log's.
    /// </summary>
    public Dictionary<string, long> RegionCursors { get; set; } = [];

    /// <summary>The cursor in <paramref name="region"/>'s log (null: the deployment's own).</summary>
    public long CursorIn(string? region) => region is null ? Cursor : RegionCursors.GetValueOrDefault(region);

    /// <summary>Moves the cursor in <paramref name="region"/>'s log (null: the deployment's own) to <paramref name="sequence"/>.</summary>
    public void MoveCursor(string? region, long sequence)
    {
        if (region is null) Cursor = sequence;
        else RegionCursors[region] = sequence;
    }
    public long Delivered { get; set; }

    /// <summary>Failed attempts of the delivery at the head (the retry queue's first or the event after the cursor).</summary>
    public int Attempts { get; set; }
    public Instant? NextAttemptAt { get; set; }
    public string? LastError { get; set; }
    public Instant? LastDeliveredAt { get; set; }

    public List<Delivery> Parked { get; set; } = [];

    /// <summary>Parked deliveries an operator asked to retry: sent in sequence order before the cursor moves on.</summary>
    public List<Delivery> Retrying { get; set; } = [];

    /// <summary>Whether a parked or retried delivery of <paramref name="caseId"/> in the same log comes before <paramref name="before"/>.</summary>
    public bool Blocks(string? region, string caseId, long before) => Blockers(region, caseId, before).Any();

    /// <summary>The parked or retried deliveries of <paramref name="caseId"/> in <paramref name="region"/>'s log before <paramref name="before"/>.</summary>
    public IEnumerable<Delivery> Blockers(string? region, string caseId, long before) =>
        Parked.Concat(Retrying).Where(p => p.Region == region && p.CaseId == caseId && p.Sequence < before);
}

/// <summary>One event's delivery that gave up (or waits behind one that did) for now; <c>Region</c> names the log of its sequence (none: the deployment's own).</summary>
public sealed record Delivery(long Sequence, Guid EventId, string CaseId, string Type, int Attempts, string? LastError, Instant ParkedAt, long? BlockedBy,
    string? Region = null)
{
    /// <summary>By log (the deployment's own first, then by region id), then by sequence in it: a case's events keep their order.</summary>
    public static int InLogOrder(Delivery a, Delivery b) =>
        string.CompareOrdinal(a.Region, b.Region) is var byLog and not 0 ? byLog : a.Sequence.CompareTo(b.Sequence);
}

/// <summary>
/// Signs a delivery: <c>CaseLedger-Signature: t=&lt;unix seconds&gt;,v1=&lt;hex HMAC-SHA256(secret, "&lt;t&gt;." + body)&gt;</c>.
/// The timestamp is signed with the body so a captured delivery cannot be replayed later as new.
/// </summary>
public static class WebhookSignature
{
    public const string Header = "CaseLedger-Signature";

    public static string Sign(string secret, long unixSeconds, ReadOnlySpan<byte> body)
    {
        var prefix = Encoding.UTF8.GetBytes($"{unixSeconds}.");
        var message = new byte[prefix.Length + body.Length];
        prefix.CopyTo(message, 0);
        body.CopyTo(message.AsSpan(prefix.Length));
        var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), message);
        return $"t={unixSeconds},v1={Convert.ToHexStringLower(mac)}";
    }
}
