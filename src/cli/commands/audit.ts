import { toCsv } from "../../jobs";
import { intOption, stringOption } from "../args";
import { emit, type Command } from "../context";
import { EXIT } from "../errors";
import { table, who } from "../format";

/** `audit`: every change attempted from this database for the workspace, newest first, as a table, CSV or JSON. */
export const auditCommand: Command = async (ctx) => {
  const { runtime, io } = ctx;
  const projectKey = stringOption(ctx.values, "project");
  const entries = await runtime.audit.queryAudit(runtime.tenant, {
    limit: intOption(ctx.values, "limit", 1000, 1, 10_000), ...(projectKey === undefined ? {} : { projectKey }),
  });
  if (runtime.settings.format === "csv") {
    io.stdout.write(toCsv(entries));
    return EXIT.ok;
  }
  emit(ctx, { entries }, () => entries.length === 0 ? "No changes recorded yet." : table(
    ["TIME", "PROJECT", "TARGET", "PRINCIPAL", "BEFORE", "AFTER", "RESULT", "JOB"],
    entries.map((e) => [e.at, e.projectKey, e.target === "project" ? "(project)" : (e.repository?.slug ?? "?"), who(e.principal), e.before, e.after,
      e.error ? `${e.result}: ${e.error.code}` : e.result, e.jobId]),
  ));
  return EXIT.ok;
};
