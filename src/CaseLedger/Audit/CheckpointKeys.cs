using System.Security.Cryptography;
using CaseLedger.Commands;
using CaseLedger.Domain;
using Marten;
using NodaTime;

namespace CaseLedger.Audit;

/// <summary>An administrator registered a key that signs the deployment's checkpoints from <see cref="ValidFrom"/> on (docs/integrity.md §2).</summary>
/// <param name="KeyId">SHA-256 (hex) of the key's DER SubjectPublicKeyInfo.</param>
/// <param name="PublicKeyPem">The public key, a "BEGIN PUBLIC KEY" PEM.</param>
public sealed record CheckpointKeyRegistered(string KeyId, string PublicKeyPem, Instant ValidFrom, string RegisteredBy, Instant RegisteredAt);

/// <summary>Registers a checkpoint signing key; <see cref="ValidFrom"/> defaults to now and may not lie in the past.</summary>
public sealed record RegisterCheckpointKey(string PublicKey, Instant? ValidFrom = null);

/// <summary>
/// The deployment's signing keys as registered in the stream <see cref="StreamKeys.CheckpointKeys"/>: each key signs from its
/// <c>validFrom</c> until the next key's; the first registered key also covers every checkpoint before it (those signed before
/// keys were registered). A registration that breaks the rules the decider keeps (a key registered twice, a start in the past
/// or before the key before it) is not honoured, so one written around the engine gains nothing.
/// </summary>
public sealed class CheckpointKeyRing
{
    public CheckpointKeyRing(IEnumerable<CheckpointKeyRegistered> registered)
    {
        var keys = new List<CheckpointKeyRegistered>();
        foreach (var key in registered)
            if (CheckpointKeyDecider.Refusal(keys, key.KeyId, key.ValidFrom, key.RegisteredAt) is null) keys.Add(key);
        Keys = keys;
    }

    /// <summary>The keys honoured, in the order they were registered (and so of their <c>validFrom</c>).</summary>
    public IReadOnlyList<CheckpointKeyRegistered> Keys { get; }

    public bool IsEmpty => Keys.Count == 0;

    /// <summary>The key that signs at <paramref name="instant"/>; null when none is registered.</summary>
    public CheckpointKeyRegistered? ValidAt(Instant instant) =>
        Keys.LastOrDefault(k => k.ValidFrom <= instant) ?? Keys.FirstOrDefault();

    public CheckpointKeyRegistered? Find(string keyId) => Keys.FirstOrDefault(k => k.KeyId == keyId);

    public static async Task<CheckpointKeyRing> LoadAsync(IQuerySession session, CancellationToken ct)
    {
        var events = await session.Events.FetchStreamAsync(StreamKeys.CheckpointKeys, token: ct);
        return new CheckpointKeyRing(events.Select(e => e.Data).OfType<CheckpointKeyRegistered>());
    }
}

/// <summary>The stream of checkpoint keys: one event per key, administrators only; a key registered again appends nothing.</summary>
public sealed class CheckpointKeyDecider : IStreamDecider
{
    public bool Handles(object command) => command is RegisterCheckpointKey;

    public bool KeepsRegister => true;

    public async Task<PendingAppend> DecideAsync(RunCommand command, IDocumentSession session, Instant now, CancellationToken ct)
    {
        var events = await session.Events.FetchStreamAsync(StreamKeys.CheckpointKeys, token: ct);
        var version = events.Count == 0 ? 0 : events[^1].Version;
        var decision = Decide(command.Actor, [.. events.Select(e => e.Data).OfType<CheckpointKeyRegistered>()], (RegisterCheckpointKey)command.Command, now);
        return new PendingAppend(decision, version, appended => (version == 0
            ? session.Events.StartStream(StreamKeys.CheckpointKeys, appended.ToArray())
            : session.Events.Append(StreamKeys.CheckpointKeys, version + appended.Count, appended.ToArray())).Events);
    }

    public static Decision Decide(Actor actor, IReadOnlyList<CheckpointKeyRegistered> registered, RegisterCheckpointKey command, Instant now)
    {
        if (!actor.Has(Role.Admin))
            return Decision.Refuse(RefusalCodes.Forbidden, "Only an administrator registers the keys that sign checkpoints.");
        string keyId, pem;
        try
        {
            using var key = ECDsa.Create();
            key.ImportFromPem(command.PublicKey);
            if (key.KeySize != 256) return Decision.Refuse(RefusalCodes.ValidationFailed, "A checkpoint key is an ECDSA P-256 key.");
            keyId = CheckpointKey.KeyIdOf(key.ExportSubjectPublicKeyInfo());
            pem = key.ExportSubjectPublicKeyInfoPem();
        }
        catch (Exception e) when (e is ArgumentException or CryptographicException)
        {
            return Decision.Refuse(RefusalCodes.ValidationFailed, $"publicKey is not a PEM ECDSA P-256 public key: {e.Message}");
        }
        var validFrom = EventChain.ToStorePrecision(command.ValidFrom ?? now);
        if (registered.Any(k => k.KeyId == keyId)) return Decision.Accept();
        return Refusal(registered, keyId, validFrom, EventChain.ToStorePrecision(now)) is { } refusal
            ? Decision.Refuse(RefusalCodes.ValidationFailed, refusal)
            : Decision.Accept(new CheckpointKeyRegistered(keyId, pem, validFrom, actor.Id, EventChain.ToStorePrecision(now)));
    }

    /// <summary>Why a key may not be registered after <paramref name="registered"/>; null when it may.</summary>
    internal static string? Refusal(IReadOnlyList<CheckpointKeyRegistered> registered, string keyId, Instant validFrom, Instant now)
    {
        if (registered.Any(k => k.KeyId == keyId)) return $"Key {keyId} is registered already.";
        if (validFrom < now)
            return "A key signs from now or later (validFrom): from the past, it would disown checkpoints another key signed.";
        if (registered.Count > 0 && validFrom <= registered[^1].ValidFrom)
            return $"The key registered last signs from {registered[^1].ValidFrom}; a new key signs from a later instant.";
        return null;
    }
}
