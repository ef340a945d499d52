import path from "node:path";
import { Command } from "commander";
import { createLogger } from "../../foundation/log.ts";
import { formatIngestReport } from "../../ingest/format-report.ts";
import { NothingIngestedError } from "../../ingest/pipeline.ts";
import { createProgressReporter } from "../../ingest/progress.ts";
import { createEmbeddings } from "../../knowledge/embeddings/create-embeddings.ts";
import { ConfigError, loadConfig } from "../config.ts";
import { reindexLibrary } from "../reindex.ts";
import type { Store } from "../store/store.ts";

/** `npm run ingest -- [--source DIR] [--index DIR] [--json] [--strict]` */
async function main(argv: string[]): Promise<number> {
  const program = new Command()
    .name("ingest")
    .description("Build or update the knowledge index from a library folder of guidance documents.")
    .option("--source <dir>", "library folder (default: LIBRARY_DIR or the shipped sample library)")
    .option("--index <dir>", "index folder (default: INDEX_DIR or .data/index)")
    .option("--json", "print the report as JSON")
    .option("--strict", "exit non-zero when any file could not be ingested")
    .parse(argv);
  const options = program.opts<{ source?: string; index?: string; json?: boolean; strict?: boolean }>();

  const config = loadConfig();
  const libraryDir = options.source ? path.resolve(options.source) : config.LIBRARY_DIR;
  const indexDir = options.index ? path.resolve(options.index) : config.INDEX_DIR;
  const progress = createProgressReporter(Boolean(process.stderr.isTTY) && !options.json);
  // Run as a job beside replicas on PostgreSQL: their advisory lock, and the announcement they listen for.
  const store: Store | undefined = config.DATABASE_URL
    ? await openStore(config.DATABASE_URL, config.DATA_DIR, config.AUDIT_KEY)
    : undefined;

  try {
    const report = await reindexLibrary({
      config,
      embeddings: createEmbeddings(config),
      libraryDir,
      indexDir,
      onProgress: progress.update,
      ...(store ? { store } : {}),
    });
    progress.stop();
    process.stdout.write(`${options.json ? JSON.stringify(report) : formatIngestReport(report)}\n`);
    return options.strict && report.failed.length > 0 ? 2 : 0;
  } catch (error) {
    progress.stop();
    if (error instanceof NothingIngestedError) {
      process.stdout.write(
        `${options.json ? JSON.stringify(error.report) : formatIngestReport(error.report)}\n`,
      );
    }
    process.stderr.write(`ingest: ${(error as Error).message}\n`);
    return 1;
  } finally {
    await store?.close();
  }
}

/** Imported only with DATABASE_URL: pg and the audit store are no part of an ingest on one machine. */
async function openStore(url: string, dataDir: string, auditKey: string | undefined): Promise<Store> {
  const [{ resolveAuditKey }, { openPostgresStore }] = await Promise.all([
    import("../core/audit/audit-store.ts"),
    import("../store/postgres-store.ts"),
  ]);
  return openPostgresStore({ url, userKey: resolveAuditKey(dataDir, auditKey) }, createLogger("warn"));
}

main(process.argv).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`ingest: ${error instanceof ConfigError ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
