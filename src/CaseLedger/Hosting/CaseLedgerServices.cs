using CaseLedger.Access;
using CaseLedger.Agencies;
using CaseLedger.Audit;
using CaseLedger.Calendar;
using CaseLedger.Cases;
using CaseLedger.Commands;
using CaseLedger.Json;
using CaseLedger.Litigations;
using CaseLedger.Officers;
using CaseLedger.Petitions;
using CaseLedger.Reconsiderations;
using JasperFx;
using JasperFx.Events;
using JasperFx.Events.Projections;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using NodaTime;
using Npgsql;
using Weasel.Core;
using Wolverine;
using Wolverine.Marten;

namespace CaseLedger.Hosting;

/// <summary>
/// The composition of the engine: Marten (event store, projections) and Wolverine (command handling).
/// </summary>
/// <remarks>
/// Stream identity is string (<see cref="StreamKeys"/>). The append mode is Marten 9's default, Quick:
/// every command fetches its stream with FetchForWriting, so the expected version is known and checked
/// at commit without the extra round trip of Rich mode; timestamps come from <see cref="ClockTimeProvider"/>.
/// </remarks>
public static class CaseLedgerServices
{
    public static IHostApplicationBuilder AddCaseLedger(this IHostApplicationBuilder builder, CaseLedgerSettings settings)
    {
        var services = builder.Services;
        services.AddSingleton(settings);
        services.AddSingleton(settings.Clock);
        services.AddSingleton<IStreamDecider, AgencyDecider>();
        services.AddSingleton<IStreamDecider, OfficerDecider>();
        services.AddSingleton<IStreamDecider, CaseDecider>();
        services.AddSingleton<IStreamDecider, CalendarDecider>();
        services.AddSingleton<IStreamDecider, ReconsiderationDecider>();
        services.AddSingleton<IStreamDecider, LitigationDecider>();
        services.AddSingleton<IStreamDecider, PetitionDecider>();
        services.AddSingleton<CalendarService>();
        services.AddSingleton<StoredLog>();
        services.AddSingleton<CheckpointService>();
        services.AddSingleton<AuditService>();
        services.AddSingleton<ExportBuilder>();
        services.AddHostedService<Checkpointer>();
        services.AddHostedService<CalendarLoader>();

        var dataSource = new NpgsqlDataSourceBuilder(settings.ConnectionString);
        dataSource.UseNodaTime();
        services.AddSingleton(dataSource.Build());

        services.AddMarten(sp =>
            {
                var options = new StoreOptions();
                options.Connection(sp.GetRequiredService<NpgsqlDataSource>());
                options.DatabaseSchemaName = settings.Schema;
                options.UseSystemTextJsonForSerialization(EnumStorage.AsString, Casing.CamelCase, o => CaseLedgerJson.Configure(o));
                options.AutoCreateSchemaObjects = AutoCreate.CreateOrUpdate;

                options.Events.StreamIdentity = StreamIdentity.AsString;
                options.Events.TimeProvider = new ClockTimeProvider(settings.Clock);
                options.Events.MetadataConfig.EnableAll();
                options.Events.MetadataConfig.UserNameEnabled = true;
                options.Events.EnableSideEffectsOnInlineProjections = true;
                foreach (var type in EventCatalog.All)
                    options.Events.MapEventType(type, EventCatalog.StoredName(type));

                options.Projections.Errors.SkipApplyErrors = false;
                options.Projections.RebuildErrors.SkipApplyErrors = false;
                options.Projections.Add(new OfficerProjection(), ProjectionLifecycle.Inline);
                options.Projections.Add(new AgencyProjection(), ProjectionLifecycle.Inline);
                options.Projections.Add(new CaseFileProjection(), ProjectionLifecycle.Inline);
                options.Projections.Add(new ReconsiderationFileProjection(), ProjectionLifecycle.Inline);
                options.Projections.Add(new LitigationFileProjection(), ProjectionLifecycle.Inline);
                options.Projections.Add(new PetitionFileProjection(), ProjectionLifecycle.Inline);

                options.Schema.For<ApiToken>().Index(t => t.ActorId);
                options.Schema.For<IdempotentAnswer>();
                options.Schema.For<Checkpoint>();
                options.Schema.For<CaseSnapshot>().Index(s => s.CaseId).Index(s => s.Version).Index(s => s.RecordedAtTicks);
                return options;
            })
            .UseLightweightSessions()
            .IntegrateWithWolverine()
            .ApplyAllDatabaseChangesOnStartup();

        builder.UseWolverine(opts =>
        {
            opts.Durability.Mode = settings.Solo ? DurabilityMode.Solo : DurabilityMode.Balanced;
            // The handlers live in the engine, whichever program (CLI, tests) hosts it.
            opts.ApplicationAssembly = typeof(RunCommandHandler).Assembly;
            opts.Discovery.IncludeAssembly(typeof(RunCommandHandler).Assembly);
        });
        return builder;
    }
}
