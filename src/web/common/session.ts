/**
 * What the page shell (views/page.hbs) hands the bundle:
 * - `<meta name="acpt" content="…">`: the ACE session token (`<meta name="token">` is accepted too), required;
 * - `<div id="root" data-project="KEY">`: the project to open (from `?project=KEY` on the page URL), optional;
 * - `<meta name="api-base" content="…">`: prefix of the app's URLs when it is not served at the root, optional;
 * - `<meta name="settings-url" content="…">` or `data-settings-url` on the root: where the Settings page opens in
 *   Bitbucket, for the "no credential" message's link, optional.
 */
export interface ShellContext {
  token: string;
  apiBase: string;
  settingsUrl: string | undefined;
  project: string | undefined;
}

const meta = (doc: Document, name: string): string | undefined =>
  doc.querySelector<HTMLMetaElement>(`meta[name="${name}"]`)?.content || undefined;

export const readShellContext = (doc: Document, root: HTMLElement | null, search: string): ShellContext => ({
  token: meta(doc, "acpt") ?? meta(doc, "token") ?? "",
  apiBase: (meta(doc, "api-base") ?? "").replace(/\/+$/, ""),
  settingsUrl: meta(doc, "settings-url") ?? (root?.dataset.settingsUrl || undefined),
  project: root?.dataset.project || new URLSearchParams(search).get("project") || undefined,
});
