import ProgressBar from "@atlaskit/progress-bar";
import SectionMessage from "@atlaskit/section-message";
import type { ReadProgress } from "../../shared/api-contract";
import { stack } from "./layout";

/** "x of y repositories read", or that the list is still being read. */
export const readProgressText = (progress: ReadProgress): string => (progress.total === 0
  ? "Listing the repositories…"
  : `${progress.done.toLocaleString("en-US")} of ${progress.total.toLocaleString("en-US")} repositories read.`);

/** A project's first read from Bitbucket is still running: how far it has got; the page asks again by itself. */
export const ReadingNotice = ({ what, progress }: { what: string; progress: ReadProgress }) => (
  <SectionMessage appearance="information" title={`Reading ${what} from Bitbucket`}>
    <div style={stack("space.100")} data-testid="reading-notice">
      <p>
        The first look at a project reads every repository&apos;s permissions, within the hourly call budget, so a big project
        takes a while. This page updates by itself; you can also leave and come back.
      </p>
      <ProgressBar value={progress.total === 0 ? 0 : progress.done / progress.total} isIndeterminate={progress.total === 0} ariaLabel="Reading progress" />
      <span aria-live="polite">{readProgressText(progress)}</span>
    </div>
  </SectionMessage>
);
