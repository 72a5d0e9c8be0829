using CaseLedger.Server.Tests.Support;
using NodaTime;

namespace CaseLedger.Server.Tests.Subscriptions;

public sealed class when_the_server_restarts_mid_delivery(IntegrationFixture server) : IClassFixture<IntegrationFixture>
{
    [Fact]
    public async Task the_new_host_delivers_the_rest_in_case_order()
    {
        await using var receiver = await Receiver.StartAsync(() => server.Clock.GetCurrentInstant().ToDateTimeOffset());
        var staff = await server.StaffAsync();
        var mark = await server.FeedMarkAsync();
        var cases = new List<string>();
        for (var i = 0; i < 3; i++) cases.Add(await server.FiledCaseAsync(staff));
        foreach (var caseId in cases) await server.EvidenceAsync(staff, caseId, 1);

        var hanging = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        receiver.Answer = async (_, aborted) =>
        {
            if (receiver.Received.Count < 4) return 200;
            hanging.TrySetResult();
            try
            {
                await Task.Delay(Timeout.Infinite, aborted);
            }
            catch (OperationCanceledException)
            {
                // The dispatcher went away mid-delivery.
            }
            return 503;
        };
        await server.SubscribeAsync(receiver, new { agencies = new[] { staff.AgencyId }, after = mark });
        await hanging.Task.WaitAsync(TimeSpan.FromSeconds(30));

        receiver.Answer = (_, _) => Task.FromResult(200);
        await server.RestartAsync();
        await receiver.UntilAsync(r => r.Select(x => x.Id).Distinct().Count() == 9, "all nine events after the restart");

        await server.AssertEveryEventInCaseOrderAsync(receiver.Received, cases);
    }
}
