using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using CaseLedger.Hosting;

namespace CaseLedger.Cli;

/// <summary>
/// <c>caseledger serve</c> started as a process of its own: the benchmark measures a server alone (its memory, its start) without
/// its own client and stores in the same process, and the fault tests kill and restart real processes.
/// </summary>
public sealed class ServedProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly List<string> _output = [];

    private ServedProcess(Process process, Uri url)
    {
        _process = process;
        Url = url;
    }

    public Uri Url { get; }

    /// <summary>The server's resident memory now, in MB.</summary>
    public double ResidentMb
    {
        get
        {
            _process.Refresh();
            return _process.WorkingSet64 / 1024.0 / 1024.0;
        }
    }

    /// <summary>The most the server ever held resident, in MB: the kernel's own high-water mark (VmHWM on Linux), not a sample.</summary>
    public double PeakResidentMb
    {
        get
        {
            _process.Refresh();
            return _process.PeakWorkingSet64 / 1024.0 / 1024.0;
        }
    }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>
    /// Starts <c>serve</c> on <paramref name="settings"/>' database and schema, signing with its key and sweeping no deadlines
    /// (the benchmark's cases are dated in the past: a sweep would record their passed deadlines under its commands).
    /// </summary>
    public static Task<ServedProcess> StartAsync(CaseLedgerSettings settings, CancellationToken ct = default) =>
        StartAsync(new Dictionary<string, string?>
        {
            ["CASELEDGER_DB"] = settings.ConnectionString,
            ["CASELEDGER_SCHEMA"] = settings.Schema,
            ["CASELEDGER_CHECKPOINT_KEY"] = settings.CheckpointKeyPath,
            ["CASELEDGER_ADMIN_TOKEN"] = null,
            ["CASELEDGER_DEADLINE_SWEEP_SECONDS"] = "0",
        }, ct);

    /// <summary>Starts <c>serve</c> with <paramref name="environment"/> over this process's own (null removes a variable); answers once /health does.</summary>
    public static async Task<ServedProcess> StartAsync(IReadOnlyDictionary<string, string?> environment, CancellationToken ct = default)
    {
        var port = FreePort();
        var url = new Uri($"http://127.0.0.1:{port}");
        // Run as the apphost, the program starts itself again; run as `dotnet caseledger.dll` or by a test host, dotnet runs the CLI's assembly.
        var apphost = Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "caseledger";
        var start = new ProcessStartInfo(apphost ? Environment.ProcessPath! : "dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        if (!apphost) start.ArgumentList.Add(typeof(ServedProcess).Assembly.Location);
        foreach (var arg in new[] { "serve", "--urls", url.ToString().TrimEnd('/') }) start.ArgumentList.Add(arg);
        foreach (var (name, value) in environment)
        {
            if (value is null) start.Environment.Remove(name);
            else start.Environment[name] = value;
        }
        var process = Process.Start(start) ?? throw new InvalidOperationException("caseledger serve did not start.");
        var served = new ServedProcess(process, url);
        process.OutputDataReceived += (_, e) => served.Keep(e.Data);
        process.ErrorDataReceived += (_, e) => served.Keep(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var client = new HttpClient { BaseAddress = url, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            if (process.HasExited)
                throw new InvalidOperationException($"caseledger serve exited with {process.ExitCode}: {string.Join(Environment.NewLine, served.Output)}");
            try
            {
                using var health = await client.GetAsync(new Uri("/health", UriKind.Relative), ct);
                if (health.IsSuccessStatusCode) return served;
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException) when (!ct.IsCancellationRequested)
            {
                // Listening, but slow to answer on a loaded machine: asked again until the deadline.
            }
            if (deadline.Elapsed > TimeSpan.FromSeconds(60))
            {
                await served.DisposeAsync();
                throw new TimeoutException("caseledger serve did not answer /health within 60 s.");
            }
            await Task.Delay(100, ct);
        }
    }

    private IReadOnlyList<string> Output
    {
        get
        {
            lock (_output) return [.. _output];
        }
    }

    private void Keep(string? line)
    {
        if (line is null) return;
        lock (_output)
        {
            if (_output.Count < 200) _output.Add(line);
        }
    }

    /// <summary>SIGKILL: no shutdown, no flush, as a crash or an operator's kill -9 would end it.</summary>
    public async Task KillAsync()
    {
        if (_process.HasExited) return;
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    /// <summary>What the server printed so far (its first 200 lines), for a failure's message.</summary>
    public string Printed => string.Join(Environment.NewLine, Output);

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
