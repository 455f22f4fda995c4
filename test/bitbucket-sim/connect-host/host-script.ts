/**
 * `/sandbox/all.js`: the sandbox's stand-in for Bitbucket's host script (https://bitbucket.org/atlassian-connect/all.js),
 * which the app's page shells load through AC_HOST_SCRIPT_URL. It gives the iframe a minimal `window.AP`:
 *
 * - `AP.resize(width?, height?)`: asks the host page to size the iframe; without a height, the content's height.
 *   Without `sizeToParent`, the content (`.ac-content`, else `<body>`) is watched and the iframe follows its height;
 * - `AP.sizeToParent()`: the iframe fills the host's content area (also on `data-options="sizeToParent:true"`);
 * - `AP.navigator.go("addonmodule", { moduleKey })`: opens another page module of the app in the host (e.g. its
 *   Settings page); `AP.navigator.reload()` reloads the host page, which signs a new iframe URL.
 *
 * It has no `AP.context`, no `AP.request`, no dialogs, flags or events: the app must not need them (whether Bitbucket's own
 * all.js has `AP.context.getToken()` is UNCONFIRMED, bitbucket-platform.md §2.6). Messages go by `postMessage` to the
 * origin this script was served from, and the host page accepts them only from the app's origin and its own iframe.
 */
export const HOST_SCRIPT = String.raw`/* Bitbucket simulator: minimal Connect host script (see test/bitbucket-sim/connect-host/host-script.ts) */
(function () {
  "use strict";
  if (window.AP) return;
  var script = document.currentScript;
  var hostOrigin = script && script.src ? new URL(script.src).origin : "*";
  var options = {};
  ((script && script.getAttribute("data-options")) || "").split(";").forEach(function (pair) {
    var at = pair.indexOf(":");
    if (at > 0) options[pair.slice(0, at).trim()] = pair.slice(at + 1).trim();
  });
  function post(message) {
    message.source = "sandbox-ap";
    if (window.parent !== window) window.parent.postMessage(message, hostOrigin);
  }
  function content() { return document.querySelector(".ac-content") || document.body; }
  function contentHeight() {
    var el = content();
    return el ? Math.ceil(Math.max(el.scrollHeight, el.getBoundingClientRect().height)) : 0;
  }
  var AP = {
    resize: function (width, height) {
      post({ type: "resize", width: width == null ? null : String(width), height: height == null ? String(contentHeight()) : String(height) });
    },
    sizeToParent: function () { post({ type: "sizeToParent" }); },
    navigator: {
      go: function (target, context) { post({ type: "navigate", target: String(target), context: context || {} }); },
      reload: function () { post({ type: "reload" }); }
    }
  };
  window.AP = AP;
  function start() {
    if (options.sizeToParent === "true") { AP.sizeToParent(); return; }
    if (options.resize === "false") return;
    AP.resize();
    if (typeof ResizeObserver === "function" && content()) new ResizeObserver(function () { AP.resize(); }).observe(content());
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start); else start();
})();
`;
