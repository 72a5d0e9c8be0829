[assembly: Xunit.TestFramework("CaseLedger.Testing.TestRunCleanup", "CaseLedger.Server.Tests")]
