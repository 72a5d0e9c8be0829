using System.Text.Json.Nodes;
using CaseLedger.Domain.Penalty;
using CaseLedger.Reconsiderations;
using CaseLedger.Remedies;
using CaseLedger.Server.Tests.Support;
using CaseLedger.Testing;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Wolverine;

namespace CaseLedger.Server.Tests.Remedies;

/// <summary>
/// The party knew of the decision on 2025-03-10 without notice of the right (one year, 行政复议法 Art. 20), applies on
/// 2026-02-03; accepted 02-04, copy 02-05, reply 02-06; decided 2026-02-26 (the fake clock stands at 2026-03-02).
/// </summary>
public class when_reconsidering_a_decision_over_http(ServerFixture server) : IClassFixture<ServerFixture>
{
    private async Task<(string CaseId, ReconsiderationBody Body, string ReconsiderationId)> RepliedAsync()
    {
        var staff = await server.StaffAsync();
        var body = await server.ReconsiderationBodyAsync();
        var caseId = await server.PublishedCaseAsync(staff);
        var applied = await (await server.Client(Recorders.Of(server, body.BodyId)).PostJsonAsync("/api/reconsiderations", new
        {
            caseId,
            applicant = new { kind = "organisation", name = "济南某食品有限公司", idNumber = "91370100MA3C000000" },
            knewOn = "2025-03-10",
            appliedOn = "2026-02-03",
            remedyNoticeGiven = false,
            body = body.BodyId,
            request = "撤销行政处罚决定",
            receivedBy = new[] { body.Staff1 },
        })).AssertOkAsync(201);
        var id = (string)applied["reconsiderationId"]!;
        await server.RemedyOkAsync("reconsiderations", id, "accept", new { acceptedOn = "2026-02-04", staff = new[] { body.Staff1 } });
        await server.RemedyOkAsync("reconsiderations", id, "send-copy", new { sentOn = "2026-02-05", staff = new[] { body.Staff1 } });
        await server.RemedyOkAsync("reconsiderations", id, "submit-reply", new { repliedOn = "2026-02-06", replySha256 = CaseScenarios.Hash, staff = new[] { body.Staff1 } });
        return (caseId, body, id);
    }

    private async Task<long> VersionOf(string streamId)
    {
        await using var session = server.Store.QuerySession();
        return (await session.Events.FetchStreamStateAsync(streamId))?.Version ?? 0;
    }

    /// <summary>
    /// The effect's envelope is committed with the service (Wolverine's Marten outbox, durable local queue): the command carried the
    /// effect before answering, and the durable copy, run after its delay, appends nothing. The crash between the commit and the
    /// effect is tested on a killed process (Faults/when_caseledger_is_killed_between_a_commit_and_its_effect).
    /// </summary>
    [Fact]
    public async Task a_revocation_is_committed_with_its_durable_effect_and_the_copy_appends_nothing_art_75()
    {
        var (caseId, body, id) = await RepliedAsync();
        await server.RemedyOkAsync("reconsiderations", id, "decide", new
        {
            type = "revoke", grounds = new[] { "facts-unclear" }, decidedBy = body.Head, decidedOn = "2026-02-26", reasons = "认定事实不清",
            staff = new[] { body.Staff1, body.Staff2 },
        });
        var served = await server.RemedyOkAsync("reconsiderations", id, "serve-decision", new { servedOn = "2026-02-27", staff = new[] { body.Staff1 } });
        var servedEvent = (string)served["events"]!.AsArray().Single(e => (string?)e!["type"] == "reconsideration_decision_served")!["id"]!;

        Assert.Equal(id, (string?)(await server.GetAsync($"/api/cases/{caseId}"))["revocation"]!["remedyId"]);
        var version = await VersionOf(caseId);
        var keys = new[] { $"effect:{servedEvent}:decision", $"effect:{servedEvent}:end" };
        Assert.Equal(2, await EffectEnvelopesAsync(keys, handled: null));
        await Eventually.UntilAsync(() => EffectEnvelopesAsync(keys, handled: true), n => n == 2, "the durable copies of the two effects to be handled");
        Assert.Equal(version, await VersionOf(caseId));
    }

