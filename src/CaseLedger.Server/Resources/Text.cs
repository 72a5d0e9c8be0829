namespace CaseLedger.Server.Resources;

/// <summary>The texts of the web pages: Text.resx in zh-CN (the default), Text.en.resx in English.</summary>
public sealed class Text;
