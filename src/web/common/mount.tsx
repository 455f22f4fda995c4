import "@atlaskit/css-reset";
import { StrictMode, type ReactNode } from "react";
import { createRoot } from "react-dom/client";
import { setGlobalTheme } from "@atlaskit/tokens/set-global-theme";
import { createApi } from "../api/api";
import { ApiClient } from "../api/client";
import { ServicesContext } from "./ApiContext";
import { readShellContext, type ShellContext } from "./session";
import { SessionBanner } from "./SessionBanner";

/** The id of the element the shell provides for the page (give it the `ac-content` class so the iframe resizes). */
export const ROOT_ID = "root";

/** The bundle's own script element, read while it runs (a classic script, so `document.currentScript` is set). */
const bundleScript = document.currentScript instanceof HTMLScriptElement ? document.currentScript : null;

/**
 * Links the bundle's stylesheet (`<page>.css` beside `<page>.js`) unless the shell already did. Atlaskit ships its
 * styles as CSS files, which the build gathers into that one stylesheet.
 */
const ensureStylesheet = (page: string): void => {
  const script = bundleScript ?? Array.from(document.scripts).find((s) => s.src.split("?")[0]?.endsWith(`/${page}.js`));
  if (!script?.src) return;
  const href = new URL(`${page}.css`, script.src).href;
  const present = Array.from(document.querySelectorAll<HTMLLinkElement>('link[rel="stylesheet"]')).some((l) => l.href === href);
  if (present) return;
  const link = document.createElement("link");
  link.rel = "stylesheet";
  link.href = href;
  document.head.appendChild(link);
};

/** Starts a page: theme, stylesheet, API client from the shell's session token, and React in `#root`. */
export const mountPage = (page: string, render: (shell: ShellContext) => ReactNode): void => {
  ensureStylesheet(page);
  void setGlobalTheme({ colorMode: "light", contrastMode: "no-preference" });
  const rootElement = document.getElementById(ROOT_ID);
  const shell = readShellContext(document, rootElement, window.location.search);
  const client = new ApiClient({ token: shell.token, baseUrl: shell.apiBase });
  const services = { api: createApi(client), client, settingsUrl: shell.settingsUrl };
  if (!rootElement) throw new Error(`The page shell has no #${ROOT_ID} element`);
  createRoot(rootElement).render(
    <StrictMode>
      <ServicesContext.Provider value={services}>
        <SessionBanner client={client} />
        {render(shell)}
      </ServicesContext.Provider>
    </StrictMode>,
  );
};
