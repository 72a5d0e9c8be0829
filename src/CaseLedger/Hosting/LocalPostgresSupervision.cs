using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace CaseLedger.Hosting;

/// <summary>
/// The embedded PostgreSQL's life after its start: who owns it (and stops it at exit), and the supervisor that starts it
/// again when its postmaster dies.
/// </summary>
public sealed partial class LocalPostgres
{
    private void TakeOwnership()
    {
        _postmasterPid = PostmasterPid() ?? 0;
        File.WriteAllText(OwnerFile, ProcessIdentity(Environment.ProcessId) ?? "");
        if (_ownsServer) return;
        _ownsServer = true;
        AppDomain.CurrentDomain.ProcessExit += (_, _) => StopSync();
    }

    /// <summary>Whether the process that started (or adopted) the running server is still alive (this one included).</summary>
    private bool OwnerIsAlive()
    {
        var owner = File.Exists(OwnerFile) ? File.ReadAllText(OwnerFile).Trim() : "";
        var pid = owner.Split(' ')[0];
        return int.TryParse(pid, NumberStyles.Integer, CultureInfo.InvariantCulture, out var ownerPid)
               && ProcessIdentity(ownerPid) == owner;
    }

    /// <summary>"pid starttime" of a live process (its start time tells a reused pid apart), or null when it is gone.</summary>
    private static string? ProcessIdentity(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            // Fields after the command name (which may hold spaces): state is the 1st, start time the 20th.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return fields[0] is "Z" or "X" ? null : $"{pid} {fields[19]}";
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or IndexOutOfRangeException)
        {
            return null;
        }
    }

    private int? PostmasterPid()
    {
        try
        {
            var first = File.ReadLines(Path.Combine(DataDirectory, "postmaster.pid")).FirstOrDefault();
            return int.TryParse(first, NumberStyles.Integer, CultureInfo.InvariantCulture, out var pid) ? pid : null;
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <summary>
    /// Watches the postmaster every <paramref name="interval"/> (default 1 s) until disposed: when it is gone (killed, crashed),
    /// starts it again on the same port, so that connection strings stay valid; PostgreSQL's crash recovery replays its WAL.
    /// Connections pooled before are cleared. Each restart is logged, and counted in <see cref="Restarts"/>.
    /// </summary>
    public void Supervise(ILogger? logger = null, TimeSpan? interval = null)
    {
        var log = logger ?? NullLogger.Instance;
        var every = interval ?? TimeSpan.FromSeconds(1);
        var ct = _supervision.Token;
        _ = Task.Run(async () =>
        {
            using var timer = new PeriodicTimer(every);
            try
            {
                while (await timer.WaitForNextTickAsync(ct))
                {
                    try
                    {
                        await RestartIfDeadAsync(log, ct);
                    }
                    catch (Exception e) when (e is not OperationCanceledException)
                    {
                        log.LogError(e, "Supervising the embedded PostgreSQL in {DataDirectory} failed; trying again in {Interval}.", DataDirectory, every);
                    }
                }
            }
            catch (OperationCanceledException)
            {
                // Disposed.
            }
        }, CancellationToken.None);
    }

    /// <summary>True when the postmaster was found dead and started again.</summary>
    public async Task<bool> RestartIfDeadAsync(ILogger log, CancellationToken ct = default)
    {
        if (_stopped || IsPostmasterAlive()) return false;
        await _restart.WaitAsync(ct);
        try
        {
            if (_stopped || IsPostmasterAlive()) return false;
            var started = System.Diagnostics.Stopwatch.StartNew();
            log.LogWarning("The embedded PostgreSQL's postmaster (pid {Pid}) in {DataDirectory} is gone; starting it again on port {Port} (crash recovery).",
                _postmasterPid, DataDirectory, Port);
            // Backends of a killed postmaster leave within moments; until then its shared memory is in use and the start fails.
            var result = await PgCtlStartAsync(20, ct);
            if (result.ExitCode != 0)
            {
                log.LogWarning("The embedded PostgreSQL did not start yet (the backends of a killed postmaster may still hold its memory); trying again: {Output}\n{Log}", result.Output.Trim(), TailOfLog());
                return false;
            }
            NpgsqlConnection.ClearAllPools();
            TakeOwnership();
            log.LogWarning("The embedded PostgreSQL runs again on port {Port} (pid {Pid}) after {Seconds:F1} s.", Port, _postmasterPid, started.Elapsed.TotalSeconds);
            Restarts++;
            return true;
        }
        finally
        {
            _restart.Release();
        }
    }

    private bool IsPostmasterAlive()
    {
        var pid = PostmasterPid() ?? _postmasterPid;
        if (pid != _postmasterPid && pid != 0) _postmasterPid = pid;
        return pid != 0 && ProcessIdentity(pid) is not null && IsPostgresOnThisCluster(pid);
    }
}
