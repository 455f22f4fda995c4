import { useCallback, useEffect, useRef, useState } from "react";
import { asApiError, type ApiError } from "../api/errors";

export type Loadable<T> =
  | { status: "loading" }
  | { status: "error"; error: ApiError }
  | { status: "ready"; data: T };

/**
 * Loads data when `key` changes; `reload()` loads again and keeps showing the old data meanwhile (`reloading`).
 * Answers that arrive after the key changed are dropped.
 */
export const useLoad = <T>(load: () => Promise<T>, key: string): Loadable<T> & { reload: () => void; reloading: boolean } => {
  const [state, setState] = useState<Loadable<T>>({ status: "loading" });
  const [reloading, setReloading] = useState(false);
  const generation = useRef(0);
  const loadRef = useRef(load);
  loadRef.current = load;

  const run = useCallback((keepData: boolean) => {
    const mine = ++generation.current;
    if (keepData) setReloading(true);
    else setState({ status: "loading" });
    loadRef.current().then(
      (data) => { if (mine === generation.current) { setState({ status: "ready", data }); setReloading(false); } },
      (error: unknown) => { if (mine === generation.current) { setState({ status: "error", error: asApiError(error) }); setReloading(false); } },
    );
  }, []);

  useEffect(() => { run(false); }, [key, run]);
  const reload = useCallback(() => { run(true); }, [run]);
  return { ...state, reload, reloading };
};
