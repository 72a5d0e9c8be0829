using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using CaseLedger.Hosting;

namespace CaseLedger.Cli.Bench;

/// <summary>
/// <c>caseledger serve</c> started as a process of its own on the benchmark's database and schema, so that a row can measure
/// the server alone (its memory, its start) without the benchmark's client, figures and other stores in the same process.
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

    /// <summary>Starts <c>serve</c> on <paramref name="settings"/>' database and schema, signing with its key; answers once /health does.</summary>
    public static async Task<ServedProcess> StartAsync(CaseLedgerSettings settings, CancellationToken ct = default)
    {
        var port = FreePort();
        var url = new Uri($"http://127.0.0.1:{port}");
        var start = new ProcessStartInfo(Environment.ProcessPath!) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        // Run as `dotnet caseledger.dll`, the host is dotnet and the program its first argument; run as the apphost, it is itself.
        if (Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet") start.ArgumentList.Add(typeof(ServedProcess).Assembly.Location);
        foreach (var arg in new[] { "serve", "--urls", url.ToString().TrimEnd('/') }) start.ArgumentList.Add(arg);
        start.Environment["CASELEDGER_DB"] = settings.ConnectionString;
        start.Environment["CASELEDGER_SCHEMA"] = settings.Schema;
        start.Environment["CASELEDGER_CHECKPOINT_KEY"] = settings.CheckpointKeyPath;
        start.Environment.Remove("CASELEDGER_ADMIN_TOKEN");
        // The benchmark's cases are dated in the past: a sweep would record their passed deadlines under the benchmark's commands.
        start.Environment["CASELEDGER_DEADLINE_SWEEP_SECONDS"] = "0";
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
