import Spinner from "@atlaskit/spinner";
import { inline } from "./layout";

/** A spinner with words, announced politely to screen readers. */
export const Loading = ({ what }: { what: string }) => (
  <div style={inline("space.100")} role="status" aria-live="polite">
    <Spinner size="medium" label={`Loading ${what}`} />
    <span>Loading {what}…</span>
  </div>
);
