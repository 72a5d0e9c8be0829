using System.ComponentModel;
using CaseLedger.Hosting;
using CaseLedger.Server;
using JasperFx.CodeGeneration;
using JasperFx.CodeGeneration.Model;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using NodaTime;
using Spectre.Console;
using Spectre.Console.Cli;

namespace CaseLedger.Cli;

/// <summary>
/// <c>caseledger codegen write|check</c>: Wolverine's generated handler code (Marten 9 generates none) written ahead of time into the engine's
/// Internal/Generated folder (JasperFx's own DynamicCodeBuilder, as its <c>codegen write</c> does), so that a fresh process
/// compiles nothing at start; <c>check</c> says whether the committed files are what the code would generate now.
/// </summary>
public static class CodegenCommand
{
    public class Settings : CommandSettings
    {
        [CommandOption("--out <FOLDER>")]
        [Description("The folder of the generated code (default: src/CaseLedger/Internal/Generated of this checkout).")]
        public string? Out { get; set; }
    }

    /// <summary><c>caseledger codegen write</c>.</summary>
    public sealed class Write(IClock clock) : Command<Settings>
    {
        public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
        {
            var folder = settings.Out ?? EngineGeneratedFolder();
            Generate(folder, clock);
            AnsiConsole.MarkupLineInterpolated($"Generated code written to [bold]{folder}[/].");
            return ExitCodes.Success;
        }
    }

    /// <summary><c>caseledger codegen check</c>: exit 1 when the committed code is not what the handlers generate now.</summary>
    public sealed class Check(IClock clock) : Command<Settings>
    {
        public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
        {
            var committed = settings.Out ?? EngineGeneratedFolder();
            var fresh = Directory.CreateTempSubdirectory("caseledger-codegen-").FullName;
            try
            {
                Generate(fresh, clock);
                var differences = Differences(committed, fresh);
                foreach (var difference in differences) AnsiConsole.MarkupLineInterpolated($"[red]{difference}[/]");
                if (differences.Count == 0) AnsiConsole.MarkupLine("The generated code in the engine is current.");
                else AnsiConsole.MarkupLine("Run [bold]dotnet run --project src/CaseLedger.Cli -- codegen write[/] and commit the result.");
                return differences.Count == 0 ? ExitCodes.Success : ExitCodes.Failure;
            }
            finally
            {
                Directory.Delete(fresh, recursive: true);
            }
        }
    }

    /// <summary>Writes every generated type of the host's Wolverine handlers into <paramref name="folder"/>, replacing what was there.</summary>
    public static void Generate(string folder, IClock clock)
    {
        if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        // Building the host connects to nothing: the code depends on the configuration, not on the data.
        var settings = new CaseLedgerSettings("Host=127.0.0.1;Database=codegen", clock) { GeneratedCodePath = folder };
        var app = CaseLedgerServer.Build(settings, "http://127.0.0.1:0", l => l.SetMinimumLevel(LogLevel.Warning));
        var collections = app.Services.GetServices<ICodeFileCollection>().ToArray();
        var builder = new DynamicCodeBuilder(app.Services, collections) { ServiceVariableSource = app.Services.GetService<IServiceVariableSource>() };
        builder.WriteGeneratedCode(_ => { });
    }

    /// <summary>Each file added, removed or changed between the committed folder and a fresh generation.</summary>
    public static IReadOnlyList<string> Differences(string committed, string fresh)
    {
        static Dictionary<string, string> Files(string root) => Directory.Exists(root)
            ? Directory.EnumerateFiles(root, "*.cs", SearchOption.AllDirectories).ToDictionary(f => Path.GetRelativePath(root, f).Replace('\\', '/'), File.ReadAllText)
            : [];
        var (was, now) = (Files(committed), Files(fresh));
        return
        [
            .. now.Keys.Except(was.Keys).Order().Select(f => $"missing: {f}"),
            .. was.Keys.Except(now.Keys).Order().Select(f => $"no longer generated: {f}"),
            .. now.Keys.Intersect(was.Keys).Where(f => now[f].ReplaceLineEndings() != was[f].ReplaceLineEndings()).Order().Select(f => $"out of date: {f}"),
        ];
    }

    /// <summary>src/CaseLedger/Internal/Generated of the checkout this program was built from.</summary>
    public static string EngineGeneratedFolder()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "CaseLedger.sln")))
                return Path.Combine(dir.FullName, "src", "CaseLedger", "Internal", "Generated");
        throw new InvalidOperationException("caseledger codegen runs from a checkout (no CaseLedger.sln above the program): give --out FOLDER.");
    }
}
