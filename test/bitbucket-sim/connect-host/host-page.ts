import type { WorkspaceRole } from "../../../src/bitbucket/types";
import type { SimUser, SimWorkspace } from "../state/model";
import type { PageModule } from "./descriptor";

export interface HostPageModel {
  workspace: SimWorkspace;
  /** Installed apps with page modules, for the navigation. */
  apps: { name: string; modules: PageModule[] }[];
  active: PageModule;
  viewer: SimUser;
  members: { user: SimUser; role: WorkspaceRole }[];
  /** The freshly signed iframe URL. */
  iframeUrl: string;
  /** Signed at (for the footer), epoch ms. */
  signedAtMs: number;
}

const escapeHtml = (text: string): string =>
  text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] ?? c);

/** `/sandbox/{workspace}/settings/{module}?as={user}`: the host page's own address for a module and viewer. */
export const hostPagePath = (workspaceSlug: string, moduleKey: string, userUuid?: string): string =>
  `/sandbox/${encodeURIComponent(workspaceSlug)}/settings/${encodeURIComponent(moduleKey)}${userUuid === undefined ? "" : `?as=${encodeURIComponent(userUuid)}`}`;

/** Bitbucket's own settings entries, shown for orientation; only the apps' entries are links. */
const NATIVE_SECTIONS: [string, string[]][] = [
  ["General", ["Workspace details", "Plan details", "Workspace links"]],
  ["Access management", ["User groups", "Access tokens", "Project access tokens"]],
  ["Workflow", ["Webhooks", "Merge strategies"]],
  ["Apps and features", ["Installed apps", "Explore more apps"]],
];

const STYLE = `
*{box-sizing:border-box}
body{margin:0;font-family:-apple-system,BlinkMacSystemFont,"Segoe UI",Roboto,"Noto Sans",Ubuntu,"Helvetica Neue",sans-serif;color:#172B4D;font-size:14px;height:100vh;display:flex;flex-direction:column}
header.top{height:56px;flex:none;display:flex;align-items:center;gap:16px;padding:0 16px;border-bottom:1px solid #DFE1E6;background:#fff}
.logo{display:flex;align-items:center;gap:8px;font-weight:600;font-size:18px;color:#0052CC;text-decoration:none}
.logo svg{width:24px;height:24px}
.top .crumb{color:#44546F}
.top .spacer{flex:1}
.top label{color:#44546F;font-size:12px}
.top select{font:inherit;padding:4px 6px;border:1px solid #DFE1E6;border-radius:3px;max-width:280px}
.banner{flex:none;background:#FFF7D6;color:#533F04;padding:6px 16px;font-size:12px;border-bottom:1px solid #F8E6A0}
.body{flex:1;display:flex;min-height:0}
nav.side{width:240px;flex:none;background:#F7F8F9;border-right:1px solid #DFE1E6;padding:16px 8px;overflow:auto}
nav.side h2{font-size:16px;margin:0 8px 16px}
nav.side h3{font-size:11px;text-transform:uppercase;color:#626F86;margin:16px 8px 4px;letter-spacing:.02em}
nav.side a,nav.side span{display:block;padding:6px 8px;border-radius:3px;color:#44546F;text-decoration:none}
nav.side span{color:#8590A2;cursor:default}
nav.side a:hover{background:#EBECF0}
nav.side a[aria-current=page]{background:#E9F2FF;color:#0C66E4;font-weight:600}
main{flex:1;display:flex;flex-direction:column;min-width:0;overflow:auto;padding:24px 32px 8px}
main h1{font-size:24px;font-weight:500;margin:0 0 16px}
main.frame{padding-top:16px}
iframe#ac-frame{width:100%;border:0;height:600px;flex:none;display:block}
iframe#ac-frame.fill{flex:1;height:auto;min-height:400px}
footer{flex:none;color:#626F86;font-size:11px;padding:8px 0}
`;

/**
 * The host page's script: follows the AP shim's messages (host-script.ts), but only from the app's origin and this
 * page's iframe, and navigates only to the modules listed on the page.
 */
