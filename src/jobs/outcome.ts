import type { ItemError } from "./types";

/** How one execution of an item ended, as the worker reports it to the store. */
export type ItemOutcome =
  | { readonly kind: "done" }
  /** A final failure of this item (Bitbucket's reason in `error`). */
  | { readonly kind: "failed"; readonly error: ItemError }
  /** A failure that makes every other item of the job pointless (a rejected write credential). */
  | { readonly kind: "stop-job"; readonly error: ItemError }
  /** Try again at `notBeforeMs`; `counted` when it spends one of the item's retries (a budget wait does not). */
  | { readonly kind: "retry"; readonly notBeforeMs: number; readonly counted: boolean; readonly error: ItemError };
