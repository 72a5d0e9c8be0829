[assembly: Xunit.TestFramework("CaseLedger.Testing.TestRunCleanup", "CaseLedger.Tests")]
