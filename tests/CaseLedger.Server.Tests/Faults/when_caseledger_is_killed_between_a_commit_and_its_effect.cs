using System.Net.Http.Headers;
using CaseLedger.Cli;
using CaseLedger.Server.Tests.Support;
using CaseLedger.Testing;
using NodaTime;
using NodaTime.Testing;
using Npgsql;

namespace CaseLedger.Server.Tests.Faults;

/// <summary>
/// Issue #18: <c>caseledger serve</c> commits a step that changes a linked stream, and is killed (SIGKILL) before the effect
/// runs: its effect handler stalls (CASELEDGER_TEST_STALL_EFFECTS=1). Started again, the effect's envelope, committed with the
/// step through Wolverine's Marten outbox, is recovered and carried exactly once: a reconsideration decision served
/// (行政复议法 Art. 75), a judgment become final (行政诉讼法 Art. 85) and a petition routed to reconsideration (信访工作条例 Art. 31),
/// whose opened reconsideration freezes the late fee on its case in turn.
/// </summary>
[Collection(KilledProcessesCollection.Name)]
public class when_caseledger_is_killed_between_a_commit_and_its_effect
{
    [Fact]
    public async Task each_effect_is_carried_once_after_the_restart_decision_judgment_and_routed_petition()
    {
        var connection = await TestPostgres.NewDatabaseAsync("effects");
        var home = TestPostgres.NewHome("effects");
        Scenario scenario;
        await using (var setup = await ServerFixture.StartAsync(connection, new FakeClock(Instant.FromUtc(2026, 3, 2, 1, 30)), sweepInterval: null))
            scenario = await Scenario.SetUpAsync(setup);

        await using (var stalled = await ServeAsync(connection, home, stallEffects: true))
        {
            // Each answer waits for its effect, which never comes: the requests are left hanging until the kill.
            var steps = scenario.Steps.Select(step => Task.Run(async () =>
            {
                using var client = Client(stalled.Url, step.Token, TimeSpan.FromMinutes(2));
                try
                {
                    using var _ = await client.PostJsonAsync(step.Url, step.Body);
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                {
                    // The server is gone.
                }
            })).ToList();
            foreach (var step in scenario.Steps)
                await Eventually.UntilAsync(() => CountAsync(connection, step.StreamId, step.CommittedType), n => n == 1, $"{step.CommittedType} on {step.StreamId} to commit");
            await stalled.KillAsync();
            await Task.WhenAll(steps);
        }

        // Killed between the commit and the effect: nothing was carried.
        Assert.Equal(0, await CountAsync(connection, scenario.ReconsideredCase, "decision_revoked"));
        Assert.Equal(0, await CountAsync(connection, scenario.SuedCase, "decision_revoked"));
        var routedTo = await RoutedReconsiderationAsync(connection, scenario.PetitionId);
        Assert.Equal(0, await CountAsync(connection, routedTo, "reconsideration_applied"));

        await using var restarted = await ServeAsync(connection, home, stallEffects: false);
        await UntilAsync(() => CountAsync(connection, scenario.PetitionCase, "remedy_started"), "the routed reconsideration to freeze the late fee on its case");
        await UntilAsync(() => CountAsync(connection, scenario.ReconsideredCase, "remedy_ended"), "the reconsideration's end on its case");
        await UntilAsync(() => CountAsync(connection, scenario.SuedCase, "remedy_ended"), "the suit's end on its case");
        await UntilAsync(() => UnhandledEffectsAsync(connection), "every durable effect to be handled", expected: 0);

        Assert.Equal(1, await CountAsync(connection, scenario.ReconsideredCase, "decision_revoked"));
        Assert.Equal(1, await CountAsync(connection, scenario.SuedCase, "decision_revoked"));
        Assert.Equal(1, await CountAsync(connection, scenario.SuedCase, "remedy_ended"));
        Assert.Equal(1, await CountAsync(connection, scenario.ReconsideredCase, "remedy_ended"));
        Assert.Equal(1, await CountAsync(connection, routedTo, "reconsideration_applied"));
        Assert.Equal(1, await CountAsync(connection, scenario.PetitionCase, "remedy_started"));
        using var reader = Client(restarted.Url, ServerFixture.AdminToken, TimeSpan.FromSeconds(30));
        var reconsidered = await (await reader.GetAsync($"/api/cases/{scenario.ReconsideredCase}")).AssertOkAsync();
        Assert.Equal(scenario.ReconsiderationId, (string?)reconsidered["revocation"]!["remedyId"]);
        var routed = await (await reader.GetAsync($"/api/reconsiderations/{routedTo}")).AssertOkAsync();
        Assert.Equal((scenario.PetitionCase, "applied"), ((string?)routed["caseId"], (string?)routed["stage"]));
    }

    private static Task<ServedProcess> ServeAsync(string connection, string home, bool stallEffects) => ServedProcess.StartAsync(new Dictionary<string, string?>
    {
        ["CASELEDGER_DB"] = connection,
        ["CASELEDGER_HOME"] = home,
        ["CASELEDGER_ADMIN_TOKEN"] = ServerFixture.AdminToken,
        ["CASELEDGER_TEST_STALL_EFFECTS"] = stallEffects ? "1" : null,
    });

    private static HttpClient Client(Uri url, string token, TimeSpan timeout)
    {
        var client = new HttpClient { BaseAddress = url, Timeout = timeout };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>A step to send, by the staff who record it (administrators record no step).</summary>
    private sealed record Step(string Url, object Body, string StreamId, string CommittedType, string Token);

    /// <summary>Three proceedings, each one step before its effect on a linked stream.</summary>
    private sealed record Scenario(string ReconsideredCase, string ReconsiderationId, string SuedCase, string PetitionCase, string PetitionId,
        IReadOnlyList<Step> Steps)
    {
        public static async Task<Scenario> SetUpAsync(ServerFixture server)
        {
            var staff = await server.StaffAsync();
            var body = await server.ReconsiderationBodyAsync();
            string[] officers = [staff.Investigator1];

            var reconsideredCase = await server.PublishedCaseAsync(staff);
            var reconsideration = await server.RepliedReconsiderationAsync(reconsideredCase, body);
            await server.RemedyOkAsync("reconsiderations", reconsideration, "decide", new
            {
                type = "revoke", grounds = new[] { "facts-unclear" }, decidedBy = body.Head, decidedOn = "2026-02-26", reasons = "认定事实不清",
                staff = new[] { body.Staff1, body.Staff2 },
            });

            var suedCase = await server.PublishedCaseAsync(staff);
            var suit = (string)(await (await server.Client(staff.TokenOf(staff.Head)).PostJsonAsync("/api/litigations", new
            {
                caseId = suedCase, court = "济南市历下区人民法院",
                plaintiff = new { kind = "organisation", name = "济南某食品有限公司", idNumber = "91370100MA3C000000" },
                knewOn = "2025-01-29", filedOn = "2025-07-01", complaintReceivedOn = "2025-07-08", staff = officers,
            })).AssertOkAsync(201))["litigationId"]!;
            await server.RemedyOkAsync("litigations", suit, "submit-defence", new { submittedOn = "2025-07-15", defenceSha256 = CaseScenarios.Hash, staff = officers });
            await server.RemedyOkAsync("litigations", suit, "record-hearing", new { heldOn = "2025-09-01", appearedBy = new[] { staff.Head }, lawyers = new[] { "孙律师" } });
            await server.RemedyOkAsync("litigations", suit, "record-judgment", new
            {
                outcome = "lost", judgedOn = "2026-02-10", receivedOn = "2026-02-12", judgmentSha256 = CaseScenarios.Hash, effect = "revoke", staff = officers,
            });

            var petitionCase = await server.PublishedCaseAsync(staff);
            var petition = (string)(await (await server.Client(staff.TokenOf(staff.Investigator1)).PostJsonAsync("/api/petitions", new
            {
                petitioner = new { kind = "organisation", name = "济南某食品有限公司", idNumber = "91370100MA3C000000" },
                subject = "对罚款决定不服", lodgedOn = "2026-02-02", caseId = petitionCase, staff = officers,
            })).AssertOkAsync(201))["petitionId"]!;

            return new Scenario(reconsideredCase, reconsideration, suedCase, petitionCase, petition,
            [
                new Step($"/api/reconsiderations/{reconsideration}/serve-decision", new { servedOn = "2026-02-27", staff = new[] { body.Staff1 } },
                    reconsideration, "reconsideration_decision_served", Recorders.Of(server, body.BodyId)),
                new Step($"/api/litigations/{suit}/record-finality", new { on = "2026-02-28", staff = officers }, suit, "judgment_became_final",
                    staff.TokenOf(staff.Head)),
                new Step($"/api/petitions/{petition}/route", new
                {
                    to = "reconsideration", routedOn = "2026-02-05", reason = "属于行政复议受理范围", knewOn = "2025-03-10", remedyNoticeGiven = false,
                    body = body.BodyId, staff = officers,
                }, petition, "petition_routed", staff.TokenOf(staff.Investigator1)),
            ]);
        }
    }

    /// <summary>Waits (at most 60 s: the durable copy waits out its delay after the restart) until <paramref name="read"/> gives <paramref name="expected"/>.</summary>
    private static async Task UntilAsync(Func<Task<long>> read, string what, long expected = 1)
    {
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (await read() != expected)
        {
            if (limit.IsCancellationRequested) Assert.Fail($"Never {what}.");
            await Task.Delay(200, CancellationToken.None);
        }
    }

    private static async Task<long> CountAsync(string connection, string streamId, string type)
    {
        await using var data = NpgsqlDataSource.Create(connection);
        await using var command = data.CreateCommand("select count(*) from caseledger.mt_events where stream_id = @id and type = @type");
        command.Parameters.AddWithValue("id", streamId);
        command.Parameters.AddWithValue("type", type);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private static async Task<long> UnhandledEffectsAsync(string connection)
    {
        await using var data = NpgsqlDataSource.Create(connection);
        await using var command = data.CreateCommand(
            "select count(*) from caseledger.wolverine_incoming_envelopes where message_type = 'caseledger.carry-effect.v1' and status <> 'Handled'");
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private static async Task<string> RoutedReconsiderationAsync(string connection, string petitionId)
    {
        await using var data = NpgsqlDataSource.Create(connection);
        await using var command = data.CreateCommand(
            "select data->>'reconsiderationId' from caseledger.mt_events where stream_id = @id and type = 'petition_routed'");
        command.Parameters.AddWithValue("id", petitionId);
        return (string)(await command.ExecuteScalarAsync())!;
    }
}
