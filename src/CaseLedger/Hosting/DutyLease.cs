using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace CaseLedger.Hosting;

/// <summary>
/// Elects the one process, of all that run on one database, that performs a background duty (webhook delivery, the deadline
/// sweep, checkpoint signing): a PostgreSQL session advisory lock named after the duty, held on a connection of its own.
/// </summary>
/// <remarks>
/// The lock lives exactly as long as its session, so it is verified on every cycle (<see cref="HoldAsync"/>) rather than
/// trusted once: after a database restart or a dropped connection the holder finds its session gone, says so in the log and
/// competes again like any other process, and whoever asks first takes the duty. A holder that dies releases the lock when
/// PostgreSQL closes its session; the others ask every few seconds and take over. Whatever a holder does between two checks
/// is at most one cycle's work (e.g. one page of webhook deliveries), which the duty must tolerate being done twice.
/// </remarks>
public sealed class DutyLease(NpgsqlDataSource dataSource, string schema, string duty, ILogger logger) : IAsyncDisposable
{
    private readonly SemaphoreSlim _one = new(1, 1);
    private NpgsqlConnection? _connection;
    private bool _disposed;
    // Monotonic timestamp of the last check, only to spare a loop that looks for work a round trip per look: an interval on
    // this process's own timer (immune to clock changes), never a business time, so no IClock is involved.
    private long _verifiedAt;

    /// <summary>The lock's name: the duty within the schema, so that two stores on one database elect independently.</summary>
    public string Name { get; } = $"{schema}.{duty}";

    /// <summary>How often a process that does not hold the duty asks for it again: a dead holder is replaced within this.</summary>
    public static readonly TimeSpan RetryInterval = TimeSpan.FromSeconds(2);

    /// <summary>
    /// True while this process holds the duty: verified on its session now (or within <paramref name="trustFor"/>, for a loop
    /// that only looks for work), or taken now if nobody holds it.
    /// </summary>
    public async Task<bool> HoldAsync(CancellationToken ct, TimeSpan trustFor = default)
    {
        await _one.WaitAsync(ct);
        try
        {
            if (_disposed) return false;
            if (_connection is not null)
            {
                if (trustFor > TimeSpan.Zero && Stopwatch.GetElapsedTime(_verifiedAt) < trustFor) return true;
                if (await StillHeldAsync(_connection, ct))
                {
                    _verifiedAt = Stopwatch.GetTimestamp();
                    return true;
                }
                logger.LogWarning("This process lost the duty {Duty}: its database session ended (a restart or a dropped connection). It competes for it again.", Name);
                await DropAsync();
            }
            return await TryTakeAsync(ct);
        }
        finally
        {
            _one.Release();
        }
    }

    private async Task<bool> StillHeldAsync(NpgsqlConnection connection, CancellationToken ct)
    {
        try
        {
            // This session holds no other advisory lock.
            await using var command = new NpgsqlCommand(
                "select exists (select 1 from pg_locks where locktype = 'advisory' and pid = pg_backend_pid() and granted)", connection);
            command.CommandTimeout = 5;
            return (bool)(await command.ExecuteScalarAsync(ct))!;
        }
        catch (Exception e) when (e is NpgsqlException or InvalidOperationException or TimeoutException)
        {
            return false;
        }
    }

    private async Task<bool> TryTakeAsync(CancellationToken ct)
    {
        NpgsqlConnection? connection = null;
        try
        {
            connection = await dataSource.OpenConnectionAsync(ct);
            await using var command = new NpgsqlCommand("select pg_try_advisory_lock(hashtext(@name))", connection);
            command.Parameters.AddWithValue("name", Name);
            if ((bool)(await command.ExecuteScalarAsync(ct))!)
            {
                _connection = connection;
                _verifiedAt = Stopwatch.GetTimestamp();
                logger.LogInformation("This process took the duty {Duty}.", Name);
                return true;
            }
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException or InvalidOperationException)
        {
            logger.LogDebug(e, "Asking for the duty {Duty} failed; asking again later.", Name);
        }
        if (connection is not null) await connection.DisposeAsync();
        return false;
    }

    private async Task DropAsync()
    {
        var connection = _connection;
        _connection = null;
        if (connection is null) return;
        try
        {
            // A pooled connection keeps its session (and the lock) until reused: let go now.
            await using (var unlock = new NpgsqlCommand("select pg_advisory_unlock_all()", connection))
                await unlock.ExecuteNonQueryAsync(CancellationToken.None);
        }
        catch (Exception e) when (e is NpgsqlException or InvalidOperationException or TimeoutException)
        {
            // The session is gone, and the lock with it.
        }
        await connection.DisposeAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await _one.WaitAsync();
        try
        {
            _disposed = true;
            await DropAsync();
        }
        finally
        {
            _one.Release();
        }
    }
}
