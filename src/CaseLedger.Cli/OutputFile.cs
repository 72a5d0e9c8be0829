using Spectre.Console;

namespace CaseLedger.Cli;

/// <summary>An output file a command writes (an export, the bench's figures): checked with the command line, before the work whose result it holds.</summary>
public static class OutputFile
{
    public static ValidationResult Check(string? path) =>
        path is null || Path.GetDirectoryName(Path.GetFullPath(path)) is not { } folder || Directory.Exists(folder)
            ? ValidationResult.Success()
            : ValidationResult.Error($"Cannot write {path}: the folder {folder} does not exist.");
}
