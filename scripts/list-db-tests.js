#!/usr/bin/env node
// Prints the test files that use a database (they import test/helpers/test-database), so CI reruns exactly those on PostgreSQL.
const { execFileSync } = require("node:child_process");
const files = execFileSync("git", ["ls-files", "--cached", "--others", "--exclude-standard", "src", "test"], { encoding: "utf8" })
  .split("\n")
  .filter((f) => /\.test\.tsx?$/.test(f));
const fs = require("node:fs");
const dbTests = files.filter((f) => fs.existsSync(f) && /test-database/.test(fs.readFileSync(f, "utf8")));
if (dbTests.length === 0) {
  console.error("no database-backed tests found");
  process.exit(1);
}
process.stdout.write(dbTests.join(" "));
