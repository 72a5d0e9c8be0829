using Npgsql;

namespace CaseLedger.Audit;

/// <summary>
/// Append-only in the database itself: triggers refuse every UPDATE, DELETE and TRUNCATE of the event table
/// (so also Marten's archiving, which flips <c>is_archived</c>) and of the signed checkpoints, whoever sends it
/// through a normal session, CaseLedger included. Closing and archiving a case (归档) are events; a correction is a
/// new event. Installed at each start where missing (creating it needs the tables' owner; once there, a role that
/// does not own the tables can run CaseLedger: README, "Append-only on your own server"). A superuser can still
/// get past it (<c>session_replication_role = replica</c>, or dropping the trigger): the audit reports what that
/// leaves behind (docs/integrity.md).
/// </summary>
public static class AppendOnlyGuard
{
    public const string Trigger = "caseledger_append_only";

    /// <summary>The tables no row of which may change or go once written.</summary>
    public static readonly string[] Tables = ["mt_events", "mt_doc_checkpoint"];

    /// <returns>The tables the guard was installed on now (empty when it was in place).</returns>
    public static async Task<IReadOnlyList<string>> ApplyAsync(NpgsqlDataSource dataSource, string schema, CancellationToken ct = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var missing = new List<string>();
        foreach (var table in Tables)
        {
            await using var exists = new NpgsqlCommand(
                "select to_regclass($1) is not null and not exists (select 1 from pg_trigger where tgrelid = to_regclass($1) and tgname = $2)", connection);
            exists.Parameters.Add(new NpgsqlParameter { Value = $"\"{schema}\".{table}" });
            exists.Parameters.Add(new NpgsqlParameter { Value = Trigger });
            if (await exists.ExecuteScalarAsync(ct) is true) missing.Add(table);
        }
        if (missing.Count == 0) return [];

        await using var transaction = await connection.BeginTransactionAsync(ct);
        await using (var function = new NpgsqlCommand($$"""
            create or replace function "{{schema}}".{{Trigger}}() returns trigger language plpgsql as $body$
            begin
              raise exception '%.% is append-only: % refused', tg_table_schema, tg_table_name, tg_op
                using errcode = 'insufficient_privilege',
                      hint = 'CaseLedger records every correction, closing and archiving as a new event (docs/integrity.md).';
            end
            $body$
            """, connection, transaction))
            await function.ExecuteNonQueryAsync(ct);
        foreach (var table in missing)
        {
            await using var triggers = new NpgsqlCommand($"""
                create trigger {Trigger} before update or delete on "{schema}".{table}
                  for each row execute function "{schema}".{Trigger}();
                create trigger {Trigger}_truncate before truncate on "{schema}".{table}
                  for each statement execute function "{schema}".{Trigger}();
                """, connection, transaction);
            await triggers.ExecuteNonQueryAsync(ct);
        }
        await transaction.CommitAsync(ct);
        return missing;
    }
}