    /// <summary>The effect envelopes in Wolverine's durable inbox whose message carries one of <paramref name="keys"/>.</summary>
    private async Task<int> EffectEnvelopesAsync(IReadOnlyCollection<string> keys, bool? handled)
    {
        await using var data = Npgsql.NpgsqlDataSource.Create(server.ConnectionString);
        await using var command = data.CreateCommand(
            "select body, status from caseledger.wolverine_incoming_envelopes where message_type = 'caseledger.carry-effect.v1'");
        var found = 0;
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            var text = System.Text.Encoding.UTF8.GetString((byte[])reader[0]);
            if (keys.Any(k => text.Contains(k, StringComparison.Ordinal)) && (handled is null || (reader.GetString(1) == "Handled") == handled))
                found++;
        }
        return found;
    }

    [Fact]
    public async Task a_revocation_takes_effect_on_service_and_is_carried_once_with_its_withdrawal_deadline_art_75_and_penalty_law_art_48()
    {
        var (caseId, body, id) = await RepliedAsync();
        var penalty = await server.GetAsync($"/api/cases/{caseId}");
        Assert.Equal(id, (string?)penalty["remedies"]![0]!["remedyId"]);

        var revoke = new
        {
            type = "revoke",
            grounds = new[] { "facts-unclear" },
            decidedBy = body.Head,
            decidedOn = "2026-02-26",
            reasons = "认定事实不清",
            staff = new[] { body.Staff1, body.Staff2 },
        };
        await server.RemedyOkAsync("reconsiderations", id, "decide", revoke);

        // Decided, not yet served: the decision has no effect yet (行政复议法 Art. 75); the late fee stays frozen.
        penalty = await server.GetAsync($"/api/cases/{caseId}");
        Assert.Null(penalty["revocation"]);
        Assert.Null(penalty["remedies"]![0]!["to"]);
        Assert.DoesNotContain(penalty["deadlines"]!.AsArray(), d => (string?)d!["key"] == "withdrawal");
        Assert.Equal("decided", (string?)(await server.GetAsync($"/api/reconsiderations/{id}"))["stage"]);

        await server.RemedyOkAsync("reconsiderations", id, "serve-decision", new { servedOn = "2026-02-27", staff = new[] { body.Staff1 } });
        penalty = await server.GetAsync($"/api/cases/{caseId}");
        Assert.Equal(id, (string?)penalty["revocation"]!["remedyId"]);
        Assert.Equal(0m, (decimal)penalty["fine"]!);
        Assert.Equal("2026-02-27", (string?)penalty["remedies"]![0]!["to"]);
        var withdrawal = penalty["deadlines"]!.AsArray().Single(d => (string?)d!["key"] == "withdrawal")!;
        // 3 working days after Fri 02-27: Sat 02-28 (a working Saturday in 2026), Mon 03-02, Tue 03-03.
        Assert.Equal("2026-03-03", (string?)withdrawal["end"]);
        Assert.Equal("open", (string?)withdrawal["status"]);

        var summary = await server.GetAsync($"/api/reconsiderations/{id}");
        Assert.Equal("decision-served", (string?)summary["stage"]);

        // Exactly once: the same decision again appends nothing anywhere, and a redelivered effect is a no-op.
        var version = await VersionOf(caseId);
        var again = await server.RemedyOkAsync("reconsiderations", id, "decide", revoke);
        Assert.Empty(again["events"]!.AsArray());
        await using (var session = server.Store.QuerySession())
        {
            var events = await session.Events.FetchStreamAsync(caseId);
            var revoked = Assert.Single(events, e => e.Data is DecisionRevoked);
            Assert.StartsWith("effect:", revoked.CausationId);
            var bus = server.App.Services.GetRequiredService<IMessageBus>();
            await bus.InvokeAsync(CarryEffect.Of(caseId,
                new CarryRemedyDecision(RemedyKind.Reconsideration, id, RemedyEffect.Revoke, null, "again", new NodaTime.LocalDate(2026, 2, 26)),
                revoked.CausationId!, null));
        }
        Assert.Equal(version, await VersionOf(caseId));

        await server.OkAsync(caseId, "withdraw-publication", new { on = "2026-03-02", reason = "复议撤销" });
        penalty = await server.GetAsync($"/api/cases/{caseId}");
        Assert.Equal("met", (string?)penalty["deadlines"]!.AsArray().Single(d => (string?)d!["key"] == "withdrawal")!["status"]);
    }

    [Fact]
    public async Task a_late_application_is_refused_and_appends_nothing_art_20()
    {
        var staff = await server.StaffAsync();
        var body = await server.ReconsiderationBodyAsync();
        var caseId = await server.PublishedCaseAsync(staff);
        var caseVersion = await VersionOf(caseId);
        await using var session = server.Store.QuerySession();
        var files = await session.Query<ReconsiderationFile>().CountAsync();

        var late = await server.Client(Recorders.Of(server, body.BodyId)).PostJsonAsync("/api/reconsiderations", new
        {
            caseId,
            applicant = new { kind = "organisation", name = "济南某食品有限公司", idNumber = "91370100MA3C000000" },
            knewOn = "2025-01-29",
            appliedOn = "2025-04-01",
            remedyNoticeGiven = true,
            receivedBy = new[] { body.Staff1 },
        });
        var problem = await late.AssertProblemAsync(422, "application-late");
        // 01-29 + 60 days = Sun 03-30, extended to Mon 03-31.
        Assert.Contains("2025-03-31", (string?)problem["detail"]);
        Assert.Equal(files, await session.Query<ReconsiderationFile>().CountAsync());
        Assert.Equal(caseVersion, await VersionOf(caseId));
    }

    [Fact]
    public async Task a_second_extension_is_refused_and_appends_nothing_art_62()
    {
        var (_, body, id) = await RepliedAsync();
        await server.RemedyOkAsync("reconsiderations", id, "extend", new { on = "2026-02-27", days = 20, approvedBy = body.Head, reason = "案情复杂" });
        var version = await VersionOf(id);
        var second = await server.RemedyCommandAsync("reconsiderations", id, "extend", new { on = "2026-03-02", days = 10, approvedBy = body.Head, reason = "仍需调查" });
        await second.AssertProblemAsync(422, "extension-exhausted");
        Assert.Equal(version, await VersionOf(id));
        var summary = await server.GetAsync($"/api/reconsiderations/{id}");
        var decision = summary["deadlines"]!.AsArray().Single(d => (string?)d!["key"] == "decision")!;
        Assert.Equal(20, (int)decision["extensions"]![0]!["days"]!);
    }

    [Fact]
    public async Task a_change_that_worsens_the_applicants_position_is_refused_art_63()
    {
        var (caseId, body, id) = await RepliedAsync();
        var version = await VersionOf(id);
        var caseVersion = await VersionOf(caseId);
        var worse = await server.RemedyCommandAsync("reconsiderations", id, "decide", new
        {
            type = "change",
            grounds = new[] { "content-improper" },
            newPenalties = new[] { new { kind = "fine", amount = 8_000m } },
            decidedBy = body.Head,
            decidedOn = "2026-02-26",
        });
        await worse.AssertProblemAsync(422, "reformatio-in-peius");
        Assert.Equal(version, await VersionOf(id));
        Assert.Equal(caseVersion, await VersionOf(caseId));

        await server.RemedyOkAsync("reconsiderations", id, "decide", new
        {
            type = "change",
            grounds = new[] { "content-improper" },
            newPenalties = new[] { new { kind = "fine", amount = 2_000m } },
            decidedBy = body.Head,
            decidedOn = "2026-02-26",
        });
        await server.RemedyOkAsync("reconsiderations", id, "serve-decision", new { servedOn = "2026-02-27", staff = new[] { body.Staff1 } });
        var penalty = await server.GetAsync($"/api/cases/{caseId}");
        Assert.Equal(2_000m, (decimal)penalty["fine"]!);
        Assert.Equal("open", (string?)penalty["deadlines"]!.AsArray().Single(d => (string?)d!["key"] == "withdrawal")!["status"]);
    }

    [Fact]
    public async Task an_unknown_command_is_not_found()
    {
        var (_, _, id) = await RepliedAsync();
        await (await server.RemedyCommandAsync("reconsiderations", id, "apply", new { })).AssertProblemAsync(404, "not-found");
        await (await server.Client().GetAsync($"/api/reconsiderations/{Guid.NewGuid()}")).AssertProblemAsync(404, "not-found");
    }
}
