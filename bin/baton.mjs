#!/usr/bin/env node
// Entry point of the `baton` command. Plain JavaScript on purpose: it must run on any Node
// to tell an old one, in one line, that Baton needs Node 22 (never a crash in a native module).
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 12)) {
  process.stderr.write(
    `baton: Node.js 22.12 or newer is required (this is ${process.version}); run ./run setup, or see README "Prerequisites".\n`,
  );
  process.exit(1);
}
const { runCli } = await import('../core/cli/main.ts');
process.exitCode = await runCli(process.argv.slice(2));
