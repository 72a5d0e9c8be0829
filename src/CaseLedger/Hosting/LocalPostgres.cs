using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using Npgsql;

namespace CaseLedger.Hosting;

/// <summary>Raised when no PostgreSQL server binaries can be found or the local server cannot start.</summary>
public sealed class LocalPostgresException(string message) : Exception(message);

/// <summary>
/// The embedded default (design.md): a PostgreSQL cluster that CaseLedger creates under a folder of its
/// own, starts on a free loopback port and stops when the process ends. PostgreSQL refuses to run as
/// root, so when CaseLedger runs as root the server runs as the <c>postgres</c> OS user.
/// <see cref="Supervise"/> watches the postmaster and starts it again (PostgreSQL's crash recovery) when it dies.
/// A cluster left running by a process that is gone (a killed CaseLedger) is adopted: stopped at exit as if started here.
/// </summary>
public sealed partial class LocalPostgres : IAsyncDisposable
{
    private const string SuperUser = "postgres";
    private readonly string _binDirectory;
    private readonly bool _runAsPostgresUser;
    private bool _ownsServer;
    private volatile bool _stopped;
    private int _postmasterPid;
    private readonly CancellationTokenSource _supervision = new();
    private readonly SemaphoreSlim _restart = new(1, 1);

    private LocalPostgres(string home, string binDirectory)
    {
        Home = home;
        _binDirectory = binDirectory;
        _runAsPostgresUser = Environment.UserName == "root";
    }

    /// <summary>The folder that holds the cluster (<c>pg/</c>) and its password file.</summary>
    public string Home { get; }
    public string DataDirectory => Path.Combine(Home, "pg");
    private string PasswordFile => Path.Combine(Home, "pg.password");
    // Inside the data folder: when CaseLedger runs as root, only the postgres user writes there.
    private string LogFile => Path.Combine(DataDirectory, "server.log");
    public int Port { get; private set; }
    private string Password { get; set; } = "";
    // Who started (or adopted) the running server: "pid starttime" of that process.
    private string OwnerFile => Path.Combine(Home, "pg.owner");

    /// <summary>True when this process stops the server at its end: it started it, or adopted it from a process that is gone.</summary>
    public bool OwnsServer => _ownsServer;

    /// <summary>How many times <see cref="Supervise"/> found the postmaster dead and started it again.</summary>
    public int Restarts { get; private set; }

