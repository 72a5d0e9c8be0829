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
using CaseLedger.SupervisionMatters;
using CaseLedger.CaseFileReviews;
using CaseLedger.Assessments;
using CaseLedger.Disputes;
using CaseLedger.Remedies;
using CaseLedger.Subscriptions;
using CaseLedger.Supervision;
using CaseLedger.Telemetry;
using JasperFx;
using JasperFx.CodeGeneration;
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
        // The first start-up work, before any other reads a document: an upgraded store's read models are brought to this
        // version's shape (and the schema applied) first.
        services.AddHostedService<ReadModelUpgradeOnStart>();
        services.AddSingleton(settings.Clock);
        services.AddSingleton<IStreamDecider, AgencyDecider>();
        services.AddSingleton<IStreamDecider, PublishedListsDecider>();
        services.AddSingleton<IStreamDecider, OfficerDecider>();
        services.AddSingleton<IStreamDecider, CaseDecider>();
        services.AddSingleton<IStreamDecider, CalendarDecider>();
        services.AddSingleton<IStreamDecider, CheckpointKeyDecider>();
        services.AddSingleton<IStreamDecider, ReconsiderationDecider>();
        services.AddSingleton<IStreamDecider, LitigationDecider>();
        services.AddSingleton<IStreamDecider, PetitionDecider>();
        services.AddSingleton<IStreamDecider, SupervisionMatterDecider>();
        services.AddSingleton<IStreamDecider, ReviewCampaignDecider>();
        services.AddSingleton<IStreamDecider, DisputeDecider>();
        services.AddSingleton<IStreamDecider, ThirdPartyAssessmentDecider>();
        services.AddSingleton<CalendarService>();
        services.AddSingleton<RebuildGate>();
        services.AddSingleton<StoredLog>();
        services.AddSingleton<CheckpointService>();
        services.AddSingleton<Publicity.PublishedDecisions>();
        services.AddSingleton<ReadModelCheck>();
        services.AddSingleton<AuditService>();
        services.AddSingleton<RegionAudit>();
        services.AddSingleton<ExportBuilder>();
        services.AddHostedService<Checkpointer>();
        services.AddHostedService<CalendarLoader>();
        services.AddSingleton<FeedHighWater>();
        services.AddSingleton<FeedReader>();
        services.AddSingleton<FeedDatabases>();
        services.AddSingleton<AgencyFiguresQuery>();
        services.AddSingleton<AgencyAssessmentQuery>();
        services.AddSingleton<TokenResolver>();
        services.AddHostedService<FeedWatcher>();
        services.AddHttpClient(WebhookDispatcher.HttpClientName);
        services.AddSingleton<WebhookDispatcher>();
        services.AddHostedService(sp => sp.GetRequiredService<WebhookDispatcher>());

        // Made by the container, so that disposing the host closes the pool's connections (an instance given to AddSingleton
        // is never disposed: every host that stopped left its idle connections open, and a test run reached max_connections).
        services.AddSingleton(_ => DataSource(settings.ConnectionString));
        services.AddSingleton<DeadlineSweep>();
        services.AddSingleton<ReadSide>();
        services.AddCaseLedgerTelemetry(settings);
        if (settings.DeadlineSweepInterval is not null) services.AddHostedService<DeadlineSweeper>();

        services.AddMarten(sp => StoreOptionsFor(settings, sp.GetRequiredService<NpgsqlDataSource>(), sp.GetRequiredService<CalendarService>()))
            .UseLightweightSessions()
            // The schema is applied by ReadModelUpgradeOnStart, after the read models of an upgraded store are brought to shape.
            // With regions, Wolverine keeps its node and envelope tables in the deployment's own database and an outbox in each
            // region's (a command's effects are committed in its region's transaction).
            .IntegrateWithWolverine(w => { if (settings.Regions.Count > 0) w.MainDatabaseConnectionString = settings.ConnectionString; });

        builder.UseWolverine(opts =>
        {
            // Solo: one node owns the envelope tables; at each start it takes back every persisted envelope (a killed
            // process's effects included) and runs them. Balanced hands a dead node's envelopes to a live one instead.
            opts.Durability.Mode = settings.Solo ? DurabilityMode.Solo : DurabilityMode.Balanced;
            // Effects on linked streams travel through the Marten outbox to a durable local queue (RunCommandHandler).
            opts.PublishMessage<CarryEffect>().ToLocalQueue(CarryEffect.Queue).UseDurableInbox();
            opts.UseSystemTextJsonForSerialization(o => CaseLedgerJson.Configure(o));
            // The handlers live in the engine, whichever program (CLI, tests) hosts it.
            opts.ApplicationAssembly = typeof(RunCommandHandler).Assembly;
            opts.Discovery.IncludeAssembly(typeof(RunCommandHandler).Assembly);
            // The handlers' code is generated ahead of time into the engine (caseledger codegen write): a fresh process
            // compiles nothing at start. A type missing or out of date is compiled then, never written anywhere.
            opts.CodeGeneration.TypeLoadMode = TypeLoadMode.Auto;
            opts.CodeGeneration.SourceCodeWritingEnabled = false;
            if (settings.GeneratedCodePath is { } generated) opts.CodeGeneration.GeneratedCodeOutputPath = generated;
        });
        return builder;
    }

    /// <summary>The data source every CaseLedger store uses: Npgsql with NodaTime types.</summary>
    public static NpgsqlDataSource DataSource(string connectionString)
    {
        var dataSource = new NpgsqlDataSourceBuilder(connectionString);
        dataSource.UseNodaTime();
        // Every command runs the same few statements (fetch, append, upserts): prepared once per connection, PostgreSQL
        // does not parse and plan them again each time. A connection string that sets its own value keeps it.
        if (dataSource.ConnectionStringBuilder.MaxAutoPrepare == 0) dataSource.ConnectionStringBuilder.MaxAutoPrepare = 64;
        return dataSource.Build();
    }

    /// <summary>
    /// Regions as Marten's tenants, a database each (<see cref="Region"/>): the deployment's own database is the first, so the
    /// default tenant, holding the register; a region's database holds its cases and proceedings, their read models and outbox.
    /// Every data source has NodaTime's types as <see cref="DataSource"/> gives them.
    /// </summary>
    private static void Tenancy(StoreOptions options, CaseLedgerSettings settings)
    {
        options.ConfigureNpgsqlDataSourceBuilder(builder =>
        {
            builder.UseNodaTime();
            if (builder.ConnectionStringBuilder.MaxAutoPrepare == 0) builder.ConnectionStringBuilder.MaxAutoPrepare = 64;
        });
        options.MultiTenantedDatabases(tenancy =>
        {
            tenancy.AddSingleTenantDatabase(settings.ConnectionString, RegisterTenant);
            foreach (var region in settings.Regions) tenancy.AddSingleTenantDatabase(region.ConnectionString, region.Id);
        });
        // A session that names no region is the register's: the default tenant, the deployment's own database.
        options.Advanced.DefaultTenantUsageEnabled = true;
    }

    /// <summary>The tenant id of the deployment's own database when there are regions (it is also the default tenant).</summary>
    public const string RegisterTenant = "register";

    /// <summary>
    /// The Marten options of CaseLedger, shared by the host and by the CLI's bare store (replay, rebuild):
    /// one definition of the schema, the event catalogue, metadata and projections.
    /// </summary>
    public static StoreOptions StoreOptionsFor(CaseLedgerSettings settings, NpgsqlDataSource dataSource, CalendarService calendar)
    {
        var options = new StoreOptions();
        if (settings.Regions.Count == 0) options.Connection(dataSource);
        else Tenancy(options, settings);
        options.DatabaseSchemaName = settings.Schema;
        options.UseSystemTextJsonForSerialization(EnumStorage.AsString, Casing.CamelCase, o => CaseLedgerJson.Configure(o));
        options.AutoCreateSchemaObjects = AutoCreate.CreateOrUpdate;

        options.Events.StreamIdentity = StreamIdentity.AsString;
        options.Events.TimeProvider = new ClockTimeProvider(settings.Clock);
        options.Events.MetadataConfig.EnableAll();
        options.Events.MetadataConfig.UserNameEnabled = true;
        foreach (var type in EventCatalog.All)
            options.Events.MapEventType(type, EventCatalog.StoredName(type));

        options.Projections.Errors.SkipApplyErrors = false;
        options.Projections.RebuildErrors.SkipApplyErrors = false;
        options.Projections.Add(new OfficerProjection(), ProjectionLifecycle.Inline);
        options.Projections.Add(new AgencyProjection(), ProjectionLifecycle.Inline);
        options.Projections.Add(new PublishedListsProjection(), ProjectionLifecycle.Inline);
        // All inline, in this order: a derived projection finds the file it is computed from among the pending changes.
        var caseFiles = new CaseFileProjection();
        options.Projections.Add(caseFiles, ProjectionLifecycle.Inline);
        options.Projections.Add(new CaseSupervisionProjection(caseFiles, calendar), ProjectionLifecycle.Inline);
        options.Projections.Add(new CaseSnapshotProjection(caseFiles), ProjectionLifecycle.Inline);
        var (reconsiderations, litigations, petitions) = (new ReconsiderationFileProjection(), new LitigationFileProjection(), new PetitionFileProjection());
        options.Projections.Add(reconsiderations, ProjectionLifecycle.Inline);
        options.Projections.Add(litigations, ProjectionLifecycle.Inline);
        options.Projections.Add(petitions, ProjectionLifecycle.Inline);
        var supervisionMatters = new SupervisionMatterFileProjection();
        options.Projections.Add(supervisionMatters, ProjectionLifecycle.Inline);
        var (campaigns, disputes) = (new ReviewCampaignFileProjection(), new DisputeFileProjection());
        options.Projections.Add(campaigns, ProjectionLifecycle.Inline);
        options.Projections.Add(disputes, ProjectionLifecycle.Inline);
        var assessments = new ThirdPartyAssessmentFileProjection();
        options.Projections.Add(assessments, ProjectionLifecycle.Inline);
        options.Projections.Add(new RemedySupervisionProjection(calendar, RemedySupervisionProjection.Of(reconsiderations),
            RemedySupervisionProjection.Of(litigations), RemedySupervisionProjection.Of(petitions),
            RemedySupervisionProjection.Of(supervisionMatters)), ProjectionLifecycle.Inline);
        // Whose integrators see a proceeding's events: inline, in the transaction of its opening event (the feed's safe mark).
        options.Projections.Add(ProceedingAudienceProjection.For(reconsiderations, litigations, petitions, supervisionMatters, campaigns, disputes, assessments),
            ProjectionLifecycle.Inline);
        // A rebuild (Marten's daemon, ReadModels) reads big pages and writes each document once per window, by COPY where it can.
        options.Projections.RebuildWithBulkCopy = true;
        // Appends wait while a rebuild runs (ReadModels); one already waiting holds a sequence number, a gap that no event
        // will fill before the rebuild ends: the daemon goes past it at once instead of waiting out the default 30 s.
        options.Projections.HighWaterStalenessThreshold = TimeSpan.FromSeconds(1);
        options.Projections.StaleSequenceThreshold = TimeSpan.FromSeconds(1);
        foreach (var projection in options.Projections.All.OfType<JasperFx.Events.Projections.ProjectionBase>())
        {
            projection.Options.BatchSize = 5_000;
            projection.Options.RebuildFlushThreshold = 20_000;
            // ReadModels deletes the documents itself: the daemon's TRUNCATE waits on every reader of the table, a command
            // that read its file and waits on the rebuild's lock to append among them.
            projection.Options.TeardownDataOnRebuild = false;
        }
        CaseSupervision.Configure(options);
        RemedySupervision.Configure(options);

        options.Schema.For<ApiToken>().Index(t => t.ActorId);
        options.Schema.For<IdempotentAnswer>();
        options.Schema.For<ReadModelShape>();
        options.Schema.For<Checkpoint>();
        options.Schema.For<IntegratorGrant>();
        options.Schema.For<SupervisionScope>();
        options.Schema.For<SessionKey>();
        // The dispatcher and a retry request may change a subscription at the same moment.
        options.Schema.For<Subscription>().UseOptimisticConcurrency(true);
        // An agency's assessment reads the third parties' assessments of it (AgencyAssessmentQuery).
        options.Schema.For<ThirdPartyAssessmentFile>().Index(f => f.State!.Record.AgencyId);
        options.Schema.For<CaseSnapshot>().Index(s => s.CaseId).Index(s => s.Version).Index(s => s.RecordedAtTicks);
        return options;
    }
}
