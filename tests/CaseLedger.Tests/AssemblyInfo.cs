[assembly: Xunit.TestFramework("CaseLedger.Testing.TestRunCleanup", "CaseLedger.Tests")]
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
