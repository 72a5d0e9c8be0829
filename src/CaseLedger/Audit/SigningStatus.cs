namespace CaseLedger.Audit;

/// <summary>Whether this node signs checkpoints (<c>/health</c>): <c>signing</c>, or <c>refused</c> with why.</summary>
public sealed record SigningStatus(string State, string KeyId, string? DeploymentKeyId, string Message);

/// <summary>This node may not sign: its key is not the deployment's current one (<see cref="CheckpointService.KeyNotCurrent"/>).</summary>
public sealed class CheckpointRefusedException(string message) : InvalidOperationException(message);
