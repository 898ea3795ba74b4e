#!/usr/bin/env node
// The `gonpm` command of the npm package: it runs the gonpm binary from the
// platform package (@scope/<os>-<cpu>) that npm installed as an optional
// dependency, the one whose "os" and "cpu" match this machine.
"use strict";

const { spawn } = require("child_process");
const wrapper = require("../package.json");

const suffix = "/" + process.platform + "-" + process.arch;
const platformPackage = Object.keys(wrapper.optionalDependencies || {}).find((name) => name.endsWith(suffix));
if (!platformPackage) {
  console.error(`gonpm: no gonpm binary is published for ${process.platform}-${process.arch}; download one from the release page or build it with go install`);
  process.exit(1);
}

const exe = process.platform === "win32" ? "gonpm.exe" : "gonpm";
let binary;
try {
  binary = require.resolve(`${platformPackage}/bin/${exe}`);
} catch {
  console.error(`gonpm: ${platformPackage} is not installed; reinstall without --omit=optional or --no-optional (npm install -g ${wrapper.name})`);
  process.exit(1);
}

const child = spawn(binary, process.argv.slice(2), { stdio: "inherit" });
// Ctrl-C reaches gonpm directly (same process group); wait for it to finish.
// A signal sent to this process alone is passed on.
process.on("SIGINT", () => {});
for (const signal of ["SIGTERM", "SIGHUP"]) {
  process.on(signal, () => child.kill(signal));
}
child.on("error", (err) => {
  console.error(`gonpm: cannot run ${binary}: ${err.message}`);
  process.exit(1);
});
child.on("exit", (code, signal) => {
  if (signal) {
    process.removeAllListeners(signal);
    process.kill(process.pid, signal);
    return;
  }
  process.exit(code);
});