const SCRIPT = `
(function () {
  var frame = document.getElementById("ac-frame");
  var appOrigin = new URL(frame.src).origin;
  var modules = JSON.parse(document.getElementById("ac-modules").textContent);
  window.addEventListener("message", function (event) {
    if (event.origin !== appOrigin || event.source !== frame.contentWindow) return;
    var m = event.data || {};
    if (m.source !== "sandbox-ap") return;
    if (m.type === "resize" && /^[0-9]+(px)?$/.test(m.height || "")) { frame.classList.remove("fill"); frame.style.height = parseInt(m.height, 10) + "px"; }
    if (m.type === "sizeToParent") { frame.style.height = ""; frame.classList.add("fill"); }
    if (m.type === "reload") window.location.reload();
    if (m.type === "navigate" && String(m.target).toLowerCase() === "addonmodule" && m.context && modules[m.context.moduleKey]) {
      window.location.href = modules[m.context.moduleKey];
    }
  });
  document.getElementById("as").addEventListener("change", function () { this.form.submit(); });
})();
`;

const LOGO = `<svg viewBox="0 0 24 24" aria-hidden="true"><path fill="#0052CC" d="M2.4 3a.6.6 0 0 0-.6.7l2.6 16.2c.1.4.4.7.9.7h13.2c.3 0 .6-.2.7-.6L21.9 3.7a.6.6 0 0 0-.6-.7H2.4Zm11.9 11.6H9.8L8.6 8.4h6.9l-1.2 6.2Z"/></svg>`;

/** Renders the workspace-settings page around the app's iframe. */
export function renderHostPage(model: HostPageModel): string {
  const { workspace: ws, viewer } = model;
  const moduleLinks: Record<string, string> = {};
  const appSections = model.apps.map((app) => {
    const links = app.modules.map((m) => {
      const href = hostPagePath(ws.slug, m.key, viewer.uuid);
      moduleLinks[m.key] = href;
      const current = m.key === model.active.key ? ' aria-current="page"' : "";
      return `<a href="${escapeHtml(href)}"${current} data-module="${escapeHtml(m.key)}">${escapeHtml(m.name.value)}</a>`;
    }).join("");
    return `<h3>${escapeHtml(app.name)}</h3>${links}`;
  }).join("");
  const native = NATIVE_SECTIONS.map(([title, items]) =>
    `<h3>${escapeHtml(title)}</h3>${items.map((i) => `<span aria-disabled="true">${escapeHtml(i)}</span>`).join("")}`).join("");
  const options = model.members.map(({ user, role }) =>
    `<option value="${escapeHtml(user.uuid)}"${user.uuid === viewer.uuid ? " selected" : ""}>${escapeHtml(user.display_name)} (${role})</option>`).join("");
  // JSON inside <script type="application/json">: "<" is escaped so no value can close the element.
  const modulesJson = JSON.stringify(moduleLinks).replace(/</g, "\\u003c");
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(model.active.name.value)} - ${escapeHtml(ws.name)} - Workspace settings - Bitbucket (sandbox)</title>
<style>${STYLE}</style>
</head>
<body>
<header class="top">
  <a class="logo" href="/sandbox">${LOGO}Bitbucket</a>
  <span class="crumb">${escapeHtml(ws.name)} / Workspace settings</span>
  <span class="spacer"></span>
  <form method="get" action="">
    <label for="as">Viewing as</label>
    <select id="as" name="as">${options}</select>
    <noscript><button type="submit">Switch</button></noscript>
  </form>
</header>
<div class="banner" role="note">Sandbox: a simulated Bitbucket Cloud on this machine. The app below was installed through the Connect lifecycle, and this page signs a new iframe JWT on every load.</div>
<div class="body">
  <nav class="side" aria-label="Workspace settings">
    <h2>Workspace settings</h2>
    ${native}
    ${appSections}
  </nav>
  <main class="frame">
    <iframe id="ac-frame" title="${escapeHtml(model.active.name.value)}" src="${escapeHtml(model.iframeUrl)}"></iframe>
    <footer>Signed in as ${escapeHtml(viewer.display_name)} · iframe JWT signed ${new Date(model.signedAtMs).toISOString()}</footer>
  </main>
</div>
<script type="application/json" id="ac-modules">${modulesJson}</script>
<script>${SCRIPT}</script>
</body>
</html>
`;
}

/** A plain page for a host-side refusal (unknown workspace, module or viewer). */
export function renderHostError(title: string, detail: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title><style>${STYLE}</style></head>` +
    `<body><main><h1>${escapeHtml(title)}</h1><p>${escapeHtml(detail)}</p><p><a href="/sandbox">All sandbox workspaces</a></p></main></body></html>`;
}
