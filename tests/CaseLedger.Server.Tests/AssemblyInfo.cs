[assembly: Xunit.TestFramework("CaseLedger.Testing.TestRunCleanup", "CaseLedger.Server.Tests")]
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
