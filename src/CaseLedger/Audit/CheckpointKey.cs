using System.Security.Cryptography;

namespace CaseLedger.Audit;

/// <summary>
/// The ECDSA P-256 key that signs checkpoints: a PKCS#8 PEM file (CASELEDGER_CHECKPOINT_KEY, else
/// $CASELEDGER_HOME/keys/checkpoint-p256.pem), generated on first use and readable by its owner only.
/// Signatures are SHA-256 ECDSA in DER (RFC 3279), as OpenSSL writes and checks them.
/// </summary>
public sealed class CheckpointKey : IDisposable
{
    private readonly ECDsa _key;

    private CheckpointKey(ECDsa key)
    {
        _key = key;
        PublicKeyPem = key.ExportSubjectPublicKeyInfoPem();
        KeyId = KeyIdOf(key.ExportSubjectPublicKeyInfo());
    }

    /// <summary>The public key as a "BEGIN PUBLIC KEY" PEM (SubjectPublicKeyInfo).</summary>
    public string PublicKeyPem { get; }

    /// <summary>SHA-256 of the DER SubjectPublicKeyInfo, lowercase hex.</summary>
    public string KeyId { get; }

    public static CheckpointKey LoadOrCreate(string path)
    {
        var key = ECDsa.Create();
        if (File.Exists(path))
        {
            key.ImportFromPem(File.ReadAllText(path));
            if (key.KeySize != 256) throw new InvalidOperationException($"{path} is not an ECDSA P-256 key.");
            return new CheckpointKey(key);
        }
        key.GenerateKey(ECCurve.NamedCurves.nistP256);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var temporary = path + ".tmp";
        File.WriteAllText(temporary, key.ExportPkcs8PrivateKeyPem());
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(temporary, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        File.Move(temporary, path, overwrite: false);
        return new CheckpointKey(key);
    }

    public string Sign(byte[] statement) =>
        Convert.ToBase64String(_key.SignData(statement, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence));

    public static string KeyIdOf(byte[] subjectPublicKeyInfo) => Convert.ToHexStringLower(SHA256.HashData(subjectPublicKeyInfo));

    /// <summary>Checks a signature with a public key PEM; false for a malformed signature.</summary>
    public static bool Verify(string publicKeyPem, byte[] statement, string signatureBase64)
    {
        using var key = ECDsa.Create();
        key.ImportFromPem(publicKeyPem);
        byte[] signature;
        try
        {
            signature = Convert.FromBase64String(signatureBase64);
        }
        catch (FormatException)
        {
            return false;
        }
        // Only the canonical spelling: base64 leaves spare bits in its last character that decoding ignores.
        if (Convert.ToBase64String(signature) != signatureBase64) return false;
        return key.VerifyData(statement, signature, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
    }

    public static string KeyIdOfPem(string publicKeyPem)
    {
        using var key = ECDsa.Create();
        key.ImportFromPem(publicKeyPem);
        return KeyIdOf(key.ExportSubjectPublicKeyInfo());
    }

    public void Dispose() => _key.Dispose();
}
