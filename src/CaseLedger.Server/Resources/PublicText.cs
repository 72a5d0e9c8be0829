namespace CaseLedger.Server.Resources;

/// <summary>The texts of the public pages and the standard documents' page: PublicText.resx in zh-CN (the default), PublicText.en.resx in English.</summary>
public sealed class PublicText;
