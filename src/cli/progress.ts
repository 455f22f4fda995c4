import type { JobSummary } from "../jobs";
import { duration } from "./format";
import type { OutStream } from "./io";

/** Shows a running job: a redrawn bar on a terminal, plain lines otherwise (CI logs, pipes). Always on stderr. */
export interface Progress {
  update(job: JobSummary): void;
  finish(job: JobSummary): void;
}

const figures = (j: JobSummary): string => {
  const remaining = j.pending + j.running;
  const eta = remaining === 0 ? "" : ` · ETA ${j.etaSeconds === null ? "?" : duration(j.etaSeconds)}`;
  return `${j.done + j.failed + j.cancelled}/${j.total} · done ${j.done} · failed ${j.failed} · remaining ${remaining}${eta}`;
};

function terminalProgress(stream: OutStream, clock: () => number): Progress {
  let lastDrawMs = Number.NEGATIVE_INFINITY;
  const draw = (j: JobSummary): void => {
    const text = figures(j);
    const room = (stream.columns ?? 80) - text.length - 4;
    const width = Math.max(10, Math.min(40, room));
    const filled = j.total === 0 ? width : Math.round((width * (j.done + j.failed + j.cancelled)) / j.total);
    stream.write(`\r\x1b[2K[${"█".repeat(filled)}${"░".repeat(width - filled)}] ${text}`);
  };
  return {
    update(j) {
      if (clock() - lastDrawMs < 100) return;
      lastDrawMs = clock();
      draw(j);
    },
    finish(j) {
      draw(j);
      stream.write("\n");
    },
  };
}

/** A line at every tenth of the job and at least every 10 s while something changes; never a control character. */
function lineProgress(stream: OutStream, clock: () => number, label: string): Progress {
  let lastStep = -1;
  let lastLineMs = Number.NEGATIVE_INFINITY;
  let lastText = "";
  const line = (j: JobSummary): void => {
    lastText = figures(j);
    lastLineMs = clock();
    stream.write(`${label}: ${lastText}\n`);
  };
  return {
    update(j) {
      const step = j.total === 0 ? 10 : Math.floor((10 * (j.done + j.failed + j.cancelled)) / j.total);
      const changed = figures(j) !== lastText;
      if (step > lastStep || (changed && clock() - lastLineMs >= 10_000)) {
        lastStep = step;
        line(j);
      }
    },
    finish(j) {
      if (figures(j) !== lastText) line(j);
    },
  };
}

export function createProgress(stream: OutStream, clock: () => number, label: string): Progress {
  return stream.isTTY === true ? terminalProgress(stream, clock) : lineProgress(stream, clock, label);
}
