import cluster, { type Worker } from "node:cluster";
import type { Logger } from "./log/logger";

export interface ProcessPoolOptions {
  /** Processes kept running. */
  readonly size: number;
  readonly logger: Logger;
  /** After SIGTERM/SIGINT, how long the processes get to finish their running items before they are killed. */
  readonly stopTimeoutMs?: number;
  /** A process that dies unexpectedly is replaced after this delay… */
  readonly restartDelayMs?: number;
  /** …unless this many died within a minute: then the pool stops and exits 1, so the supervisor sees a crash loop. */
  readonly maxCrashesPerMinute?: number;
}

/**
 * Runs in the primary process: forks `size` copies of the current script as node:cluster workers (they see
 * `cluster.isWorker` and serve), which share the listening port; Node hands each new connection to the next process. Each
 * is a full instance (HTTP and job worker) on the shared database, exactly as separate machines would be, so nothing is
 * shared in memory. SIGTERM/SIGINT are passed on and the primary exits once every process has stopped.
 */
export function runProcessPool(options: ProcessPoolOptions): Promise<number> {
  const { size, logger } = options;
  const stopTimeoutMs = options.stopTimeoutMs ?? 30_000;
  const restartDelayMs = options.restartDelayMs ?? 1_000;
  const maxCrashes = options.maxCrashesPerMinute ?? 5;
  let stopping = false;
  let exitCode = 0;
  const crashes: number[] = [];

  return new Promise((resolve) => {
    const fork = (): Worker => cluster.fork();
    const live = () => Object.values(cluster.workers ?? {}).filter((w): w is Worker => w !== undefined);
    const stop = (signal: NodeJS.Signals) => {
      if (stopping) return;
      stopping = true;
      logger.info({ signal, processes: live().length }, "stopping the processes");
      for (const worker of live()) worker.process.kill(signal);
      setTimeout(() => {
        for (const worker of live()) {
          logger.warn({ pid: worker.process.pid }, "a process did not stop in time; killing it");
          worker.process.kill("SIGKILL");
        }
      }, stopTimeoutMs).unref();
    };

    cluster.on("exit", (worker, code, signal) => {
      if (stopping) {
        if (code !== 0) exitCode = 1; // also a process killed after the stop timeout (no code)
        if (live().length === 0) resolve(exitCode);
        return;
      }
      const now = Date.now();
      crashes.push(now);
      while (crashes.length > 0 && (crashes[0] ?? now) < now - 60_000) crashes.shift();
      logger.error({ pid: worker.process.pid, code, signal }, "a process died");
      if (crashes.length >= maxCrashes) {
        logger.error({ crashes: crashes.length }, "processes keep dying; stopping");
        exitCode = 1;
        stop("SIGTERM");
        if (live().length === 0) resolve(exitCode);
        return;
      }
      setTimeout(() => { if (!stopping) fork(); }, restartDelayMs);
    });
    process.on("SIGTERM", () => { stop("SIGTERM"); });
    process.on("SIGINT", () => { stop("SIGINT"); });
    for (let i = 0; i < size; i++) fork();
    logger.info({ processes: size }, "started the processes");
  });
}
