using CaseLedger.Cli;
using NodaTime;

// The composition root: the one place that reads the machine's clock.
return await CaseLedgerApp.RunAsync(args, SystemClock.Instance);
