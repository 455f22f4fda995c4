/**
 * The Connect host script's navigator, when the page runs inside a host that provides one: the sandbox's shim
 * (test/bitbucket-sim/connect-host/host-script.ts) does; whether Bitbucket's own all.js does is unconfirmed, so every use
 * is guarded and the pages work without it.
 */
interface HostAp {
  navigator?: { go?: (target: string, context: Record<string, unknown>) => void };
}

/** The configure page's module key in atlassian-connect.json. */
export const SETTINGS_MODULE_KEY = "project-access-configure";

/** A function that opens the app's Settings page in the host, or undefined when the host script offers no navigator. */
export const hostSettingsOpener = (win: Window & { AP?: HostAp } = window): (() => void) | undefined => {
  const go = win.AP?.navigator?.go;
  if (typeof go !== "function") return undefined;
  return () => { go("addonmodule", { moduleKey: SETTINGS_MODULE_KEY }); };
};
