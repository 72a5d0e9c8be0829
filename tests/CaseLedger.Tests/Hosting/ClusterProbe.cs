using System.Diagnostics;
using System.Net.Sockets;

namespace CaseLedger.Tests.Hosting;

/// <summary>What the embedded-PostgreSQL tests ask of the machine: whether a port answers, and a pid nobody runs.</summary>
internal static class ClusterProbe
{
    /// <summary>The pid of a process that has already exited: an owner that is certainly gone.</summary>
    public static int DeadPid()
    {
        using var process = Process.Start(new ProcessStartInfo("true") { UseShellExecute = false })!;
        process.WaitForExit();
        return process.Id;
    }

    public static bool Answers(int port)
    {
        try
        {
            using var client = new TcpClient();
            client.Connect("127.0.0.1", port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
