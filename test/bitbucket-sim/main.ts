import { startSimulator } from "./index";
import { DEMO, demoFixture } from "./seed/demo";

/**
 * Standalone entry: `node dist/test/bitbucket-sim/main.js [--port=N]` after `npm run build`. Starts the
 * simulator with the demo seed (port 0, a free one, by default) and prints where it listens.
 */
async function main(): Promise<void> {
  const portArg = process.argv.find((arg) => arg.startsWith("--port="));
  const port = portArg === undefined ? 0 : Number(portArg.slice("--port=".length));
  const sim = await startSimulator({ port, fixtures: [demoFixture()] });
  const basic = Buffer.from(`${DEMO.ownerEmail}:${DEMO.ownerApiToken}`).toString("base64");
  process.stdout.write([
    `Bitbucket simulator listening on ${sim.url}`,
    `Try: curl -H "Authorization: Basic ${basic}" ${sim.url}/2.0/workspaces/${DEMO.workspace}/projects`,
    `Control API: ${sim.url}/__sim/requests (see test/bitbucket-sim/README.md)`,
    "",
  ].join("\n"));
  const stop = (): void => { void sim.close().then(() => process.exit(0)); };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

void main();