    /// <summary>Connection string to a database of this server (created by <see cref="CreateDatabaseAsync"/>).</summary>
    public string ConnectionString(string database) => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1",
        Port = Port,
        Username = SuperUser,
        Password = Password,
        Database = database,
        Pooling = true,
        MaxPoolSize = 40,
    }.ConnectionString;

    /// <summary>
    /// Creates the cluster on first use and starts it, or joins a server that another CaseLedger process
    /// already runs on the same cluster. A <c>postmaster.pid</c> left by a killed run does not block.
    /// </summary>
    public static async Task<LocalPostgres> StartAsync(string home, CancellationToken ct = default)
    {
        var server = new LocalPostgres(Path.GetFullPath(home), FindBinDirectory());
        await server.StartAsync(ct);
        return server;
    }

    /// <summary>$CASELEDGER_HOME, else ~/.caseledger.</summary>
    public static string DefaultHome() =>
        Environment.GetEnvironmentVariable("CASELEDGER_HOME") is { Length: > 0 } home
            ? home
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".caseledger");

    /// <summary>
    /// Where <c>initdb</c> and <c>pg_ctl</c> live: CASELEDGER_POSTGRES_BIN when set (a server built or
    /// unpacked elsewhere), else PATH, then the newest /usr/lib/postgresql/*/bin.
    /// </summary>
    public static string FindBinDirectory(string? path = null, string packageRoot = "/usr/lib/postgresql")
    {
        if (path is null && Environment.GetEnvironmentVariable("CASELEDGER_POSTGRES_BIN") is { Length: > 0 } configured)
        {
            path = configured;
            packageRoot = configured;
        }
        path ??= Environment.GetEnvironmentVariable("PATH") ?? "";
        foreach (var dir in path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            if (File.Exists(Path.Combine(dir, "initdb")) && File.Exists(Path.Combine(dir, "pg_ctl")))
                return ResolveLinks(dir);
        }
        if (Directory.Exists(packageRoot))
        {
            var newest = Directory.GetDirectories(packageRoot)
                .Select(d => (Dir: Path.Combine(d, "bin"), Version: int.TryParse(Path.GetFileName(d), NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : -1))
                .Where(x => x.Version >= 0 && File.Exists(Path.Combine(x.Dir, "initdb")) && File.Exists(Path.Combine(x.Dir, "pg_ctl")))
                .OrderByDescending(x => x.Version)
                .FirstOrDefault();
            if (newest.Dir is not null) return newest.Dir;
        }
        throw new LocalPostgresException(
            "No PostgreSQL server found: CaseLedger needs the PostgreSQL 15+ server binaries (initdb, pg_ctl) on PATH or under /usr/lib/postgresql. " +
            "Install them with `apt-get install postgresql`, or point CaseLedger at a running server with CASELEDGER_DB=<Npgsql connection string>.");
    }

    // The initdb on PATH is often a link into the package folder, where postgres itself lives too.
    private static string ResolveLinks(string dir)
    {
        var initdb = new FileInfo(Path.Combine(dir, "initdb"));
        var target = initdb.ResolveLinkTarget(returnFinalTarget: true);
        return target is null ? dir : Path.GetDirectoryName(target.FullName)!;
    }

    private async Task StartAsync(CancellationToken ct)
    {
        Directory.CreateDirectory(Home);
        if (!File.Exists(Path.Combine(DataDirectory, "PG_VERSION")))
            await InitClusterAsync(ct);
        Password = (await File.ReadAllTextAsync(PasswordFile, ct)).Trim();

        if (RunningServerPort() is { } running)
        {
            Port = running;
            // Another live CaseLedger runs it: leave it to that one. Its starter is gone (killed): adopt it.
            _postmasterPid = PostmasterPid() ?? 0;
            if (!OwnerIsAlive()) TakeOwnership();
            return;
        }

        for (var attempt = 1; ; attempt++)
        {
            Port = FreeLoopbackPort();
            var result = await PgCtlStartAsync(60, ct);
            if (result.ExitCode == 0) break;
            if (attempt == 3)
                throw new LocalPostgresException($"PostgreSQL did not start in {DataDirectory}: {result.Output.Trim()}\n{TailOfLog()}");
        }
        TakeOwnership();
    }

    private Task<(int ExitCode, string Output)> PgCtlStartAsync(int timeoutSeconds, CancellationToken ct)
    {
        // Several hosts share one cluster (a test run's collections, serve and demo side by side), each
        // with its own connection pool and a webhook dispatcher's lock connection: 100 is too few.
        var options = $"-p {Port} -k {DataDirectory} -c listen_addresses=127.0.0.1 -c max_connections=300";
        return RunAsync("pg_ctl", ["-D", DataDirectory, "-l", LogFile, "-o", options, "-w", "-t", timeoutSeconds.ToString(CultureInfo.InvariantCulture), "start"], ct);
    }

    private async Task InitClusterAsync(CancellationToken ct)
    {
        if (Directory.Exists(DataDirectory)) Directory.Delete(DataDirectory, recursive: true);
        Directory.CreateDirectory(DataDirectory);
        var password = Convert.ToHexString(RandomNumberGenerator.GetBytes(24)).ToLowerInvariant();
        var passwordInput = Path.Combine(DataDirectory, "..", $"pw-{Guid.NewGuid():N}");
        await File.WriteAllTextAsync(passwordInput, password, ct);
        try
        {
            if (_runAsPostgresUser)
            {
                GrantTraverse(Home);
                await RunCheckedAsync("chown", false, ["-R", $"{SuperUser}:", DataDirectory, passwordInput], ct);
            }
            await RunCheckedAsync("initdb", true,
                ["-D", DataDirectory, "-U", SuperUser, "-E", "UTF8", "--locale=C", "--auth-local=trust", "--auth-host=scram-sha-256", $"--pwfile={passwordInput}"], ct);
        }
        finally
        {
            File.Delete(passwordInput);
        }
        await File.WriteAllTextAsync(PasswordFile, password, ct);
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(PasswordFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
    }

    // The postgres user must reach the data folder through every parent (e.g. /root is 0700):
    // add only the search bit, never read.
    private static void GrantTraverse(string folder)
    {
        if (OperatingSystem.IsWindows()) return;
        for (var dir = new DirectoryInfo(folder); dir is not null; dir = dir.Parent)
        {
            var mode = File.GetUnixFileMode(dir.FullName);
            if (!mode.HasFlag(UnixFileMode.OtherExecute))
                File.SetUnixFileMode(dir.FullName, mode | UnixFileMode.OtherExecute);
        }
    }

    /// <summary>
    /// The port of a server that already runs on this cluster, or null. A <c>postmaster.pid</c> whose
    /// process is gone (a killed run) is removed so that the next start is not blocked.
    /// </summary>
    private int? RunningServerPort()
    {
        var pidFile = Path.Combine(DataDirectory, "postmaster.pid");
        if (!File.Exists(pidFile)) return null;
        var lines = File.ReadAllLines(pidFile);
        if (lines.Length >= 4
            && int.TryParse(lines[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out var pid)
            && int.TryParse(lines[3], NumberStyles.Integer, CultureInfo.InvariantCulture, out var port)
            && IsPostgresOnThisCluster(pid)
            && Answers(port))
        {
            return port;
        }
        File.Delete(pidFile);
        return null;
    }

    private bool IsPostgresOnThisCluster(int pid)
    {
        var cmdline = $"/proc/{pid}/cmdline";
        if (!File.Exists(cmdline)) return false;
        try
        {
            var text = File.ReadAllText(cmdline).Replace('\0', ' ');
            return text.Contains("postgres", StringComparison.Ordinal) && text.Contains(DataDirectory, StringComparison.Ordinal);
        }
        catch (IOException)
        {
            return false;
        }
    }

    private static bool Answers(int port)
    {
        try
        {
            using var client = new TcpClient();
            client.Connect(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    public async Task CreateDatabaseAsync(string database, CancellationToken ct = default)
    {
        await using var connection = new NpgsqlConnection(ConnectionString("postgres"));
        await connection.OpenAsync(ct);
        await using var exists = new NpgsqlCommand("select 1 from pg_database where datname = @name", connection);
        exists.Parameters.AddWithValue("name", database);
        if (await exists.ExecuteScalarAsync(ct) is not null) return;
        await using var create = new NpgsqlCommand($"create database \"{database.Replace("\"", "", StringComparison.Ordinal)}\"", connection);
        try
        {
            await create.ExecuteNonQueryAsync(ct);
        }
        catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.DuplicateDatabase or PostgresErrorCodes.UniqueViolation)
        {
            // Another process created it first.
        }
    }

    /// <summary>Drops the database (if any) and creates it empty: for the benchmark's own scratch database.</summary>
    public async Task RecreateDatabaseAsync(string database, CancellationToken ct = default)
    {
        await using (var connection = new NpgsqlConnection(ConnectionString("postgres")))
        {
            await connection.OpenAsync(ct);
            await using var drop = new NpgsqlCommand($"drop database if exists \"{database.Replace("\"", "", StringComparison.Ordinal)}\" with (force)", connection);
            await drop.ExecuteNonQueryAsync(ct);
        }
        await CreateDatabaseAsync(database, ct);
    }

    /// <summary>Stops the server if this process started or adopted it; a server another live process runs keeps running.</summary>
    public async ValueTask DisposeAsync()
    {
        await _supervision.CancelAsync();
        if (_stopped || !_ownsServer) return;
        _stopped = true;
        await _restart.WaitAsync();
        _restart.Release();
        NpgsqlConnection.ClearAllPools();
        await RunAsync("pg_ctl", ["-D", DataDirectory, "-m", "fast", "-w", "stop"], CancellationToken.None);
        File.Delete(OwnerFile);
    }

    private void StopSync()
    {
        if (_stopped || !_ownsServer) return;
        _stopped = true;
        RunAsync("pg_ctl", ["-D", DataDirectory, "-m", "immediate", "-w", "stop"], CancellationToken.None).GetAwaiter().GetResult();
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private string TailOfLog() =>
        File.Exists(LogFile) ? string.Join('\n', File.ReadLines(LogFile).TakeLast(15)) : "";

    private async Task RunCheckedAsync(string tool, bool postgresTool, string[] args, CancellationToken ct)
    {
        var result = postgresTool ? await RunAsync(tool, args, ct) : await RunProcessAsync(tool, args, ct);
        if (result.ExitCode != 0)
            throw new LocalPostgresException($"{tool} failed ({result.ExitCode}): {result.Output.Trim()}");
    }

    private Task<(int ExitCode, string Output)> RunAsync(string tool, string[] args, CancellationToken ct)
    {
        var executable = Path.Combine(_binDirectory, tool);
        return _runAsPostgresUser
            ? RunProcessAsync("runuser", ["-u", SuperUser, "--", executable, .. args], ct)
            : RunProcessAsync(executable, args, ct);
    }

    private static async Task<(int ExitCode, string Output)> RunProcessAsync(string file, string[] args, CancellationToken ct)
    {
        var start = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = "/",
        };
        foreach (var arg in args) start.ArgumentList.Add(arg);
        using var process = Process.Start(start) ?? throw new LocalPostgresException($"Could not run {file}.");
        // pg_ctl start leaves the server holding inherited pipes: read both, but do not wait for their end.
        var stdout = process.StandardOutput.ReadToEndAsync(ct);
        var stderr = process.StandardError.ReadToEndAsync(ct);
        await process.WaitForExitAsync(ct);
        var output = await Task.WhenAny(Task.WhenAll(stdout, stderr), Task.Delay(TimeSpan.FromSeconds(2), ct)) is Task<string[]> both
            ? string.Concat(await both)
            : "";
        return (process.ExitCode, output);
    }
}
