namespace CaseLedger.Commands;

/// <summary>
/// Stream identity: Marten's string identity (<c>StreamIdentity.AsString</c>), one stream per agency,
/// officer and case, keyed by the id people use (agency and officer ids are chosen by administrators;
/// case ids are UUIDv7 so that they sort by creation). Strings let register ids stay readable in
/// URLs and in the audit trail; a register id that names a stream of another kind is refused.
/// </summary>
public static class StreamKeys
{
    /// <summary>The stream that records loaded official holiday calendars.</summary>
    public const string HolidayCalendar = "calendar:official";

    /// <summary>The stream of the deployment's checkpoint signing keys (<see cref="Audit.CheckpointKeyRing"/>).</summary>
    public const string CheckpointKeys = "audit:checkpoint-keys";

    /// <summary>The stream of signed checkpoints (<see cref="Audit.CheckpointSigned"/>), which the feed serves to integrators.</summary>
    public const string Checkpoints = "audit:checkpoints";

    /// <summary>The stream that records each rebuild of the read models (<see cref="Audit.ReadModelsRebuilt"/>).</summary>
    public const string ReadModelRebuilds = "audit:read-model-rebuilds";

    public static string NewCaseId() => Guid.CreateVersion7().ToString();

    public static bool IsCaseId(string id) => Guid.TryParse(id, out _);

    /// <summary>
    /// The case id that an actor's Idempotency-Key stands for: a name-based UUID (version 8, from
    /// SHA-256), the same for every retry of the same request and different for every other key.
    /// </summary>
    public static string CaseIdFor(string actorId, string idempotencyKey) => NameBased($"caseledger-case\n{actorId}\n{idempotencyKey}");

    /// <summary>
    /// The stream id a name stands for: a name-based UUID (version 8, from SHA-256), the same for the same name. A stream kind whose
    /// identity is its content (a third party's assessment of one agency and period) is refused a second time by the stream's existence.
    /// </summary>
    public static string NameBased(string name)
    {
        var hash = System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(name));
        var bytes = hash[..16];
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x80); // version 8
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80); // RFC 9562 variant
        return new Guid(bytes, bigEndian: true).ToString();
    }
}
