#!/usr/bin/env node
"use strict";
// Loads the compiled command line; a clone that was never built says how to build it instead of a stack trace.
const path = require("node:path");
const fs = require("node:fs");

const main = path.join(__dirname, "..", "dist", "src", "cli", "main.js");
if (!fs.existsSync(main)) {
  process.stderr.write("project-access: the command line is not built yet; run `npm run build` in " + path.join(__dirname, "..") + "\n");
  process.exit(1);
}
require(main);
